package io.osprey.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.platform.config.Settings;
import io.osprey.scoring.ScoringSettings.LastPredictions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where each entity's last prediction is kept, per {@code scoring.last.predictions}. */
class LastPredictionStoreTest {
  @Test
  void replicatedByDefaultWithAChangelog() {
    ScoringConfig settings = ScoringConfig.from(Settings.empty());
    assertThat(settings.lastPredictions()).isEqualTo(LastPredictions.REPLICATED);
    assertThat(LastPredictionStore.enabled(settings)).isTrue();
    assertThat(LastPredictionStore.builder(settings).loggingEnabled()).isTrue();
  }

  @Test
  void localKeepsTheStoreWithoutAChangelog() {
    ScoringConfig settings = with("local", "0");
    assertThat(LastPredictionStore.enabled(settings)).isTrue();
    assertThat(LastPredictionStore.builder(settings).loggingEnabled()).isFalse();
  }

  @Test
  void offOrNoEndpointKeepsNothing() {
    assertThat(LastPredictionStore.enabled(with("off", "0"))).isFalse();
    assertThat(LastPredictionStore.enabled(with("replicated", "-1"))).isFalse();
  }

  private static ScoringConfig with(String lastPredictions, String httpPort) {
    return ScoringConfig.from(
        Settings.of(
            Map.of(
                ScoringSettings.LAST_PREDICTIONS.key(), lastPredictions,
                ScoringSettings.HTTP_PORT.key(), httpPort)));
  }
}
