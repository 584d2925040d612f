package io.osprey.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.ingest.IngestSettings;
import io.osprey.platform.config.Settings;
import io.osprey.sources.simulator.DriftShift;
import io.osprey.sources.simulator.SimulatorSettings;
import io.osprey.trainer.drift.DriftSettings;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoScenarioTest {
  @Test
  void theDriftScenarioShiftsTheSimulatorAndRetrainsFromTheDemosLake() {
    Settings settings =
        DemoScenario.named("drift").apply(Settings.of(Map.of("demo.data.dir", "/tmp/osprey-x")));

    assertThat(settings.get(SimulatorSettings.DRIFT)).isEqualTo(DriftShift.Kind.AMOUNTS);
    assertThat(settings.get(DriftSettings.ACTION)).isEqualTo(DriftSettings.Action.RETRAIN);
    assertThat(settings.get(IngestSettings.LAKE_ROOT))
        .isEqualTo(Path.of("/tmp/osprey-x/lake").toString())
        .isEqualTo(settings.get(DriftSettings.RETRAIN_LAKE));
  }

  @Test
  void whatTheUserSetsWins() {
    Settings settings =
        DemoScenario.DRIFT.apply(
            Settings.of(Map.of("simulator.scenario.drift", "NEW_FRAUD", "drift.action", "NOTIFY")));

    assertThat(settings.get(SimulatorSettings.DRIFT)).isEqualTo(DriftShift.Kind.NEW_FRAUD);
    assertThat(settings.get(DriftSettings.ACTION)).isEqualTo(DriftSettings.Action.NOTIFY);
  }

  @Test
  void anUnknownScenarioIsRefusedByName() {
    assertThatThrownBy(() -> DemoScenario.named("earthquake"))
        .hasMessageContaining("earthquake")
        .hasMessageContaining("drift");
  }
}
