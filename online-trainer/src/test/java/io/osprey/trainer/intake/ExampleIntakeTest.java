package io.osprey.trainer.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.schema.TrainingExample;
import io.osprey.schema.features.FeatureLayout;
import io.osprey.schema.topic.OspreyTopics;
import io.osprey.schema.topic.Topic;
import io.osprey.trainer.testing.SyntheticPayments;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ExampleIntakeTest {
  private static final FeatureLayout LAYOUT = FeatureLayout.PAYMENTS;
  private static final Topic<String, TrainingExample> TOPIC =
      OspreyTopics.withPrefix("").trainingExamples();

  private final ExampleIntake intake = new ExampleIntake(TOPIC, LAYOUT.specHash(), LAYOUT);
  private final SyntheticPayments payments = new SyntheticPayments(3, 0.1);

  @Test
  void anOrdinaryExampleIsUsable() {
    double[] values = payments.values(false);

    ExampleIntake.Verdict verdict = read(payments.withValues(values, true).getValue());

    assertThat(verdict).isInstanceOf(ExampleIntake.Usable.class);
    assertThat(((ExampleIntake.Usable) verdict).values()).containsExactly(values);
    assertThat(((ExampleIntake.Usable) verdict).fraud()).isTrue();
  }

  @Test
  void theIssuesPoisonIsSetAsideAsOutOfBounds() {
    // What an ingest without ValueBounds wrote for the second of the two payments.
    double[] values = payments.values(false);
    values[LAYOUT.names().indexOf("amount_to_mean_1h")] = 1e302;

    assertSetAside(values, ExampleIntake.Reason.OUT_OF_BOUNDS, "amount_to_mean_1h");
  }

  @Test
  void nanAndInfinitiesAreSetAsideAsNonFinite() {
    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, -1.0 / 0}) {
      double[] values = payments.values(true);
      values[2] = bad;

      assertSetAside(values, ExampleIntake.Reason.NON_FINITE, LAYOUT.names().get(2));
    }
  }

  @Test
  void aVectorOfTheWrongWidthIsSetAside() {
    assertSetAside(new double[] {1, 2, 3}, ExampleIntake.Reason.WRONG_WIDTH, "3 values");
  }

  @Test
  void anotherSpecAndUndecodableBytesAreSetAside() {
    TrainingExample foreign = payments.withForeignSpec(1).get(0).getValue();
    assertThat(read(foreign))
        .isEqualTo(
            new ExampleIntake.SetAside(
                ExampleIntake.Reason.SPEC_MISMATCH,
                "feature spec 0000000000000000, expected " + LAYOUT.specHash()));
    ExampleIntake.Verdict garbage = intake.read("not avro".getBytes(StandardCharsets.UTF_8));
    assertThat(garbage).isInstanceOf(ExampleIntake.SetAside.class);
    assertThat(((ExampleIntake.SetAside) garbage).reason())
        .isEqualTo(ExampleIntake.Reason.UNDECODABLE);
  }

  private void assertSetAside(double[] values, ExampleIntake.Reason reason, String detail) {
    ExampleIntake.Verdict verdict = read(payments.withValues(values, false).getValue());
    assertThat(verdict).isInstanceOf(ExampleIntake.SetAside.class);
    assertThat(((ExampleIntake.SetAside) verdict).reason()).isEqualTo(reason);
    assertThat(((ExampleIntake.SetAside) verdict).detail()).contains(detail);
  }

  private ExampleIntake.Verdict read(TrainingExample example) {
    return intake.read(TOPIC.serializeValue(example));
  }
}
