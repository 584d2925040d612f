package io.osprey.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.ingest.IngestSettings.Delivery;
import io.osprey.ingest.IngestSettings.RestartStrategy;
import io.osprey.ingest.IngestSettings.StateBackend;
import io.osprey.platform.config.Settings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestSettingsTest {
  @Test
  void defaultsSuitTheEmbeddedDemo() {
    IngestConfig config = IngestConfig.defaults();
    assertThat(config.maturityWindow()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.bufferTimeoutMs()).isEqualTo(5);
    assertThat(config.maxRecordBytes()).isEqualTo(65536);
    assertThat(config.stateBackend()).isEqualTo(StateBackend.HASHMAP);
    assertThat(config.delivery()).isEqualTo(Delivery.AT_LEAST_ONCE);
    assertThat(config.outOfOrderness()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.labelCorrectionHorizon()).isEqualTo(Duration.ofHours(1));
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
  void batchModeNeedsFileInputs() {
    assertThatThrownBy(
            () ->
                IngestJob.kafka(
                    Settings.empty().with(IngestSettings.MODE, IngestSettings.Mode.BATCH)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ingest.input.transactions");
  }
}
