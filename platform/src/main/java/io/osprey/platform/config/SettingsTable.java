package io.osprey.platform.config;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link SettingsCatalogue} as text: a plain table for a terminal, or a Markdown table a README
 * can include. One row per key: key, default, environment variable, description.
 */
public final class SettingsTable {
  /** Descriptions are wrapped to this many characters in the plain table. */
  static final int DESCRIPTION_WIDTH = 72;

  private static final String[] HEADINGS = {"KEY", "DEFAULT", "ENVIRONMENT", "DESCRIPTION"};

  private SettingsTable() {}

  /**
   * One block per section: a heading line, then aligned columns; a long description continues on
   * the next lines under its column.
   */
  public static String plain(SettingsCatalogue catalogue) {
    List<Setting<?>> all = catalogue.settings();
    int keyWidth = width(HEADINGS[0], all.stream().map(Setting::key).toList());
    int defaultWidth = width(HEADINGS[1], all.stream().map(SettingsTable::shownDefault).toList());
    int envWidth = width(HEADINGS[2], all.stream().map(Setting::environmentVariable).toList());
    String format = "%-" + keyWidth + "s  %-" + defaultWidth + "s  %-" + envWidth + "s  %s%n";
    String indent = " ".repeat(keyWidth + defaultWidth + envWidth + 6);

    StringBuilder out = new StringBuilder();
    out.append(String.format(format, (Object[]) HEADINGS));
    for (SettingsCatalogue.Section section : catalogue.sections()) {
      out.append(System.lineSeparator()).append(section.component()).append(System.lineSeparator());
      for (Setting<?> setting : section.settings()) {
        List<String> lines = wrap(setting.description(), DESCRIPTION_WIDTH);
        out.append(
            String.format(
                format,
                setting.key(),
                shownDefault(setting),
                setting.environmentVariable(),
                lines.get(0)));
        for (String line : lines.subList(1, lines.size())) {
          out.append(indent).append(line).append(System.lineSeparator());
        }
      }
    }
    return out.toString();
  }

  /** One Markdown table with a component column; pipes in a text are escaped. */
  public static String markdown(SettingsCatalogue catalogue) {
    StringBuilder out = new StringBuilder();
    out.append("| Component | Key | Default | Environment variable | Description |\n");
    out.append("| --- | --- | --- | --- | --- |\n");
    for (SettingsCatalogue.Section section : catalogue.sections()) {
      for (Setting<?> setting : section.settings()) {
        out.append("| ")
            .append(cell(section.component()))
            .append(" | `")
            .append(cell(setting.key()))
            .append("` | `")
            .append(cell(shownDefault(setting)))
            .append("` | `")
            .append(setting.environmentVariable())
            .append("` | ")
            .append(cell(setting.description()))
            .append(" |\n");
      }
    }
    return out.toString();
  }

  /** An empty default shown as {@code ""}, so that the column never looks like a gap. */
  private static String shownDefault(Setting<?> setting) {
    String text = setting.defaultText();
    return text.isEmpty() ? "\"\"" : text;
  }

  private static int width(String heading, List<String> values) {
    return Math.max(heading.length(), values.stream().mapToInt(String::length).max().orElse(0));
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }

  /** {@code text} in lines of at most {@code width} characters, broken between words. */
  static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.trim().split("\\s+")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    lines.add(line.toString());
    return lines;
  }
}
