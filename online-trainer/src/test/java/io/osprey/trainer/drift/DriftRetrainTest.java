package io.osprey.trainer.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.platform.config.Settings;
import io.osprey.schema.features.FeatureLayout;
import io.osprey.trainer.TrainerConfig;
import io.osprey.trainer.TrainerSettings;
import io.osprey.trainer.bootstrap.LakeExamples;
import io.osprey.trainer.intake.LabelledExample;
import io.osprey.trainer.testing.SyntheticPayments;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A retrain set off by a drift alert, with real DL4J training over a lake whose genuine and fraud
 * amounts all triple part-way (the demo's AMOUNTS scenario): the retrained model's reference
 * profile is that of the stream after the shift, so once it serves, live traffic of that stream
 * raises no drift against it.
 */
class DriftRetrainTest {
  private static final FeatureLayout LAYOUT = FeatureLayout.PAYMENTS;
  private static final int SHIFT_AT = 2_400; // examples are one second apart (SyntheticPayments)
  private static final int ALERT_END_AT = 2_700;
  private static final double TRIPLE = Math.log(3); // amount_log and amount_log + log(count)
  private static final long VERSION = 7;

  private final TrainerConfig config =
      TrainerConfig.from(
          Settings.of(
              Map.of(
                  TrainerSettings.HIDDEN_LAYERS.key(), "8",
                  TrainerSettings.BOOTSTRAP_MAX_EPOCHS.key(), "3")));
  private final DriftConfig drift =
      DriftConfig.from(
          Settings.of(
              Map.of(
                  DriftSettings.REFERENCE_EXAMPLES.key(), "800",
                  DriftSettings.RETRAIN_WINDOW.key(), "40m")));

  /** Amounts tripled: the first and third column of the payments layout. */
  private static LabelledExample shifted(LabelledExample example) {
    double[] values = example.values().clone();
    values[0] += TRIPLE;
    values[2] += TRIPLE;
    return new LabelledExample(example.eventId(), example.eventTime(), values, example.fraud());
  }

  /** 3,600 examples, an hour; amounts triple from the 2,400th on. */
  private static List<LabelledExample> lakeWithShift() {
    List<LabelledExample> stream = new SyntheticPayments(3, 0.05).labelled(3_600);
    List<LabelledExample> lake = new ArrayList<>(stream.subList(0, SHIFT_AT));
    stream.subList(SHIFT_AT, stream.size()).forEach(e -> lake.add(shifted(e)));
    return lake;
  }

  private static DriftRetrain.Lake lake(List<LabelledExample> examples) {
    return new DriftRetrain.Lake(
        new LakeExamples.Read(examples, Path.of("lake"), 1, examples.size(), 0, 0, 0));
  }

  /** The alert whose window ended at the {@code ALERT_END_AT}th example, after the shift. */
  private static DriftReading alert(List<LabelledExample> lake) {
    return new DriftReading(
        DriftReading.FEATURE,
        "amount_log",
        "psi",
        0.52,
        0.2,
        5_000,
        VERSION - 1,
        lake.get(SHIFT_AT).eventTime(),
        lake.get(ALERT_END_AT).eventTime());
  }

  /** Alerts the watch raises on one full window of {@code live} served by {@code retrained}. */
  private List<DriftReading> alertsOn(DriftRetrain retrained, List<LabelledExample> live) {
    DriftWatch watch = new DriftWatch(drift);
    watch.reference(VERSION, LAYOUT.specHash(), retrained.profile());
    double threshold = retrained.result().threshold().served();
    List<DriftReading> readings = new ArrayList<>();
    for (LabelledExample example : live) {
      double score = retrained.served().score(example.values());
      readings.addAll(
          watch.onPrediction(
              example.eventId(),
              VERSION,
              false,
              score,
              score >= threshold ? "DECLINE" : "APPROVE",
              example.eventTime()));
      List<Double> values = Arrays.stream(example.values()).boxed().toList();
      readings.addAll(watch.onFeatures(LAYOUT.specHash(), values, example.eventTime()));
    }
    assertThat(readings).as("a full window was compared").isNotEmpty();
    return readings.stream().filter(DriftReading::alert).toList();
  }

  @Test
  void aRetrainAfterAShiftIsProfiledOnTheStreamAfterTheAlert() {
    List<LabelledExample> lake = lakeWithShift();
    DriftReading alert = alert(lake);

    DriftRetrain retrained =
        DriftRetrain.train(config, drift, lake(lake), RetrainWindow.after(alert, drift));

    assertThat(retrained.profile().getExamples()).isEqualTo(800);
    assertThat(retrained.profile().getFromEventTime()).isGreaterThan(alert.windowEnd());
    // it learned from the stream before the shift too (40 minutes up to the reference's end)
    assertThat(retrained.window().getFromEventTime()).isLessThan(lake.get(SHIFT_AT).eventTime());

    // live traffic of the shifted stream (other payments, same distribution): no drift
    List<LabelledExample> after =
        new SyntheticPayments(29, 0.05)
            .labelled(drift.windowEvents()).stream().map(DriftRetrainTest::shifted).toList();
    assertThat(alertsOn(retrained, after)).isEmpty();
    // and the comparison can tell: the stream before the shift is drift against that reference
    List<LabelledExample> before = new SyntheticPayments(29, 0.05).labelled(drift.windowEvents());
    assertThat(alertsOn(retrained, before))
        .extracting(DriftReading::feature)
        .contains(LAYOUT.names().get(0), LAYOUT.names().get(2));
  }

  @Test
  void aLakeWithTooFewExamplesAfterTheAlertTrainsNothing() {
    // a network of the stream before the shift would answer no drift
    List<LabelledExample> lake = lakeWithShift().subList(0, ALERT_END_AT + 1 + 50);

    assertThatThrownBy(
            () ->
                DriftRetrain.train(
                    config, drift, lake(lake), RetrainWindow.after(alert(lake), drift)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("50 of them after it");
  }
}
