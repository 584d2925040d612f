package io.osprey.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingTest {
  private static final Setting<Duration> WINDOW =
      Setting.duration("window", "a window", Duration.ofHours(1));
  private static final Setting<Integer> SIZE = Setting.integer("size", "a size", 10, 1, 100);

  @Test
  void readsDefaultsAndOverrides() {
    Settings settings = Settings.of(Map.of("window", "90s"));

    assertThat(settings.get(WINDOW)).isEqualTo(Duration.ofSeconds(90));
    assertThat(settings.get(SIZE)).isEqualTo(10);
    assertThat(settings.with(SIZE, 20).get(SIZE)).isEqualTo(20);
  }

  @Test
  void readsCommandLineWords() throws Exception {
    Settings settings = Settings.fromArgs("--window=5m", "size=3");

    assertThat(settings.get(WINDOW)).isEqualTo(Duration.ofMinutes(5));
    assertThat(settings.get(SIZE)).isEqualTo(3);
    assertThatThrownBy(() -> Settings.fromArgs("size")).hasMessageContaining("expected key=value");
  }

  @Test
  void parsesEveryDurationForm() {
    assertThat(Setting.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(Setting.parseDuration("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Setting.parseDuration("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(Setting.parseDuration("PT2H")).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void rejectsInvalidValuesNamingTheKey() {
    assertThatThrownBy(() -> Settings.of(Map.of("size", "1000")).get(SIZE))
        .hasMessage("size: '1000' is not between 1 and 100");
    assertThatThrownBy(() -> Settings.of(Map.of("window", "soon")).get(WINDOW))
        .hasMessageStartingWith("window: cannot read 'soon'");
  }

  @Test
  void readsAnInstantAsADateOrAnIsoInstantAndShowsADayAsItsDate() {
    Setting<Instant> since =
        Setting.instant("since", "a start", Instant.parse("2000-01-01T00:00:00Z"));

    assertThat(since.defaultText()).isEqualTo("2000-01-01");
    assertThat(Settings.of(Map.of("since", "1870-03-01")).get(since))
        .isEqualTo(Instant.parse("1870-03-01T00:00:00Z"));
    assertThat(Settings.of(Map.of("since", "1999-06-30T12:00:00Z")).get(since))
        .isEqualTo(Instant.parse("1999-06-30T12:00:00Z"));
    assertThatThrownBy(() -> Settings.of(Map.of("since", "last year")).get(since))
        .hasMessageStartingWith("since: cannot read 'last year'");
  }
}
