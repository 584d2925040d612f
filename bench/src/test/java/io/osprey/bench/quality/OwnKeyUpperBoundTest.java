package io.osprey.bench.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.schema.features.FeatureSpec;
import io.osprey.schema.features.FeatureSpecs;
import io.osprey.trainer.intake.LabelledExample;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class OwnKeyUpperBoundTest {
  @Test
  void theBuiltInPaymentsOwnKeyColumnsAreTheCardsAndTheEvents() {
    FeatureSpec payments = FeatureSpecs.load(FeatureSpecs.BUILTIN_PAYMENTS);
    List<String> names = payments.layout().names();

    assertThat(
            java.util.Arrays.stream(OwnKeyUpperBound.ownKeyColumns(payments)).mapToObj(names::get))
        .containsExactly(
            "amount_log",
            "count_1h",
            "sum_1h_log",
            "amount_to_mean_1h",
            "secs_since_prev_log",
            "country_changed",
            "is_ecom",
            "high_risk_mcc",
            "card_merchants_1h",
            "device_changed",
            "prev_amount_log",
            "amount_log_change");
  }

  @Test
  void aSpecWithoutKeyedFeaturesReusesTheFullUpperBound() {
    FeatureSpec sensors =
        FeatureSpecs.load(Path.of("..", "deploy", "specs", "sensors.yaml").toString());
    int width = sensors.layout().size();
    List<LabelledExample> examples =
        List.of(
            new LabelledExample("a", 1, new double[width], false),
            new LabelledExample("b", 2, new double[width], true));
    ContenderScores full =
        ContenderScores.everyRow(
            QualityEvaluation.UPPER_BOUND, "full", new double[] {0.1, 0.9}, new double[] {0, 1});

    ContenderScores own = OwnKeyUpperBound.scores(sensors, examples, null, full);

    assertThat(own.id()).isEqualTo(OwnKeyUpperBound.ID);
    assertThat(own.scores()).containsExactly(0.1, 0.9);
    assertThat(own.decisions()).containsExactly(0, 1);
  }
}
