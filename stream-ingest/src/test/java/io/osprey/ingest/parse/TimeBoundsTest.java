package io.osprey.ingest.parse;

import static io.osprey.ingest.Fixtures.T0;
import static io.osprey.ingest.Fixtures.raw;
import static io.osprey.ingest.Fixtures.transactionJson;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.ingest.Fixtures;
import io.osprey.ingest.IngestConfig;
import io.osprey.ingest.IngestSettings;
import io.osprey.ingest.model.Rejected;
import io.osprey.platform.config.Settings;
import io.osprey.schema.features.FeatureSpecs;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The plausible time range: today's rule by default (2000-01-01 to one day ahead), moved by {@code
 * ingest.time.earliest} and {@code ingest.time.max.future}; a rejection names the bound crossed and
 * the setting that moves it, for events and labels alike.
 */
class TimeBoundsTest {
  private static final long NOW = T0 + Duration.ofMinutes(5).toMillis();
  private static final long Y2K = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();
  private static final long DAY = Duration.ofDays(1).toMillis();
  private static final long BLACK_MONDAY = Instant.parse("1987-10-19T09:30:00Z").toEpochMilli();

  @Test
  void theDefaultIsTodaysRuleFrom2000ToOneDayAhead() {
    TimeBounds bounds = IngestConfig.defaults().timeBounds();

    assertThat(bounds).isEqualTo(TimeBounds.DEFAULT);
    assertThat(bounds.problem("t", Y2K, NOW)).isNull();
    assertThat(bounds.problem("t", Y2K - 1, NOW)).isNotNull();
    assertThat(bounds.problem("t", NOW + DAY, NOW)).isNull();
    assertThat(bounds.problem("t", NOW + DAY + 1, NOW)).isNotNull();
  }

  @Test
  void aRejectionNamesTheBoundCrossedAndTheSettingThatMovesIt() {
    assertThat(TimeBounds.DEFAULT.problem("eventTime", T0 / 1000, NOW))
        .isEqualTo(
            "eventTime: "
                + T0 / 1000
                + " is before 2000-01-01, the earliest plausible time (seconds instead of"
                + " milliseconds read as 1970; older history: set ingest.time.earliest)");
    assertThat(TimeBounds.DEFAULT.problem("eventTime", NOW + 2 * DAY, NOW))
        .isEqualTo(
            "eventTime: "
                + Instant.ofEpochMilli(NOW + 2 * DAY)
                + " is more than 1d after the job's clock ("
                + Instant.ofEpochMilli(NOW)
                + "; set ingest.time.max.future)");
  }

  @Test
  void theSettingsMoveBothBounds() {
    TimeBounds bounds =
        IngestConfig.from(
                Settings.of(
                    Map.of(
                        IngestSettings.TIME_EARLIEST.key(), "1900-01-01",
                        IngestSettings.TIME_MAX_FUTURE.key(), "7d")))
            .timeBounds();

    assertThat(bounds.problem("t", BLACK_MONDAY, NOW)).isNull();
    assertThat(bounds.problem("t", NOW + 6 * DAY, NOW)).isNull();
    assertThat(bounds.problem("t", Instant.parse("1899-12-31T23:59:59Z").toEpochMilli(), NOW))
        .startsWith("t: ")
        .contains("is before 1900-01-01");
    assertThat(bounds.problem("t", NOW + 8 * DAY, NOW)).contains("is more than 7d after");
  }

  @Test
  void eventsAndLabelsOfOldHistoryPassOnceTheEarliestTimeIsMoved() {
    TimeBounds since1980 = TimeBounds.of(Instant.parse("1980-01-01T00:00:00Z"), Duration.ofDays(1));
    String payment = transactionJson("e-1", "card-1", 12.5, BLACK_MONDAY);
    String label = Fixtures.labelJson("e-1", true, BLACK_MONDAY + DAY);

    Rejected refused =
        new EventParser(4096, FeatureSpecs.load(FeatureSpecs.BUILTIN_PAYMENTS))
            .parse(raw("transactions", 0, "card-1", payment), NOW)
            .rejected();
    assertThat(refused.stage).isEqualTo(Rejected.VALIDATE);
    assertThat(refused.reason).contains("ingest.time.earliest");
    assertThat(new LabelParser(1024).parse(raw("labels", 0, "e-1", label), NOW).rejected().reason)
        .startsWith("labelTime: ")
        .contains("ingest.time.earliest");

    EventParser events =
        new EventParser(4096, 1024, FeatureSpecs.load(FeatureSpecs.BUILTIN_PAYMENTS), since1980);
    assertThat(events.parse(raw("transactions", 0, "card-1", payment), NOW).value().eventTime)
        .isEqualTo(BLACK_MONDAY);
    assertThat(
            new LabelParser(1024, 1024, since1980)
                .parse(raw("labels", 0, "e-1", label), NOW)
                .isOk())
        .isTrue();
  }
}
