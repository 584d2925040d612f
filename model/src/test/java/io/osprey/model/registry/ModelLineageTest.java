package io.osprey.model.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.model.ModelEnvelopes;
import io.osprey.model.dl4j.Dl4jMlp;
import io.osprey.model.dl4j.MlpShape;
import io.osprey.model.signing.EnvelopeTrust;
import io.osprey.model.signing.TestSigning;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.TrainingWindow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the envelopes of one model add up to, without a broker. */
class ModelLineageTest {
  private static final String NAME = "fraud";
  private static final EnvelopeTrust TRUST =
      new EnvelopeTrust(TestSigning.TRUSTED, false, 1_000_000);
  private static final long NOW = 1_800_000_000_000L;

  @Test
  void theChampionIsTheHighestChampionAndTheLatestTheHighestVersion() {
    ModelEnvelope v1 = published(1, ModelEnvelopes.CHAMPION);
    ModelEnvelope v2 = published(2, ModelEnvelopes.CHAMPION);
    ModelEnvelope v3 = published(3, ModelEnvelopes.CHALLENGER);

    ModelLineage lineage = ModelLineage.of(NAME, TRUST, List.of(v1, v2, v3));

    assertThat(lineage.latest()).map(ModelEnvelope::getVersion).hasValue(3L);
    assertThat(lineage.champion()).map(ModelEnvelope::getVersion).hasValue(2L);
    assertThat(lineage.previousGood()).map(ModelEnvelope::getVersion).hasValue(1L);
    assertThat(lineage.nextVersion()).isEqualTo(4);
    assertThat(ModelLineage.empty(NAME, TRUST).previousGood()).isEmpty();
    assertThat(ModelLineage.empty(NAME, TRUST).nextVersion()).isEqualTo(1);
  }

  @Test
  void aRollbackNamesTheVersionItReplacedWhichIsNeverPreviousGoodAgain() {
    ModelEnvelope v1 = published(1, ModelEnvelopes.CHAMPION);
    ModelEnvelope v2 = published(2, ModelEnvelopes.CHAMPION);
    ModelEnvelope v3 = published(3, ModelEnvelopes.CHAMPION);
    ModelLineage before = ModelLineage.of(NAME, TRUST, List.of(v1, v2, v3));
    assertThat(before.previousGood()).hasValue(v2);

    ModelEnvelope v4 = rollback(before);

    assertThat(v4.getVersion()).isEqualTo(4);
    assertThat(v4.getParentVersion()).isEqualTo(2L);
    assertThat(v4.getChecksum()).isEqualTo(v2.getChecksum());
    assertThat(v4.getMetrics()).containsEntry(Republication.ROLLED_BACK_FROM, 3.0);
    ModelLineage after = before.with(v4);
    assertThat(after.rolledBack()).containsExactly(3L);
    assertThat(after.champion()).hasValue(v4);
    // Not v3 (rolled back), not v2 (the network now serving): v1.
    assertThat(after.previousGood()).hasValue(v1);
    assertThat(before.champion()).hasValue(v3); // the fold never changes a lineage
  }

  @Test
  void rollingBackTwiceNeverReturnsToANetworkRolledBackFrom() {
    ModelEnvelope v1 = published(1, ModelEnvelopes.CHAMPION);
    ModelEnvelope v2 = published(2, ModelEnvelopes.CHAMPION);
    ModelEnvelope v3 = published(3, ModelEnvelopes.CHAMPION);
    ModelLineage lineage = ModelLineage.of(NAME, TRUST, List.of(v1, v2, v3));

    ModelEnvelope v4 = rollback(lineage); // v2's network, replacing v3
    lineage = lineage.with(v4);
    ModelEnvelope v5 = rollback(lineage); // v1's network, replacing v4 (v2's network)
    lineage = lineage.with(v5);

    assertThat(v5.getParentVersion()).isEqualTo(1L);
    assertThat(v5.getMetrics()).containsEntry(Republication.ROLLED_BACK_FROM, 4.0);
    assertThat(lineage.rolledBack()).containsExactlyInAnyOrder(3L, 4L);
    // v2 carries the network rolled back from as v4, v3 was rolled back, v1 is serving.
    assertThat(lineage.previousGood()).isEmpty();
  }

  @Test
  void aPromotionByHandIsNotARollback() {
    ModelEnvelope v1 = published(1, ModelEnvelopes.CHAMPION);
    ModelEnvelope v2 = published(2, ModelEnvelopes.CHALLENGER);
    ModelLineage lineage = ModelLineage.of(NAME, TRUST, List.of(v1, v2));

    ModelEnvelope v3 = Republication.promotion(v2, lineage.nextVersion(), NOW, TestSigning.SIGNER);
    lineage = lineage.with(v3);

    assertThat(v3.getRole()).isEqualTo(ModelEnvelopes.CHAMPION);
    assertThat(v3.getParentVersion()).isEqualTo(2L);
    assertThat(v3.getMetrics()).doesNotContainKey(Republication.ROLLED_BACK_FROM);
    assertThat(lineage.rolledBack()).isEmpty();
    assertThat(lineage.previousGood()).hasValue(v1);
  }

  @Test
  void forgedAndUntrustedVersionsNeitherEndTheSequenceNorBecomeTheChampion() {
    ModelEnvelope v1 = published(1, ModelEnvelopes.CHAMPION);
    ModelEnvelope v2 = published(2, ModelEnvelopes.CHAMPION);
    ModelEnvelope forged =
        ModelEnvelope.newBuilder(v2).setVersion(Long.MAX_VALUE).setSignature(null).build();
    ModelEnvelope strangers =
        TestSigning.stranger()
            .sign(ModelEnvelope.newBuilder(v2).setVersion(Long.MAX_VALUE - 1).build());
    // A forged rollback marker must not take a good version out of the running either.
    ModelEnvelope forgedRollback =
        TestSigning.stranger()
            .sign(
                ModelEnvelope.newBuilder(v2)
                    .setVersion(3)
                    .setMetrics(Map.of(Republication.ROLLED_BACK_FROM, 1.0))
                    .build());

    ModelLineage lineage =
        ModelLineage.of(NAME, TRUST, List.of(v1, v2, forged, strangers, forgedRollback));

    assertThat(lineage.latest()).map(ModelEnvelope::getVersion).hasValue(2L);
    assertThat(lineage.champion()).map(ModelEnvelope::getVersion).hasValue(2L);
    assertThat(lineage.previousGood()).map(ModelEnvelope::getVersion).hasValue(1L);
    assertThat(lineage.rolledBack()).isEmpty();
    assertThat(lineage.nextVersion()).isEqualTo(3);
    assertThat(lineage.untrusted()).isEqualTo(3);
    assertThat(lineage.lastRefusal()).hasValueSatisfying(why -> assertThat(why).startsWith("v3"));
  }

  @Test
  void aTrustedLastVersionCannotBeFollowed() {
    ModelEnvelope last =
        TestSigning.SIGNER.sign(
            ModelEnvelope.newBuilder(published(1, ModelEnvelopes.CHAMPION))
                .setVersion(Long.MAX_VALUE)
                .build());

    ModelLineage lineage = ModelLineage.of(NAME, TRUST, List.of(last));

    assertThatThrownBy(lineage::nextVersion)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("last version");
  }

  @Test
  void onlyTheNewestChampionsAreKeptToRollBackTo() {
    List<ModelEnvelope> envelopes = new ArrayList<>();
    for (long version = 1; version <= ModelLineage.CHAMPIONS_KEPT + 1; version++) {
      envelopes.add(published(version, ModelEnvelopes.CHAMPION));
    }
    ModelLineage lineage = ModelLineage.of(NAME, TRUST, envelopes);
    // Roll back until nothing is left: each step goes one champion further back.
    long rollbacks = 0;
    while (lineage.previousGood().isPresent()) {
      lineage = lineage.with(rollback(lineage));
      rollbacks++;
    }
    // v1 fell out of the kept window; every other earlier champion was reached once.
    assertThat(rollbacks).isLessThan(ModelLineage.CHAMPIONS_KEPT);
    assertThat(lineage.champion().orElseThrow().getParentVersion()).isGreaterThan(1L);
  }

  @Test
  void envelopesOfOtherModelsAreIgnored() {
    ModelEnvelope other =
        TestSigning.SIGNER.sign(
            ModelEnvelope.newBuilder(published(9, ModelEnvelopes.CHAMPION))
                .setName("other")
                .build());

    assertThat(ModelLineage.of(NAME, TRUST, List.of(other)).latest()).isEmpty();
  }

  private static ModelEnvelope rollback(ModelLineage lineage) {
    return Republication.rollback(
        lineage.previousGood().orElseThrow(),
        lineage.champion().orElseThrow().getVersion(),
        lineage.nextVersion(),
        NOW,
        Map.of(),
        TestSigning.SIGNER);
  }

  /** A signed envelope of its own network (seeded by the version). */
  static ModelEnvelope published(long version, String role) {
    return ModelEnvelopes.seal(
        Dl4jMlp.create(new MlpShape(List.of(2), 0.01, 0, version), 3),
        new ModelEnvelopes.Publication(
            NAME,
            version,
            version == 1 ? null : version - 1,
            role,
            "spec",
            List.of("a", "b", "c"),
            new TrainingWindow(0L, 1L, 1L, null),
            Map.of("auc", 0.9),
            0.5,
            "test"),
        version,
        TestSigning.SIGNER);
  }
}
