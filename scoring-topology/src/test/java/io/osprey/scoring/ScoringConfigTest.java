package io.osprey.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.schema.features.FeatureLayout;
import io.osprey.schema.features.FeatureSpecs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScoringConfigTest {
  @Test
  void servesTheBuiltInPaymentsSpecByDefault() {
    assertThat(ScoringConfig.servedSpecHash(Settings.empty()))
        .isEqualTo(FeatureLayout.PAYMENTS.specHash());
  }

  @Test
  void servesTheConfiguredFeatureSpec() {
    Path sensors = repositoryRoot().resolve("deploy/specs/sensors.yaml");
    Settings settings = Settings.of(Map.of(CommonSettings.FEATURE_SPEC.key(), sensors.toString()));
    assertThat(ScoringConfig.servedSpecHash(settings))
        .isEqualTo(FeatureSpecs.load(sensors.toString()).hash())
        .isNotEqualTo(FeatureLayout.PAYMENTS.specHash());
  }

  @Test
  void anExplicitHashWins() {
    Settings settings = Settings.of(Map.of(ScoringSettings.SPEC_HASH.key(), "0123456789abcdef"));
    assertThat(ScoringConfig.servedSpecHash(settings)).isEqualTo("0123456789abcdef");
  }

  @Test
  void commitsEverySecondUnderAtLeastOnceAndEvery100MsUnderExactlyOnceByDefault() {
    assertThat(ScoringConfig.commitInterval(Settings.empty())).isEqualTo(Duration.ofSeconds(1));
    Settings exactlyOnce =
        Settings.empty()
            .with(ScoringSettings.PROCESSING_GUARANTEE, ScoringSettings.Guarantee.EXACTLY_ONCE_V2);
    assertThat(ScoringConfig.commitInterval(exactlyOnce)).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void aGivenCommitIntervalWinsOverTheGuaranteesDefault() {
    Settings settings = Settings.of(Map.of(ScoringSettings.COMMIT_INTERVAL.key(), "250ms"));
    assertThat(ScoringConfig.commitInterval(settings)).isEqualTo(Duration.ofMillis(250));
    assertThat(
            ScoringTopology.streamsConfig(settings)
                .get(org.apache.kafka.streams.StreamsConfig.COMMIT_INTERVAL_MS_CONFIG))
        .isEqualTo(250L);
  }

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (!Files.isDirectory(dir.resolve("deploy/specs"))) {
      dir = dir.getParent();
    }
    return dir;
  }
}
