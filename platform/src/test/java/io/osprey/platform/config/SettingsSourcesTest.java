package io.osprey.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsSourcesTest {
  private static final Setting<Integer> BATCH =
      Setting.integer("trainer.batch.size", "a size", 64, 1, 1000);
  private static final Setting<String> PREFIX = Setting.text("topics.prefix", "a prefix", "");
  private static final Setting<String> GROUP = Setting.text("group-id", "a group", "g");
  private static final List<Setting<?>> KNOWN = List.of(BATCH, PREFIX, GROUP);

  @TempDir Path dir;

  @Test
  void environmentVariablesAreDerivedFromTheKey() {
    assertThat(BATCH.environmentVariable()).isEqualTo("OSPREY_TRAINER_BATCH_SIZE");
    assertThat(GROUP.environmentVariable()).isEqualTo("OSPREY_GROUP_ID");
  }

  @Test
  void commandLineBeatsEnvironmentBeatsFileBeatsDefault() throws Exception {
    Path file = properties("trainer.batch.size=2\ntopics.prefix=file-\ngroup-id=file-group\n");
    Map<String, String> environment =
        Map.of("OSPREY_TRAINER_BATCH_SIZE", "3", "OSPREY_TOPICS_PREFIX", "env-");

    Settings settings =
        SettingsSources.resolve(
            List.of(file), environment, KNOWN, Settings.of(Map.of("trainer.batch.size", "4")));

    assertThat(settings.get(BATCH)).isEqualTo(4); // command line over environment and file
    assertThat(settings.get(PREFIX)).isEqualTo("env-"); // environment over file
    assertThat(settings.get(GROUP)).isEqualTo("file-group"); // file over default
    assertThat(SettingsSources.resolve(List.of(), Map.of(), KNOWN, Settings.empty()).get(BATCH))
        .isEqualTo(64);
  }

  @Test
  void laterFilesWinOverEarlierOnes() throws Exception {
    Path first = properties("topics.prefix=first-\ngroup-id=first\n");
    Path second = properties("topics.prefix=second-\n");

    Settings settings =
        SettingsSources.resolve(List.of(first, second), Map.of(), KNOWN, Settings.empty());

    assertThat(settings.get(PREFIX)).isEqualTo("second-");
    assertThat(settings.get(GROUP)).isEqualTo("first");
  }

  @Test
  void aMainsWordsWinOverTheEnvironmentWhateverTheirOrderAmongFiles() throws Exception {
    Path file = properties("trainer.batch.size=2\ntopics.prefix=file-\n");
    Map<String, String> environment =
        Map.of("OSPREY_TRAINER_BATCH_SIZE", "3", "OSPREY_TOPICS_PREFIX", "env-");

    Settings settings =
        SettingsSources.forMain(
            new String[] {"trainer.batch.size=5", file.toString()}, environment, KNOWN);

    assertThat(settings.get(BATCH)).isEqualTo(5);
    assertThat(settings.get(PREFIX)).isEqualTo("env-");
  }

  @Test
  void onlyVariablesOfKnownKeysAreRead() {
    Settings settings =
        SettingsSources.fromEnvironment(
            Map.of("OSPREY_JAVA_OPTS", "-Xmx1g", "OSPREY_TOPICS_PREFIX", "p-", "PATH", "/bin"),
            KNOWN);

    assertThat(settings.withPrefix("")).containsExactly(Map.entry("topics.prefix", "p-"));
  }

  @Test
  void aWrongValueInTheEnvironmentNamesTheVariable() {
    assertThatThrownBy(
            () ->
                SettingsSources.fromEnvironment(Map.of("OSPREY_TRAINER_BATCH_SIZE", "lots"), KNOWN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "environment variable OSPREY_TRAINER_BATCH_SIZE: trainer.batch.size: cannot read");
  }

  private Path properties(String text) throws Exception {
    Path file = Files.createTempFile(dir, "settings", ".properties");
    Files.writeString(file, text);
    return file;
  }
}
