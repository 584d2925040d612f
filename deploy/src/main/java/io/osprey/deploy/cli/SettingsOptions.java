package io.osprey.deploy.cli;

import io.osprey.platform.config.Settings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options every command shares: a properties file and individual overrides. */
final class SettingsOptions {
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

  Settings load() throws IOException {
    Settings base = config == null ? Settings.empty() : Settings.fromFile(config);
    return base.overriddenBy(Settings.fromArgs(overrides.toArray(String[]::new)));
  }
}
