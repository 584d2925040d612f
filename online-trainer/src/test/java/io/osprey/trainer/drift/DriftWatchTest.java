package io.osprey.trainer.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.model.drift.ReferenceProfiles;
import io.osprey.schema.ReferenceProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The drift watch on synthetic streams: a steady stream raises no alert over many windows; a shift
 * in one feature, in the scores, or in the served decisions' error is reported, naming what
 * drifted, and only against the reference of the version that serves.
 */
class DriftWatchTest {
  private static final String SPEC = "spec-1";
  private static final List<String> NAMES = List.of("amount", "count", "ecom");
  private static final double THRESHOLD = 0.8;

  private final DriftConfig config = DriftConfig.defaults(); // windows of 5,000
  private final Random random = new Random(11);

  /**
   * amount ~ N(3, 1), count uniform 0..9, ecom 1 in 5; score ~ U(0,1)^8 (2.75 % at or above 0.8).
   */
  private double[] row(double amountShift, double ecomShare) {
    return new double[] {
      3 + amountShift + random.nextGaussian(),
      random.nextInt(10),
      random.nextDouble() < ecomShare ? 1 : 0
    };
  }

  private double score(double power) {
    return Math.pow(random.nextDouble(), power);
  }

  private ReferenceProfile reference() {
    int n = 4096;
    double[][] rows = new double[n][];
    double[] scores = new double[n];
    for (int i = 0; i < n; i++) {
      rows[i] = row(0, 0.2);
      scores[i] = score(8);
    }
    return ReferenceProfiles.of(NAMES, rows, scores, THRESHOLD, 10, 0, 1);
  }

  private DriftWatch serving(long version) {
    DriftWatch watch = new DriftWatch(config);
    watch.reference(version, SPEC, reference());
    watch.onPrediction("warm-up", version, false, 0.1, "APPROVE", 0);
    return watch;
  }

  private static List<DriftReading> alerts(List<DriftReading> readings) {
    return readings.stream().filter(DriftReading::alert).toList();
  }

  private List<Double> values(double[] row) {
    List<Double> values = new ArrayList<>();
    for (double v : row) {
      values.add(v);
    }
    return values;
  }

  @Test
  void aSteadyStreamRaisesNoAlertInFiftyWindows() {
    DriftWatch watch = serving(3);
    List<DriftReading> readings = new ArrayList<>();
    for (int i = 0; i < 50 * config.windowEvents(); i++) {
      readings.addAll(watch.onFeatures(SPEC, values(row(0, 0.2)), i));
      double score = score(8);
      readings.addAll(
          watch.onPrediction(
              "e" + i, 3, false, score, score >= THRESHOLD ? "DECLINE" : "APPROVE", i));
      readings.addAll(watch.onMatured("e" + i, random.nextDouble() < 0.02, i));
    }

    assertThat(readings).isNotEmpty(); // every window is read...
    assertThat(readings).extracting(DriftReading::modelVersion).containsOnly(3L);
    assertThat(alerts(readings)).as("...and none is an alert").isEmpty();
  }

  @Test
  void aShiftInAmountsIsReportedForThatFeatureWithinOneWindow() {
    DriftWatch watch = serving(3);
    List<DriftReading> readings = new ArrayList<>();
    for (int i = 0; i < config.windowEvents(); i++) {
      readings.addAll(watch.onFeatures(SPEC, values(row(1.0, 0.2)), i));
    }

    assertThat(alerts(readings))
        .extracting(DriftReading::feature)
        .containsOnly("amount")
        .hasSize(2); // PSI and KS
    DriftReading psi = alerts(readings).get(0);
    assertThat(psi.statistic()).isEqualTo("psi");
    assertThat(psi.threshold()).isEqualTo(config.psiThreshold());
    assertThat(psi.window()).isEqualTo(config.windowEvents());
    assertThat(psi.toEvent(5).getKind()).isEqualTo("drift");
    assertThat(psi.toEvent(5).getMetric()).isEqualTo("drift.feature.amount.psi");
  }

  @Test
  void shiftedScoresAndMoreDeclinesArePredictionDrift() {
    DriftWatch watch = serving(3);
    List<DriftReading> readings = new ArrayList<>();
    for (int i = 0; i < config.windowEvents(); i++) {
      double score = score(1); // uniform: far more high scores than the reference's U^8
      readings.addAll(
          watch.onPrediction(
              "e" + i, 3, false, score, score >= THRESHOLD ? "DECLINE" : "APPROVE", i));
    }

    assertThat(alerts(readings))
        .extracting(DriftReading::feature)
        .contains("score", "decline_share");
  }

  @Test
  void aRiseInTheServedDecisionsErrorIsPerformanceDrift() {
    DriftWatch watch = serving(3);
    List<DriftReading> alerts = new ArrayList<>();
    int i = 0;
    for (; i < 20_000; i++) { // 2 % fraud, all approved: the error rate is the fraud rate
      watch.onPrediction("e" + i, 3, false, 0.1, "APPROVE", i);
      alerts.addAll(alerts(watch.onMatured("e" + i, random.nextDouble() < 0.02, i)));
    }
    assertThat(alerts).as("steady").isEmpty();
    int shiftAt = i;
    for (; i < shiftAt + 5_000 && alerts.isEmpty(); i++) { // a new pattern: 12 % missed fraud
      watch.onPrediction("e" + i, 3, false, 0.1, "APPROVE", i);
      alerts.addAll(alerts(watch.onMatured("e" + i, random.nextDouble() < 0.12, i)));
    }

    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0).statistic()).isEqualTo("page_hinkley");
    assertThat(alerts.get(0).feature()).isEqualTo("error");
    assertThat(i - shiftAt).isLessThan(1_000);
  }

  @Test
  void nothingIsComparedWithoutTheServedVersionsReference() {
    DriftWatch watch = serving(3);
    watch.onPrediction("x", 4, false, 0.1, "APPROVE", 0); // v4 serves now: no reference for it
    List<DriftReading> readings = new ArrayList<>();
    for (int i = 0; i < 2 * config.windowEvents(); i++) {
      readings.addAll(watch.onFeatures(SPEC, values(row(5, 0.9)), i));
    }
    assertThat(readings).isEmpty();

    watch.reference(4, SPEC, reference()); // its envelope arrives: windows start
    for (int i = 0; i < config.windowEvents(); i++) {
      readings.addAll(watch.onFeatures(SPEC, values(row(5, 0.9)), i));
    }
    assertThat(alerts(readings)).extracting(DriftReading::modelVersion).containsOnly(4L);
  }

  @Test
  void vectorsOfAnotherSpecAndFallbackPredictionsAreIgnored() {
    DriftWatch watch = serving(3);
    List<DriftReading> readings = new ArrayList<>();
    for (int i = 0; i < 2 * config.windowEvents(); i++) {
      readings.addAll(watch.onFeatures("spec-2", values(row(5, 0.9)), i));
      readings.addAll(watch.onPrediction("f" + i, 0, true, 1.0, "DECLINE", i));
    }
    assertThat(readings).isEmpty();
    assertThat(watch.servedVersion()).isEqualTo(3);
  }

  @Test
  void aWindowGoesOnAcrossAChampionChangeAndIsComparedWithTheReferenceServingWhenItCloses() {
    DriftWatch watch = serving(3);
    ReferenceProfile shifted = shiftedReference();
    watch.reference(4, SPEC, shifted);
    List<DriftReading> readings = new ArrayList<>();
    int half = config.windowEvents() / 2;
    for (int i = 0; i < config.windowEvents(); i++) {
      if (i == half) {
        watch.onPrediction("swap", 4, false, 0.1, "APPROVE", i); // v4 serves from here
      }
      if (i == half + 10) {
        watch.onPrediction("late", 3, false, 0.1, "APPROVE", i); // another task still on v3
        watch.onPrediction("later", 4, false, 0.1, "APPROVE", i);
      }
      readings.addAll(watch.onFeatures(SPEC, values(row(1.0, 0.2)), i));
    }

    // one window, not three restarted ones: closed after windowEvents vectors, against v4's
    // reference, which expects the larger amounts, so it is no alert
    assertThat(readings).hasSize(2 * NAMES.size());
    assertThat(readings).extracting(DriftReading::modelVersion).containsOnly(4L);
    assertThat(readings)
        .extracting(DriftReading::window)
        .containsOnly((long) config.windowEvents());
    assertThat(alerts(readings)).isEmpty();
  }

  /** A reference whose amounts are one larger: what the shifted rows look like. */
  private ReferenceProfile shiftedReference() {
    int n = 4096;
    double[][] rows = new double[n][];
    double[] scores = new double[n];
    for (int i = 0; i < n; i++) {
      rows[i] = row(1.0, 0.2);
      scores[i] = score(8);
    }
    return ReferenceProfiles.of(NAMES, rows, scores, THRESHOLD, 10, 0, 1);
  }

  @Test
  void eachVersionsScoresAreComparedWithItsOwnReferenceWhateverTheOrderTasksSwapIn() {
    DriftWatch watch = serving(3); // v3 scores ~ U^8
    int n = 4096;
    double[][] rows = new double[n][];
    double[] flatter = new double[n];
    for (int i = 0; i < n; i++) {
      rows[i] = row(0, 0.2);
      flatter[i] = score(2);
    }
    watch.reference(4, SPEC, ReferenceProfiles.of(NAMES, rows, flatter, THRESHOLD, 10, 0, 1));
    List<DriftReading> readings = new ArrayList<>();
    for (int i = 0; i < 2 * config.windowEvents(); i++) {
      // two scorer tasks: one already on v4 (scores ~ U^2), one still on v3, interleaved
      boolean four = i % 2 == 0;
      double score = score(four ? 2 : 8);
      readings.addAll(
          watch.onPrediction(
              "e" + i, four ? 4 : 3, false, score, score >= THRESHOLD ? "DECLINE" : "APPROVE", i));
    }

    // one window per version, each full and read against its own reference: no alert (a window
    // mixing both would be far from either reference)
    assertThat(readings).extracting(DriftReading::modelVersion).containsOnly(3L, 4L);
    assertThat(readings)
        .extracting(DriftReading::window)
        .containsOnly((long) config.windowEvents());
    assertThat(alerts(readings)).isEmpty();
  }
}
