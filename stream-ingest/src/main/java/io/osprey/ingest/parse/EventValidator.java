package io.osprey.ingest.parse;

import io.osprey.ingest.model.Event;
import io.osprey.ingest.model.EventLayout;
import io.osprey.schema.features.FieldSpec;
import io.osprey.schema.features.FieldType;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The spec's rules on a well-formed event, field by field in the order the spec declares them: a
 * required string is not blank; a string is in its {@code enum} and matches its {@code pattern}; a
 * number is within its bounds; every timestamp is within the {@link TimeBounds}. The first broken
 * rule is the reason of the dead letter, naming the field ({@code "amount: expected a value > 0 and
 * < 1000000000, got -1.0"}).
 */
final class EventValidator {
  private final EventLayout layout;
  private final TimeBounds timeBounds;
  private final Pattern[] patterns;

  EventValidator(EventLayout layout, TimeBounds timeBounds) {
    this.layout = layout;
    this.timeBounds = timeBounds;
    this.patterns = new Pattern[layout.size()];
    for (int i = 0; i < layout.size(); i++) {
      String pattern = layout.field(i).pattern();
      patterns[i] = pattern == null ? null : Pattern.compile(pattern);
    }
  }

  /** The first broken rule, or null when the event is valid; {@code now} is processing time. */
  String problem(Event event, long now) {
    for (int i = 0; i < layout.size(); i++) {
      if (!event.present[i]) {
        continue; // absent optional field: nothing to check (the decoder enforced "required")
      }
      FieldSpec field = layout.field(i);
      String problem =
          switch (field.type()) {
            case STRING -> text(field, event.texts[i], patterns[i]);
            case LONG -> number(field, event.longs[i]);
            case DOUBLE -> number(field, event.doubles[i]);
            case TIMESTAMP -> timeBounds.problem(field.name(), event.longs[i], now);
            case BOOLEAN -> null;
          };
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  private static String text(FieldSpec field, String value, Pattern pattern) {
    if (value.isBlank()) {
      return field.required() ? field.name() + ": must not be blank" : null;
    }
    if (!field.allowed().isEmpty() && !field.allowed().contains(value)) {
      return field.name()
          + ": expected one of "
          + String.join(", ", field.allowed())
          + ", got '"
          + value
          + "'";
    }
    if (pattern != null && !pattern.matcher(value).matches()) {
      return field.name() + ": expected to match " + pattern + ", got '" + value + "'";
    }
    return null;
  }

  private static String number(FieldSpec field, double value) {
    boolean ok =
        (field.min() == null || value >= field.min())
            && (field.max() == null || value <= field.max())
            && (field.greaterThan() == null || value > field.greaterThan())
            && (field.lessThan() == null || value < field.lessThan());
    if (ok) {
      return null;
    }
    String shown = field.type() == FieldType.LONG ? Long.toString((long) value) : "" + value;
    return field.name() + ": expected a value " + bounds(field) + ", got " + shown;
  }

  private static String bounds(FieldSpec field) {
    List<String> parts = new ArrayList<>();
    if (field.min() != null) {
      parts.add(">= " + format(field.min()));
    }
    if (field.greaterThan() != null) {
      parts.add("> " + format(field.greaterThan()));
    }
    if (field.max() != null) {
      parts.add("<= " + format(field.max()));
    }
    if (field.lessThan() != null) {
      parts.add("< " + format(field.lessThan()));
    }
    return String.join(" and ", parts);
  }

  private static String format(double bound) {
    return bound == Math.rint(bound) && Math.abs(bound) < 1e15
        ? Long.toString((long) bound)
        : Double.toString(bound);
  }
}
