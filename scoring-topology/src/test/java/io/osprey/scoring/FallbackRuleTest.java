package io.osprey.scoring;

import static io.osprey.scoring.ScoringFixtures.BURST;
import static io.osprey.scoring.ScoringFixtures.BURST_FAR_FROM_HOME;
import static io.osprey.scoring.ScoringFixtures.FAR_FROM_HOME;
import static io.osprey.scoring.ScoringFixtures.ORDINARY;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.schema.Reason;
import io.osprey.schema.features.FeatureLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

class FallbackRuleTest {
  private static final String SPEC = FeatureLayout.PAYMENTS.specHash();
  private final FallbackRule rule = FallbackRule.DEFAULT;

  @Test
  void approvesOrdinaryPayments() {
    FallbackRule.Verdict verdict = rule.evaluate(SPEC, ORDINARY);

    assertThat(verdict.score()).isZero();
    assertThat(verdict.decision()).isEqualTo(DecisionBands.APPROVE);
    assertThat(verdict.reasons()).isEmpty();
  }

  @Test
  void oneSignalReviewsAndNamesIt() {
    assertThat(rule.evaluate(SPEC, BURST))
        .isEqualTo(
            new FallbackRule.Verdict(
                0.5, DecisionBands.REVIEW, List.of(new Reason("count_1h", 0.5))));
    assertThat(rule.evaluate(SPEC, FAR_FROM_HOME).reasons())
        .extracting(Reason::getFeature)
        .containsExactly("amount_to_mean_1h");
  }

  @Test
  void bothSignalsDecline() {
    FallbackRule.Verdict verdict = rule.evaluate(SPEC, BURST_FAR_FROM_HOME);

    assertThat(verdict.score()).isEqualTo(1.0);
    assertThat(verdict.decision()).isEqualTo(DecisionBands.DECLINE);
  }

  @Test
  void aLargeAmountAtHomeIsNotFarFromHome() {
    List<Double> atHome = List.of(7.5, 3.0, 7.8, 9.0, 9.0, 0.0, 0.0, 0.0);

    assertThat(rule.evaluate(SPEC, atHome).decision()).isEqualTo(DecisionBands.APPROVE);
  }

  @Test
  void failsOpenOnVectorsOfAnotherSpec() {
    FallbackRule.Verdict verdict = rule.evaluate("another-spec", BURST_FAR_FROM_HOME);

    assertThat(verdict.decision()).isEqualTo(DecisionBands.APPROVE);
  }

  @Test
  void thresholdsAreConfigurable() {
    FallbackRule strict = new FallbackRule(2, 5.0);

    assertThat(strict.evaluate(SPEC, ORDINARY).decision()).isEqualTo(DecisionBands.REVIEW);
  }
}
