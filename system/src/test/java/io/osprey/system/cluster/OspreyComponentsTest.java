package io.osprey.system.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.platform.config.Settings;
import io.osprey.scoring.ScoringSettings;
import io.osprey.scoring.ScoringSettings.Guarantee;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the cluster's own Osprey processes are started with: the scorers' guarantee. */
class OspreyComponentsTest {
  @TempDir Path dir;

  private OspreyComponents components(Map<String, String> user) throws Exception {
    ClusterLayout layout = ClusterLayout.openOrCreate(dir, 3, 2, false);
    return new OspreyComponents(
        layout,
        OspreyComponents.forCluster(Settings.of(user), layout),
        new Launcher("io.osprey.cli.OspreyCli", "osprey.jar"),
        dir.resolve("log4j2.xml"),
        Optional.empty());
  }

  /** The values of {@code key} in a spec's {@code --set key=value} arguments, in order. */
  private static List<String> setValues(ProcessSpec spec, String key) {
    List<String> values = new ArrayList<>();
    List<String> command = spec.command();
    for (int i = 0; i + 1 < command.size(); i++) {
      if (command.get(i).equals("--set") && command.get(i + 1).startsWith(key + "=")) {
        values.add(command.get(i + 1).substring(key.length() + 1));
      }
    }
    return values;
  }

  private static Guarantee scorerGuarantee(ProcessSpec spec) {
    List<String> given = setValues(spec, ScoringSettings.PROCESSING_GUARANTEE.key());
    assertThat(given).as(spec.name() + " " + spec.command()).hasSize(1);
    return ScoringSettings.PROCESSING_GUARANTEE.parse(given.get(0));
  }

  @Test
  void everyScorerRunsExactlyOnceByDefault() throws Exception {
    OspreyComponents components = components(Map.of());

    assertThat(components.scoringGuarantee()).isEqualTo(Guarantee.EXACTLY_ONCE_V2);
    assertThat(scorerGuarantee(components.scorerSpec(1))).isEqualTo(Guarantee.EXACTLY_ONCE_V2);
    assertThat(scorerGuarantee(components.scorerSpec(2))).isEqualTo(Guarantee.EXACTLY_ONCE_V2);
    // The cluster's own key is not passed on, and only scorers get the scorer's guarantee.
    assertThat(components.scorerSpec(1).command()).noneMatch(a -> a.startsWith("cluster."));
    assertThat(setValues(components.trainerSpec(), ScoringSettings.PROCESSING_GUARANTEE.key()))
        .isEmpty();
  }

  @Test
  void theClusterSettingChoosesTheScorersGuarantee() throws Exception {
    OspreyComponents components =
        components(Map.of(ClusterSettings.SCORING_GUARANTEE.key(), "at_least_once"));

    assertThat(scorerGuarantee(components.scorerSpec(1))).isEqualTo(Guarantee.AT_LEAST_ONCE);
    assertThat(scorerGuarantee(components.scorerSpec(2))).isEqualTo(Guarantee.AT_LEAST_ONCE);
  }

  @Test
  void theScorersOwnKeyIsAcceptedWhenItAgrees() throws Exception {
    OspreyComponents components =
        components(
            Map.of(
                ClusterSettings.SCORING_GUARANTEE.key(), "at_least_once",
                ScoringSettings.PROCESSING_GUARANTEE.key(), "AT_LEAST_ONCE"));

    assertThat(scorerGuarantee(components.scorerSpec(1))).isEqualTo(Guarantee.AT_LEAST_ONCE);
  }

  @Test
  void aConflictingScorerGuaranteeIsRefusedNamingBothSettings() throws Exception {
    OspreyComponents againstDefault =
        components(Map.of(ScoringSettings.PROCESSING_GUARANTEE.key(), "at_least_once"));
    OspreyComponents againstOverride =
        components(
            Map.of(
                ClusterSettings.SCORING_GUARANTEE.key(), "at_least_once",
                ScoringSettings.PROCESSING_GUARANTEE.key(), "exactly_once_v2"));

    assertThatThrownBy(() -> againstDefault.scorerSpec(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scoring.processing.guarantee=at_least_once")
        .hasMessageContaining("cluster.scoring.guarantee=exactly_once_v2 (its default)")
        .hasMessageContaining("--set cluster.scoring.guarantee=at_least_once");
    assertThatThrownBy(againstOverride::scoringGuarantee)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scoring.processing.guarantee=exactly_once_v2")
        .hasMessageContaining("cluster.scoring.guarantee=at_least_once");
  }
}
