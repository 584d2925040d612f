package io.osprey.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.osprey.model.ModelEnvelopes;
import io.osprey.model.ScoringModel;
import io.osprey.model.signing.TestSigning;
import io.osprey.scoring.DecisionBands;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BenchModelTest {
  private static final double REVIEW_BAND = 0.1;
  private final FeaturePool pool = FeaturePool.generate(5, 2000);

  @Test
  void theEnvelopeOpensAndFlagsAboutTheAskedShareOfThePool() {
    BenchModel.Sealed sealed =
        BenchModel.DEFAULT.seal(3, pool, 0.05, REVIEW_BAND, TestSigning.SIGNER);

    ScoringModel served = ModelEnvelopes.openForScoring(sealed.envelope());
    DecisionBands bands =
        DecisionBands.belowThreshold(sealed.envelope().getThreshold(), REVIEW_BAND);
    long flagged =
        Arrays.stream(pool.rows())
            .filter(row -> DecisionBands.flagged(bands.decide(served.score(row))))
            .count();
    assertThat(flagged / (double) pool.size())
        .isEqualTo(sealed.flaggedShare())
        .isCloseTo(0.05, offset(0.01));
    assertThat(sealed.envelope().getVersion()).isEqualTo(3);
    assertThat(sealed.envelope().getSpecHash()).isEqualTo(pool.layout().specHash());
  }

  @Test
  void theCrayfishNetworkOnThePaymentLayoutHasAbout29000Parameters() {
    assertThat(
            BenchModel.CRAYFISH.seal(1, pool, 0.01, REVIEW_BAND, TestSigning.SIGNER).description())
        .contains("20-160-160-1, 29281 parameters"); // 27,361 on the 8 columns before issue 13
  }

  @Test
  void theThresholdIsAProbabilityEvenWhenNothingShouldBeFlagged() {
    double[] scores = {0.1, 0.5, 0.95};

    assertThat(BenchModel.threshold(scores, 0.0, REVIEW_BAND)).isEqualTo(1.0);
    assertThat(BenchModel.threshold(scores, 1.0 / 3, REVIEW_BAND))
        .isCloseTo(1.0, offset(1e-12)); // review band from 0.95, capped
    assertThat(BenchModel.threshold(scores, 2.0 / 3, REVIEW_BAND)).isCloseTo(0.6, offset(1e-12));
  }
}
