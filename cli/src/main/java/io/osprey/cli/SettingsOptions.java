package io.osprey.cli;

import io.osprey.ingest.IngestSettings;
import io.osprey.model.signing.ModelSigningSettings;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Setting;
import io.osprey.platform.config.Settings;
import io.osprey.platform.kafka.KafkaSecuritySettings;
import io.osprey.scoring.ScoringSettings;
import io.osprey.sources.replay.ReplaySettings;
import io.osprey.sources.simulator.SimulatorSettings;
import io.osprey.system.DemoSettings;
import io.osprey.trainer.TrainerSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options every command shares: a properties file and individual overrides. */
final class SettingsOptions {
  /**
   * Every key any Osprey component reads. One properties file may configure the whole system, so a
   * key is checked against all of them, not only the running command's.
   */
  static final List<Setting<?>> KNOWN =
      Setting.declaredIn(
          CommonSettings.class,
          KafkaSecuritySettings.class,
          ModelSigningSettings.class,
          IngestSettings.class,
          ScoringSettings.class,
          TrainerSettings.class,
          DemoSettings.class,
          SimulatorSettings.class,
          ReplaySettings.class);

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "A .properties file of settings (see README, Configuration).")
  Path config;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Overrides one setting; repeatable, applied after --config.")
  List<String> overrides = new ArrayList<>();

  /**
   * The settings of {@code --config} and {@code --set}.
   *
   * @throws IllegalArgumentException for a key no component declares (a typo would otherwise be
   *     ignored silently)
   */
  Settings load() throws IOException {
    Settings base = config == null ? Settings.empty() : Settings.fromFile(config);
    return base.overriddenBy(Settings.fromArgs(overrides.toArray(String[]::new)))
        .requireKnown(KNOWN, List.of(KafkaSecuritySettings.CLIENT_PROPERTY_PREFIX));
  }
}
