package io.osprey.trainer.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ImbalancePolicyTest {
  @Test
  void correctsDownSampledOddsBackToTrueProbabilities() {
    // Negatives kept at 10%: a trained score of 0.5 (odds 1) means true odds 0.1, p = 1/11.
    ImbalancePolicy sampled = new ImbalancePolicy(1, 0.1);
    assertThat(sampled.logitCorrection()).isCloseTo(Math.log(0.1), offset(1e-15));
    assertThat(ImbalancePolicy.correct(0.5, sampled.logitCorrection()))
        .isCloseTo(1.0 / 11, offset(1e-15));
    // Frauds weighted 4 and negatives kept at 50%: odds scale by 0.5 / 4.
    ImbalancePolicy both = new ImbalancePolicy(4, 0.5);
    double p = 0.8; // odds 4 -> true odds 0.5 -> p = 1/3
    assertThat(ImbalancePolicy.correct(p, both.logitCorrection()))
        .isCloseTo(1.0 / 3, offset(1e-12));
    assertThat(ImbalancePolicy.correct(0.3, ImbalancePolicy.NONE.logitCorrection())).isEqualTo(0.3);
  }

  @Test
  void repeatsFraudsByTheirWeightAndSamplesNonFrauds() {
    Random random = new Random(1);
    ImbalancePolicy policy = new ImbalancePolicy(2.5, 0.25);
    int fraudCopies = 0;
    int negativesKept = 0;
    for (int i = 0; i < 10_000; i++) {
      fraudCopies += policy.copies(true, random);
      negativesKept += policy.copies(false, random);
    }
    assertThat(fraudCopies / 10_000.0).isCloseTo(2.5, offset(0.02));
    assertThat(negativesKept / 10_000.0).isCloseTo(0.25, offset(0.02));
    assertThat(new ImbalancePolicy(3, 1).copies(true, random)).isEqualTo(3);
    assertThat(ImbalancePolicy.NONE.copies(false, random)).isEqualTo(1);
  }

  @Test
  void refusesNonsense() {
    assertThatThrownBy(() -> new ImbalancePolicy(0.5, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ImbalancePolicy(1, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
