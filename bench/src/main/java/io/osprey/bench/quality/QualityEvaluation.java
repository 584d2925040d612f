package io.osprey.bench.quality;

import io.osprey.model.evaluation.ConfusionMatrix;
import io.osprey.model.evaluation.Scores;
import io.osprey.trainer.intake.LabelledExample;
import io.osprey.trainer.intake.TrainingBatch;
import io.osprey.trainer.learning.Learner;
import io.osprey.trainer.learning.OnlineLogisticRegression;
import io.osprey.trainer.learning.PrequentialLearner;
import io.osprey.trainer.review.OperatingThreshold;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Quality over event time, the same run for three contenders on the same examples:
 *
 * <ul>
 *   <li><b>online learner</b>: the trainer's learner ({@code trainer.learner}: {@link Learner} or
 *       {@link io.osprey.trainer.learning.WideAndDeepLearner}), learning in mini-batches in
 *       event-time order, each batch scored before it is learned from (prequential);
 *   <li><b>online logistic regression</b>: the baseline ({@link OnlineLogisticRegression}), the
 *       same way on the same batches;
 *   <li><b>offline upper bound</b>: the network trained on everything, scored in sample ({@link
 *       OfflineUpperBound}).
 * </ul>
 *
 * For each window ({@link QualityWindows}) it reports precision, recall, F1 and PR-AUC of each,
 * over the window and over everything up to its end. Online decisions use the threshold in force,
 * chosen by the configured {@code ThresholdPolicy} on the previous window's scores (as the trainer
 * chooses at each publication); the upper bound's is chosen once on all its scores. Scores are
 * uncalibrated (calibration does not change rankings, and the threshold is chosen on the same scale
 * it is applied to).
 *
 * <p>A plain Java API: give it examples read from the {@code training-examples} topic or the lake
 * ({@link io.osprey.trainer.bootstrap.LakeExamples}), write the report with {@link QualityCsv}.
 */
public final class QualityEvaluation {
  /** The ids of the recomputed contenders in {@link QualityReport#contenders()}. */
  public static final String LEARNER = "learner";

  public static final String LOGREG = "logreg";
  public static final String UPPER_BOUND = "upper_bound";

  private QualityEvaluation() {}

  /**
   * Runs the three contenders over {@code ordered} (event-time order, as {@link
   * LabelledExample#BY_EVENT_TIME} sorts them).
   *
   * @throws IllegalArgumentException if the examples are empty or out of event-time order
   */
  public static QualityReport run(List<LabelledExample> ordered, QualityOptions options) {
    if (ordered.isEmpty()) {
      throw new IllegalArgumentException("no examples to evaluate");
    }
    for (int i = 1; i < ordered.size(); i++) {
      if (ordered.get(i).eventTime() < ordered.get(i - 1).eventTime()) {
        throw new IllegalArgumentException("examples are not in event-time order at index " + i);
      }
    }
    int features = ordered.get(0).values().length;
    double[] labels = new double[ordered.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = ordered.get(i).fraud() ? 1 : 0;
    }
    double[] mlp =
        prequential(
            options
                .learner()
                .fresh(options.shape(), features, options.imbalance(), options.wideAndDeep()),
            ordered,
            options);
    double[] logReg =
        prequential(
            new OnlineLogisticRegression(
                features,
                options.baselineLearningRate(),
                options.shape().l2(),
                options.imbalance(),
                options.shape().seed()),
            ordered,
            options);
    double[] upper = OfflineUpperBound.of(options).inSampleScores(ordered);
    double upperThreshold =
        OperatingThreshold.uncalibrated(options.thresholdPolicy().fixedThreshold())
            .next(options.thresholdPolicy(), upper, labels, Optional.empty())
            .raw();

    List<int[]> ranges = options.windows().ranges(ordered);
    List<WindowQuality> windows = new ArrayList<>(ranges.size());
    Contender onlineMlp = new Contender(mlp, labels, options);
    Contender onlineLogReg = new Contender(logReg, labels, options);
    Contender offline = new Contender(upper, labels, upperThreshold);
    for (int w = 0; w < ranges.size(); w++) {
      int from = ranges.get(w)[0];
      int to = ranges.get(w)[1];
      int frauds = 0;
      for (int i = from; i < to; i++) {
        frauds += labels[i] >= 0.5 ? 1 : 0;
      }
      windows.add(
          new WindowQuality(
              w,
              ordered.get(from).eventTime(),
              ordered.get(to - 1).eventTime(),
              to - from,
              frauds,
              onlineMlp.window(from, to),
              onlineLogReg.window(from, to),
              offline.window(from, to),
              onlineMlp.sinceStart(to),
              onlineLogReg.sinceStart(to),
              offline.sinceStart(to)));
    }
    return new QualityReport(
        windows,
        onlineMlp.overall(),
        onlineLogReg.overall(),
        offline.overall(),
        List.of(
            onlineMlp.perExample(
                LEARNER, "online learner (the trainer's, recomputed prequentially)"),
            onlineLogReg.perExample(LOGREG, "online logistic regression (baseline)"),
            offline.perExample(
                UPPER_BOUND, "offline learner on all data, in sample (upper bound)")));
  }

  /** The scores {@code learner} gives each example just before it learns from it. */
  private static double[] prequential(
      PrequentialLearner learner, List<LabelledExample> ordered, QualityOptions options) {
    double[] scores = new double[ordered.size()];
    for (int start = 0; start < ordered.size(); start += options.batchSize()) {
      int end = Math.min(ordered.size(), start + options.batchSize());
      TrainingBatch batch = LabelledExample.batch(ordered.subList(start, end));
      System.arraycopy(learner.evaluateThenFit(batch), 0, scores, start, end - start);
    }
    return scores;
  }

  /** One contender's scores, and its decisions window by window. */
  private static final class Contender {
    private final double[] scores;
    private final double[] labels;
    private final QualityOptions options; // null: a fixed threshold
    private final double[] decisions;
    private OperatingThreshold threshold;
    private ConfusionMatrix total = ConfusionMatrix.EMPTY;

    /** An online contender: its threshold moves after each window per the policy. */
    Contender(double[] scores, double[] labels, QualityOptions options) {
      this.scores = scores;
      this.labels = labels;
      this.options = options;
      this.decisions = new double[scores.length];
      this.threshold = OperatingThreshold.uncalibrated(options.thresholdPolicy().fixedThreshold());
    }

    /** A contender with one threshold throughout. */
    Contender(double[] scores, double[] labels, double threshold) {
      this.scores = scores;
      this.labels = labels;
      this.options = null;
      this.decisions = new double[scores.length];
      this.threshold = OperatingThreshold.uncalibrated(threshold);
    }

    /** Windows must come in order: online thresholds depend on the window before. */
    ModelQuality window(int from, int to) {
      double[] windowScores = Arrays.copyOfRange(scores, from, to);
      double[] windowLabels = Arrays.copyOfRange(labels, from, to);
      ConfusionMatrix decided = ConfusionMatrix.of(windowScores, windowLabels, threshold.raw());
      total = total.plus(decided);
      for (int i = from; i < to; i++) {
        decisions[i] = Scores.probability(scores[i]) >= threshold.raw() ? 1 : 0;
      }
      if (options != null) {
        threshold =
            threshold.next(options.thresholdPolicy(), windowScores, windowLabels, Optional.empty());
      }
      return ModelQuality.of(windowScores, windowLabels, decided);
    }

    /** Each example's score and decision; call after every window. */
    ContenderScores perExample(String id, String description) {
      return ContenderScores.everyRow(id, description, scores, decisions);
    }

    /**
     * The figures of examples {@code [0, to)}: the decisions made so far (thresholds as they were
     * in force), PR-AUC over all their scores. Call after {@link #window} of the window ending at
     * {@code to}.
     */
    ModelQuality sinceStart(int to) {
      return ModelQuality.of(
          Arrays.copyOfRange(scores, 0, to), Arrays.copyOfRange(labels, 0, to), total);
    }

    ModelQuality overall() {
      return sinceStart(scores.length);
    }
  }
}
