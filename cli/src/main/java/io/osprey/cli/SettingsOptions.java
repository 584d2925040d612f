package io.osprey.cli;

import io.osprey.platform.config.Setting;
import io.osprey.platform.config.Settings;
import io.osprey.platform.config.SettingsSources;
import io.osprey.platform.kafka.KafkaSecuritySettings;
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
  static final List<Setting<?>> KNOWN = OspreySettings.CATALOGUE.settings();

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "A .properties file of settings (see README, Configuration).")
  Path config;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description =
          "Overrides one setting; repeatable, wins over its environment variable and --config.")
  List<String> overrides = new ArrayList<>();

  /**
   * The settings of {@code --config}, the environment and {@code --set}, layered by {@link
   * SettingsSources}: {@code --set} wins over the environment, which wins over {@code --config}.
   *
   * @throws IllegalArgumentException for a key no component declares (a typo would otherwise be
   *     ignored silently)
   */
  Settings load() throws IOException {
    return SettingsSources.resolve(
            config == null ? List.of() : List.of(config),
            System.getenv(),
            KNOWN,
            Settings.fromArgs(overrides.toArray(String[]::new)))
        .requireKnown(KNOWN, List.of(KafkaSecuritySettings.CLIENT_PROPERTY_PREFIX));
  }
}
