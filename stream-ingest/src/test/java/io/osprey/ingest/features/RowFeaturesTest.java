package io.osprey.ingest.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.ingest.Fixtures;
import io.osprey.ingest.model.Event;
import io.osprey.schema.features.CategoricalFeature;
import io.osprey.schema.features.FeatureSpec;
import io.osprey.schema.features.FeatureSpecs;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The features read from the event itself ({@code specs/row-features.yaml}): numeric with default,
 * clip and log1p; vocabulary with an "other" column; hashed buckets; set membership; hour and
 * weekday in a time zone. {@link FeatureEngine} alone, no Flink.
 */
class RowFeaturesTest {
  private static final FeatureSpec SPEC =
      FeatureSpecs.load(RowFeaturesTest.class.getResource("/specs/row-features.yaml").getPath());

  /** A Sunday, 23:30 UTC: already Monday 00:30 in Amsterdam (CET, UTC+1). */
  private static final long SUNDAY_NIGHT = Instant.parse("2026-01-04T23:30:00Z").toEpochMilli();

  private final FeatureEngine engine = new FeatureEngine(SPEC);

  @Test
  void theLayoutNamesEveryGeneratedColumn() {
    assertThat(SPEC.layout().names())
        .containsExactly(
            "total_log",
            "items",
            "gift",
            "channel=web",
            "channel=app",
            "channel=other",
            "channel_hash#0",
            "channel_hash#1",
            "channel_hash#2",
            "channel_hash#3",
            "channel_hash#4",
            "channel_hash#5",
            "channel_hash#6",
            "channel_hash#7",
            "is_app",
            "items_in",
            "hour_ams",
            "weekday");
  }

  @Test
  void encodesAKnownValue() {
    double[] v = values("{\"total\": 99, \"items\": 3, \"gift\": true, \"channel\": \"app\"}");
    int bucket = CategoricalFeature.bucket("app", 8);

    assertThat(v[0]).isEqualTo(Math.log1p(99));
    assertThat(v[1]).isEqualTo(3);
    assertThat(v[2]).isEqualTo(1);
    assertThat(List.of(v[3], v[4], v[5])).containsExactly(0.0, 1.0, 0.0);
    for (int b = 0; b < 8; b++) {
      assertThat(v[6 + b]).as("bucket " + b).isEqualTo(b == bucket ? 1 : 0);
    }
    assertThat(v[14]).isEqualTo(1);
    assertThat(v[15]).isEqualTo(1); // a long compared as its digits
    assertThat(v[16]).isEqualTo(0); // 00:30 in Amsterdam
    assertThat(v[17]).isEqualTo(7); // Sunday in UTC (the default zone)
  }

  @Test
  void unknownAndAbsentValuesAndClipping() {
    double[] unknown = values("{\"items\": 42, \"gift\": false, \"channel\": \"phone\"}");
    assertThat(unknown[0]).as("absent total: its default, transformed").isEqualTo(Math.log1p(9));
    assertThat(unknown[1]).as("clipped to 10").isEqualTo(10);
    assertThat(List.of(unknown[3], unknown[4], unknown[5])).containsExactly(0.0, 0.0, 1.0);
    assertThat(unknown[14]).isZero();

    double[] absent = values("{\"items\": -1, \"gift\": false}");
    assertThat(absent[1]).as("clipped to 0").isEqualTo(0);
    for (int i = 3; i <= 14; i++) {
      assertThat(absent[i]).as("an absent category sets no column: " + i).isZero();
    }
  }

  @Test
  void hashBucketsAreStableAcrossRuns() {
    // FNV-1a: the same bucket on every machine and every run (a model depends on it).
    assertThat(CategoricalFeature.bucket("JFK", 32))
        .isEqualTo(CategoricalFeature.bucket("JFK", 32));
    assertThat(CategoricalFeature.bucket("", 7)).isEqualTo((int) (0x811c9dc5L % 7));
    assertThat(CategoricalFeature.bucket("a", 1000)).isEqualTo((int) (0xe40c292cL % 1000));
  }

  private double[] values(String fields) {
    String json =
        "{\"id\":\"x\",\"shopper\":\"s\",\"at\":" + SUNDAY_NIGHT + "," + fields.substring(1);
    Event event = Fixtures.event(SPEC, json, SUNDAY_NIGHT);
    return engine.compute(event, List.of(), null);
  }
}
