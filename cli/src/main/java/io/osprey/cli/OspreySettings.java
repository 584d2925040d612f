package io.osprey.cli;

import io.osprey.console.ConsoleSettings;
import io.osprey.ingest.IngestSettings;
import io.osprey.model.signing.ModelSigningSettings;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.SettingsCatalogue;
import io.osprey.platform.kafka.KafkaSecuritySettings;
import io.osprey.scoring.ScoringSettings;
import io.osprey.sources.replay.ReplaySettings;
import io.osprey.sources.simulator.SimulatorSettings;
import io.osprey.system.DemoSettings;
import io.osprey.system.cluster.ClusterSettings;
import io.osprey.trainer.TrainerSettings;
import io.osprey.trainer.drift.DriftSettings;

/**
 * Which classes declare the keys of each Osprey component: the catalogue every command checks its
 * settings against and {@code ./osprey settings} prints. A new settings class is added here (a test
 * fails until it is).
 */
final class OspreySettings {
  static final SettingsCatalogue CATALOGUE =
      SettingsCatalogue.builder()
          .section("every process", CommonSettings.class)
          .section("kafka security (every client)", KafkaSecuritySettings.class)
          .section("model signing (trainer, scorer, ./osprey models)", ModelSigningSettings.class)
          .section("stream-ingest", IngestSettings.class)
          .section("scoring-topology", ScoringSettings.class)
          .section("online-trainer", TrainerSettings.class)
          .section("drift (monitor and actions, in the trainer)", DriftSettings.class)
          .section("demo (./osprey demo)", DemoSettings.class)
          .section("local cluster (./osprey cluster)", ClusterSettings.class)
          .section("console (demo, scorer)", ConsoleSettings.class)
          .section("simulator", SimulatorSettings.class)
          .section("replay (./osprey replay)", ReplaySettings.class)
          .build();

  private OspreySettings() {}
}
