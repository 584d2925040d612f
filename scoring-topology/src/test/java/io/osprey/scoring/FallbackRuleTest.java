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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FallbackRuleTest {
  private static final String SPEC = FeatureLayout.PAYMENTS.specHash();
  private static final double BAND = 0.1; // scoring.review.band's default
  private final FallbackRule rule = FallbackRule.DEFAULT;

  @Test
  void approvesOrdinaryPayments() {
    FallbackRule.Verdict verdict = rule.evaluate(SPEC, ORDINARY, BAND);

    assertThat(verdict.score()).isZero();
    assertThat(verdict.decision()).isEqualTo(DecisionBands.APPROVE);
    assertThat(verdict.reasons()).isEmpty();
  }

  @Test
  void oneSignalReviewsAndNamesIt() {
    assertThat(rule.evaluate(SPEC, BURST, BAND))
        .isEqualTo(
            new FallbackRule.Verdict(
                0.5, DecisionBands.REVIEW, 0.6, List.of(new Reason("count_1h", 0.5))));
    assertThat(rule.evaluate(SPEC, FAR_FROM_HOME, BAND).reasons())
        .extracting(Reason::getFeature)
        .containsExactly("amount_to_mean_1h");
  }

  @Test
  void bothSignalsDecline() {
    FallbackRule.Verdict verdict = rule.evaluate(SPEC, BURST_FAR_FROM_HOME, BAND);

    assertThat(verdict.score()).isEqualTo(1.0);
    assertThat(verdict.decision()).isEqualTo(DecisionBands.DECLINE);
  }

  @Test
  void aLargeAmountAtHomeIsNotFarFromHome() {
    List<Double> atHome = ScoringFixtures.payment(7.5, 3.0, 7.8, 9.0, 9.0, 0.0, 0.0, 0.0);

    assertThat(rule.evaluate(SPEC, atHome, BAND).decision()).isEqualTo(DecisionBands.APPROVE);
  }

  @Test
  void failsOpenOnVectorsOfAnotherSpec() {
    FallbackRule.Verdict verdict = rule.evaluate("another-spec", BURST_FAR_FROM_HOME, BAND);

    assertThat(verdict.decision()).isEqualTo(DecisionBands.APPROVE);
  }

  @Test
  void thresholdsAreConfigurable() {
    FallbackRule strict = new FallbackRule(2, 5.0);

    assertThat(strict.evaluate(SPEC, ORDINARY, BAND).decision()).isEqualTo(DecisionBands.REVIEW);
  }

  /**
   * Whatever the review band, a fallback prediction's decision is what the documented bands give
   * for its score and threshold: APPROVE below {@code threshold - band}, REVIEW up to the
   * threshold, DECLINE at or above it.
   */
  @ParameterizedTest
  @ValueSource(doubles = {0.0, 0.01, 0.1, 0.25, 0.5, 0.75, 1.0})
  void predictionsFollowTheDocumentedBands(double band) {
    for (List<Double> vector : List.of(ORDINARY, BURST, FAR_FROM_HOME, BURST_FAR_FROM_HOME)) {
      FallbackRule.Verdict verdict = rule.evaluate(SPEC, vector, band);
      String documented =
          verdict.score() >= verdict.threshold()
              ? DecisionBands.DECLINE
              : verdict.score() >= verdict.threshold() - band
                  ? DecisionBands.REVIEW
                  : DecisionBands.APPROVE;
      assertThat(verdict.decision()).as("band %s, %s", band, vector).isEqualTo(documented);
      assertThat(verdict.threshold()).isBetween(0.0, 1.0);
    }
  }

  @Test
  void withTheDefaultBandNoSignalApprovesOneReviewsTwoDecline() {
    assertThat(rule.evaluate(SPEC, ORDINARY, BAND).decision()).isEqualTo(DecisionBands.APPROVE);
    assertThat(rule.evaluate(SPEC, BURST, BAND).decision()).isEqualTo(DecisionBands.REVIEW);
    assertThat(rule.evaluate(SPEC, FAR_FROM_HOME, BAND).decision()).isEqualTo(DecisionBands.REVIEW);
    assertThat(rule.evaluate(SPEC, BURST_FAR_FROM_HOME, BAND).decision())
        .isEqualTo(DecisionBands.DECLINE);
  }

  @Test
  void withoutAReviewBandOneSignalAloneApproves() {
    assertThat(rule.evaluate(SPEC, BURST, 0.0).decision()).isEqualTo(DecisionBands.APPROVE);
    assertThat(rule.evaluate(SPEC, BURST_FAR_FROM_HOME, 0.0).decision())
        .isEqualTo(DecisionBands.DECLINE);
  }

  @Test
  void valuesThatAreNotNumbersFireNoSignal() {
    List<Double> nan =
        ScoringFixtures.payment(Double.NaN, Double.NaN, 0.0, Double.NaN, 0.0, 1.0, 0.0, 0.0);

    FallbackRule.Verdict verdict = rule.evaluate(SPEC, nan, BAND);

    assertThat(verdict.score()).isZero();
    assertThat(verdict.decision()).isEqualTo(DecisionBands.APPROVE);
  }
}
