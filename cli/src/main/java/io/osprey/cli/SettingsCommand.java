package io.osprey.cli;

import io.osprey.platform.config.SettingsSources;
import io.osprey.platform.config.SettingsTable;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./osprey settings}: every key, its default, its environment variable and its meaning. The
 * precedence its help states is the one {@link SettingsSources} applies.
 */
@Command(
    name = "settings",
    mixinStandardHelpOptions = true,
    description = {
      "Lists every setting: key, default, environment variable, description.",
      "A key is set, strongest first, by --set KEY=VALUE, by its environment variable, by a"
          + " --config file, or else takes its default."
    })
final class SettingsCommand implements Callable<Integer> {
  @Option(names = "--markdown", description = "Print a Markdown table (for the README).")
  boolean markdown;

  @Override
  public Integer call() {
    System.out.print(
        markdown
            ? SettingsTable.markdown(OspreySettings.CATALOGUE)
            : SettingsTable.plain(OspreySettings.CATALOGUE));
    return 0;
  }
}
