package io.osprey.scoring;

import static io.osprey.scoring.ScoringFixtures.BURST;
import static io.osprey.scoring.ScoringFixtures.LAYOUT;
import static io.osprey.scoring.ScoringFixtures.ORDINARY;
import static io.osprey.scoring.ScoringFixtures.vector;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.model.Normalizer;
import io.osprey.model.ScoringModel;
import io.osprey.platform.config.Settings;
import io.osprey.schema.Prediction;
import io.osprey.schema.Reason;
import io.osprey.scoring.ScoringMetrics.FallbackReason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** No prediction carries a NaN or an infinity, whatever the vector or the model answers. */
class ScorerNonFiniteTest {
  private static final double BAND = 0.1;
  private final Scorer scorer = new Scorer(ScoringConfig.from(Settings.empty()), () -> 42L);

  @Test
  void aVectorWithANonFiniteValueIsScoredByTheFallbackRule() {
    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, -1.0 / 0}) {
      List<Double> values = new ArrayList<>(BURST);
      values.set(0, bad);

      Scorer.Scored scored =
          scorer.score(vector("e1", values), Optional.of(served(ScoringFixtures.model())));

      assertThat(scored.fallbackReason()).contains(FallbackReason.NON_FINITE_FEATURES);
      assertFiniteAndBanded(scored.prediction());
      assertThat(scored.prediction().getFallback()).isTrue();
      // The rule still reads what it can: the burst fires.
      assertThat(scored.prediction().getDecision()).isEqualTo(DecisionBands.REVIEW);
    }
  }

  @Test
  void aModelThatAnswersNanIsOverruledByTheFallbackRule() {
    Scorer.Scored scored =
        scorer.score(vector("e2", ORDINARY), Optional.of(served(new Answers(Double.NaN, 0.5))));

    assertThat(scored.fallbackReason()).contains(FallbackReason.NON_FINITE_SCORE);
    assertFiniteAndBanded(scored.prediction());
    assertThat(scored.prediction().getDecision()).isEqualTo(DecisionBands.APPROVE);
  }

  @Test
  void aChallengerThatAnswersNanIsLeftOutOfThePrediction() {
    Scorer.Scored scored =
        scorer.score(
            vector("e3", ORDINARY),
            Optional.of(served(ScoringFixtures.model())),
            Optional.of(served(new Answers(Double.POSITIVE_INFINITY, 0.5))));

    assertThat(scored.prediction().getChallengerScore()).isNull();
    assertThat(scored.shadow()).isEmpty();
    assertFiniteAndBanded(scored.prediction());
  }

  @Test
  void reasonsWhoseContributionIsNotFiniteAreDropped() {
    // Scores 0.99 (DECLINE at 0.5), but every leave-one-out score is NaN.
    Scorer.Scored scored =
        scorer.score(vector("e4", ORDINARY), Optional.of(served(new Answers(0.99, Double.NaN))));

    assertThat(scored.prediction().getDecision()).isEqualTo(DecisionBands.DECLINE);
    assertThat(scored.prediction().getReasons()).isEmpty();
  }

  @Test
  void fallbackPredictionsFollowTheDocumentedBands() {
    for (List<Double> values : List.of(ORDINARY, BURST, ScoringFixtures.BURST_FAR_FROM_HOME)) {
      Prediction prediction = scorer.score(vector("e5", values), Optional.empty()).prediction();

      assertFiniteAndBanded(prediction);
    }
  }

  /** Score, threshold and contributions are numbers, and the decision is the documented band's. */
  static void assertFiniteAndBanded(Prediction prediction) {
    assertThat(prediction.getScore()).isFinite().isBetween(0.0, 1.0);
    assertThat(prediction.getThreshold()).isFinite();
    assertThat(prediction.getReasons()).map(Reason::getContribution).allMatch(Double::isFinite);
    if (prediction.getChallengerScore() != null) {
      assertThat(prediction.getChallengerScore()).isFinite();
    }
    String documented =
        prediction.getScore() >= prediction.getThreshold()
            ? DecisionBands.DECLINE
            : prediction.getScore() >= prediction.getThreshold() - BAND
                ? DecisionBands.REVIEW
                : DecisionBands.APPROVE;
    assertThat(prediction.getDecision()).as("%s", prediction).isEqualTo(documented);
  }

  static ServedModel served(ScoringModel model) {
    return new ServedModel(model, "payments", 1, LAYOUT.specHash(), 0.5, LAYOUT.names());
  }

  /** A model that answers {@code score} for one vector and {@code batch} for each of several. */
  private record Answers(double score, double batch) implements ScoringModel {
    @Override
    public double score(double[] features) {
      return score;
    }

    @Override
    public double[] scoreAll(double[][] features) {
      double[] scores = new double[features.length];
      Arrays.fill(scores, batch);
      return scores;
    }

    @Override
    public String format() {
      return "test";
    }

    @Override
    public byte[] payload() {
      return new byte[0];
    }

    @Override
    public Normalizer normalizer() {
      return Normalizer.identity(LAYOUT.size());
    }

    @Override
    public String describe() {
      return "answers " + score;
    }
  }
}
