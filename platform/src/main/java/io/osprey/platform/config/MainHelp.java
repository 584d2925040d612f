package io.osprey.platform.config;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * {@code --help} of a component's own main (the entrypoint of its image): a usage line and the
 * settings it reads, with their defaults and environment variables, so that an operator can write a
 * manifest from {@code docker run IMAGE --help} alone.
 */
public final class MainHelp {
  private MainHelp() {}

  public static boolean requested(String[] args) {
    return Arrays.stream(args).anyMatch(a -> a.equals("--help") || a.equals("-h"));
  }

  /**
   * Prints the usage of {@code component}.
   *
   * @param holders the classes declaring the settings it reads
   */
  public static void print(
      PrintStream out, String component, String description, Class<?>... holders) {
    out.println("Usage: " + component + " [settings.properties ...] [key=value ...]");
    out.println(description);
    out.println(
        "Settings: from .properties files, then environment variables, then key=value words"
            + " (the last wins).");
    out.println();
    out.print(SettingsTable.plain(SettingsCatalogue.builder().section(component, holders).build()));
  }
}
