package io.osprey.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.ingest.IngestSettings.Delivery;
import io.osprey.ingest.IngestSettings.MaturityClock;
import io.osprey.ingest.IngestSettings.RestartStrategy;
import io.osprey.ingest.IngestSettings.StateBackend;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.schema.features.FeatureLayout;
import io.osprey.schema.features.SpecException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestSettingsTest {
  @Test
  void defaultsSuitTheEmbeddedDemo() {
    IngestConfig config = IngestConfig.defaults();
    assertThat(config.maturityWindow()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.bufferTimeoutMs()).isEqualTo(1);
    assertThat(config.maxRecordBytes()).isEqualTo(65536);
    assertThat(config.stateBackend()).isEqualTo(StateBackend.HASHMAP);
    assertThat(config.delivery()).isEqualTo(Delivery.AT_LEAST_ONCE);
    assertThat(config.outOfOrderness()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.labelCorrectionHorizon()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void deadLettersAreBoundedWellBelowTheSinksGuardOrTheJobDoesNotStart() {
    IngestConfig config = IngestConfig.defaults();
    assertThat(config.maxKeyBytes()).isEqualTo(1024);
    assertThat(config.deadLetterMaxValueBytes()).isEqualTo(65536);
    assertThat(config.sinkMaxRecordBytes()).isEqualTo(1_000_000);

    assertThatThrownBy(
            () ->
                IngestConfig.from(
                    Settings.of(
                        Map.of(
                            "ingest.dead.letter.max.value.bytes", "524288",
                            "ingest.sink.max.record.bytes", "524288"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ingest.dead.letter.max.value.bytes");
  }

  @Test
  void readsFlinkStyleNames() {
    IngestConfig config =
        IngestConfig.from(
            Settings.of(
                Map.of(
                    "ingest.state.backend", "rocksdb",
                    "ingest.restart.strategy", "fixed-delay",
                    "ingest.maturity.window", "2d",
                    "ingest.delivery.guarantee", "exactly-once")));
    assertThat(config.delivery()).isEqualTo(Delivery.EXACTLY_ONCE);
    assertThat(config.stateBackend().flinkName()).isEqualTo("rocksdb");
    assertThat(config.restartStrategy()).isEqualTo(RestartStrategy.FIXED_DELAY);
    assertThat(config.restartStrategy().flinkName()).isEqualTo("fixed-delay");
    assertThat(config.maturityWindow()).isEqualTo(Duration.ofDays(2));
  }

  @Test
  void theFeatureSpecIsTheBuiltInPaymentSpecUnlessSet() {
    assertThat(IngestConfig.defaults().spec().layout()).isEqualTo(FeatureLayout.PAYMENTS);
    assertThat(IngestConfig.defaults().maturityClock()).isEqualTo(MaturityClock.PROCESSING);
    assertThat(
            IngestConfig.from(Settings.of(Map.of("ingest.maturity.clock", "event")))
                .maturityClock())
        .isEqualTo(MaturityClock.EVENT);
  }

  @Test
  void aWrongSpecFailsWhenTheJobIsBuiltNamingTheLine(@TempDir Path dir) throws Exception {
    Path spec =
        Files.writeString(
            dir.resolve("bad.yaml"),
            Files.readString(Fixtures.DATASET_SPECS.resolve("sensors.yaml"))
                .replace("window: 10m", "window: 0m"));
    Settings settings = Settings.empty().with(CommonSettings.FEATURE_SPEC, spec.toString());

    assertThatThrownBy(() -> IngestWiring.kafka(settings))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("bad.yaml line ")
        .hasMessageContaining("window: must be positive, got '0m'");
  }

  @Test
  void batchModeNeedsFileInputs() {
    assertThatThrownBy(
            () ->
                IngestWiring.kafka(
                    Settings.empty().with(IngestSettings.MODE, IngestSettings.Mode.BATCH)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ingest.input.transactions");
  }
}
