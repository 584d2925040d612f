package io.osprey.schema.features;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small specs written to files, for the spec tests. */
final class SpecFiles {
  /**
   * A valid spec using every kind of feature; tests break one line of it at a time. Line numbers
   * matter: the error tests name them.
   */
  static final String VALID =
      """
      name: shop
      event:
        format: json
        id: orderId
        entity: customer
        time: placedAt
        fields:
          orderId: string
          customer: {type: string}
          placedAt: timestamp
          total: {type: double, min: 0, max: 100000}
          items: {type: long, required: false}
          coupon: {type: string, required: false, pattern: "[A-Z0-9]{4,10}"}
          channel: {type: string, enum: [web, app]}
          gift: {type: boolean, required: false}
      features:
        - name: total_log
          kind: numeric
          field: total
          transform: log1p
        - {name: items, kind: numeric, field: items, clip: [0, 50], default: 1}
        - {name: channel, kind: categorical, field: channel, encoding: vocabulary, values: [web, app], other: true}
        - {name: coupon, kind: categorical, field: coupon, encoding: hash, buckets: 4}
        - {name: is_app, kind: categorical, field: channel, encoding: in, values: [app]}
        - {name: hour, kind: time, part: hour_of_day, zone: Europe/Amsterdam}
        - name: orders_1h
          kind: aggregate
          function: count
          window: 1h
        - {name: spend_mean_7d, kind: aggregate, function: mean, field: total, window: 7d}
        - {name: since_last, kind: aggregate, function: time_since_last, cap: 30d, transform: log1p}
        - {name: channel_changed, kind: aggregate, function: changed, field: channel, window: 1d}
      """;

  private SpecFiles() {}

  static Path write(Path dir, String fileName, String text) {
    try {
      return Files.writeString(dir.resolve(fileName), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@link #VALID} with its 1-based line {@code line} replaced by {@code replacement}. */
  static String withLine(int line, String replacement) {
    String[] lines = VALID.split("\n", -1);
    lines[line - 1] = replacement;
    return String.join("\n", lines);
  }

  static FeatureSpec load(Path dir, String fileName, String text) {
    return FeatureSpecs.load(write(dir, fileName, text).toString());
  }
}
