package io.osprey.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsKnownKeysTest {
  private static final List<Setting<?>> COMMON = Setting.declaredIn(CommonSettings.class);

  @Test
  void declaredInFindsEveryPublicSettingConstant() {
    assertThat(COMMON)
        .extracting(Setting::key)
        .contains("kafka.bootstrap.servers", "topics.prefix", "features.spec");
  }

  @Test
  void knownKeysPass() {
    Settings settings = Settings.of(Map.of("topics.prefix", "t-", "topics.partitions", "2"));
    assertThat(settings.requireKnown(COMMON)).isSameAs(settings);
  }

  @Test
  void keysUnderAnOpenPrefixPassThrough() {
    Settings settings =
        Settings.of(Map.of("kafka.client.request.timeout.ms", "5000", "topics.prefix", "t-"));

    assertThat(settings.requireKnown(COMMON, List.of("kafka.client."))).isSameAs(settings);
    assertThat(settings.withPrefix("kafka.client."))
        .containsExactly(Map.entry("request.timeout.ms", "5000"));
    assertThatThrownBy(() -> settings.requireKnown(COMMON))
        .hasMessageContaining("kafka.client.request.timeout.ms");
  }

  @Test
  void aMisspeltKeyFailsAndNamesTheClosestKnownKey() {
    Settings settings = Settings.of(Map.of("topics.prefx", "t-"));
    assertThatThrownBy(() -> settings.requireKnown(COMMON))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown setting 'topics.prefx' (did you mean 'topics.prefix'?)");
  }

  @Test
  void aKeyFarFromEveryKnownKeyGetsNoSuggestion() {
    Settings settings = Settings.of(Map.of("colour", "blue", "topics.prefix", "x"));
    assertThatThrownBy(() -> settings.requireKnown(COMMON)).hasMessage("unknown setting 'colour'");
  }

  @Test
  void editDistanceCountsSingleCharacterEdits() {
    assertThat(Settings.editDistance("kitten", "sitting")).isEqualTo(3);
    assertThat(Settings.editDistance("", "abc")).isEqualTo(3);
    assertThat(Settings.editDistance("same", "same")).isZero();
  }
}
