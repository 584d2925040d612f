package io.osprey.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.platform.kafka.KafkaSecuritySettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SettingsCatalogueTest {
  /** Declares one key twice over: {@code a.b} and {@code a-b} share a variable. */
  public static final class Clashing {
    public static final Setting<String> DOTTED = Setting.text("a.b", "dotted", "");
    public static final Setting<String> DASHED = Setting.text("a-b", "dashed", "");
  }

  /** Keys of every shape, to render. */
  public static final class Sample {
    public static final Setting<Duration> WINDOW =
        Setting.duration(
            "sample.window",
            "How long a sample is kept; a description long enough to be wrapped over more than one"
                + " line of the plain table | with a pipe.",
            Duration.ofMillis(1500));
    public static final Setting<String> NAME = Setting.text("sample.name", "A name.", "");
  }

  private static final SettingsCatalogue SAMPLE =
      SettingsCatalogue.builder().section("sample", Sample.class).build();

  @Test
  void sectionsKeepTheirOrderAndEveryKey() {
    SettingsCatalogue catalogue =
        SettingsCatalogue.builder()
            .section("common", CommonSettings.class)
            .section("kafka security", KafkaSecuritySettings.class)
            .build();

    assertThat(catalogue.sections())
        .extracting(SettingsCatalogue.Section::component)
        .containsExactly("common", "kafka security");
    assertThat(catalogue.settings())
        .containsAll(Setting.declaredIn(CommonSettings.class))
        .containsAll(Setting.declaredIn(KafkaSecuritySettings.class))
        .hasSize(
            Setting.declaredIn(CommonSettings.class).size()
                + Setting.declaredIn(KafkaSecuritySettings.class).size());
  }

  @Test
  void aVariableThatTwoKeysWouldShareIsRefused() {
    assertThatThrownBy(() -> SettingsCatalogue.builder().section("x", Clashing.class).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("OSPREY_A_B");
  }

  @Test
  void theSameKeyInTwoSectionsIsRefused() {
    assertThatThrownBy(
            () ->
                SettingsCatalogue.builder()
                    .section("one", CommonSettings.class)
                    .section("two", CommonSettings.class)
                    .build())
        .hasMessageContaining("kafka.bootstrap.servers");
  }

  @Test
  void defaultsAreShownAsTheyAreWritten() {
    assertThat(Sample.WINDOW.defaultText()).isEqualTo("1500ms");
    assertThat(Setting.format(Duration.ofMinutes(90))).isEqualTo("90m");
    assertThat(Setting.format(Duration.ofDays(30))).isEqualTo("30d");
    assertThat(CommonSettings.PREDICTION_FORMAT.defaultText()).isEqualTo("json");
    assertThat(
            CommonSettings.PREDICTION_FORMAT.parse(CommonSettings.PREDICTION_FORMAT.defaultText()))
        .isEqualTo(CommonSettings.PREDICTION_FORMAT.defaultValue());
  }

  @Test
  void thePlainTableAlignsColumnsAndWrapsDescriptions() {
    String[] lines = SettingsTable.plain(SAMPLE).split("\\R");

    assertThat(lines[0]).startsWith("KEY").contains("DEFAULT", "ENVIRONMENT", "DESCRIPTION");
    assertThat(lines[2]).isEqualTo("sample");
    assertThat(lines[3])
        .startsWith("sample.window  1500ms   OSPREY_SAMPLE_WINDOW  How long a sample is kept;");
    int column = lines[3].indexOf("How long");
    assertThat(lines[4]).startsWith(" ".repeat(column)).doesNotStartWith(" ".repeat(column + 1));
    assertThat(lines)
        .allSatisfy(
            line ->
                assertThat(line.length())
                    .isLessThanOrEqualTo(column + SettingsTable.DESCRIPTION_WIDTH));
    assertThat(lines[lines.length - 1]).startsWith("sample.name    \"\"       OSPREY_SAMPLE_NAME");
  }

  @Test
  void theMarkdownTableHasOneRowPerKeyWithPipesEscaped() {
    String markdown = SettingsTable.markdown(SAMPLE);

    assertThat(markdown.split("\n")).hasSize(4);
    assertThat(markdown)
        .contains("| sample | `sample.window` | `1500ms` | `OSPREY_SAMPLE_WINDOW` | How long")
        .contains("plain table \\| with a pipe.")
        .contains("| sample | `sample.name` | `\"\"` | `OSPREY_SAMPLE_NAME` | A name. |");
  }

  @Test
  void wrapBreaksBetweenWords() {
    assertThat(SettingsTable.wrap("one two three four", 9))
        .containsExactly("one two", "three", "four");
    assertThat(SettingsTable.wrap("unbreakablelongword x", 5))
        .containsExactly("unbreakablelongword", "x");
  }
}
