package io.osprey.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.platform.config.Setting;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SettingsOptionsTest {
  @Test
  void everyKeyIsDeclaredOnceSoOneFileCanConfigureTheWholeSystem() {
    Map<String, Setting<?>> byKey = new HashMap<>();
    for (Setting<?> setting : SettingsOptions.KNOWN) {
      Setting<?> earlier = byKey.putIfAbsent(setting.key(), setting);
      assertThat(earlier == null || earlier == setting)
          .as("key %s is declared twice with different meanings", setting.key())
          .isTrue();
    }
    assertThat(byKey).containsKeys("features.spec", "kafka.bootstrap.servers");
  }

  @Test
  void aMisspeltSettingEndsTheCommandWithItsNameAndExitCode2() {
    StringWriter err = new StringWriter();
    CommandLine cli = OspreyCli.commandLine().setErr(new PrintWriter(err));
    int exit = cli.execute("models", "list", "--set", "kafka.bootstrap.server=localhost:1");
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains("unknown setting 'kafka.bootstrap.server'")
        .contains("did you mean 'kafka.bootstrap.servers'?");
  }
}
