package io.osprey.trainer.bootstrap;

import io.osprey.model.PlattCalibration;
import io.osprey.model.dl4j.Dl4jMlp;
import io.osprey.model.dl4j.MlpShape;
import io.osprey.model.evaluation.ConfusionMatrix;
import io.osprey.model.evaluation.RankingMetrics;
import io.osprey.trainer.TrainerConfig;
import io.osprey.trainer.TrainerSettings;
import io.osprey.trainer.intake.LabelledExample;
import io.osprey.trainer.intake.TrainingBatch;
import io.osprey.trainer.learning.EpochTrainer;
import io.osprey.trainer.learning.ImbalancePolicy;
import io.osprey.trainer.review.Calibrator;
import io.osprey.trainer.review.OperatingThreshold;
import io.osprey.trainer.review.ThresholdPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the online trainer's network in batch over examples in event-time order (the lake's):
 *
 * <ol>
 *   <li>split by time ({@link TimeSplit}): the last part of the event-time range validates;
 *   <li>fit the normaliser on the training part only;
 *   <li>train epochs ({@link EpochTrainer}) until validation PR-AUC has not improved for {@code
 *       patience} epochs ({@link EarlyStopping}), keeping the best epoch's weights;
 *   <li>on the validation part, with the best network: fit the calibration ({@code
 *       platt-validation}), choose the threshold with the configured {@link ThresholdPolicy} (on
 *       the calibrated scale, {@link OperatingThreshold}) and measure the figures for the envelope.
 * </ol>
 *
 * The same validation examples choose the epoch, the calibration and the threshold, so its figures
 * are slightly optimistic; they are what a time-split validation can say, and the online trainer's
 * prequential figures take over from there.
 */
public final class BatchTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(BatchTrainer.class);

  /** Metric keys the bootstrap adds to the envelope's figures. */
  public static final String BEST_EPOCH = "bootstrap_best_epoch";

  public static final String EPOCHS = "bootstrap_epochs";
  public static final String TRAINING_EXAMPLES = "bootstrap_training_examples";
  public static final String VALIDATION_EXAMPLES = "bootstrap_validation_examples";

  private final MlpShape shape;
  private final int features;
  private final ImbalancePolicy imbalance;
  private final ThresholdPolicy thresholdPolicy;
  private final Calibrator calibrator;
  private final double alertBudget;
  private final BootstrapOptions options;

  public BatchTrainer(
      MlpShape shape,
      int features,
      ImbalancePolicy imbalance,
      ThresholdPolicy thresholdPolicy,
      Calibrator calibrator,
      double alertBudget,
      BootstrapOptions options) {
    this.shape = shape;
    this.features = features;
    this.imbalance = imbalance;
    this.thresholdPolicy = thresholdPolicy;
    this.calibrator = calibrator;
    this.alertBudget = alertBudget;
    this.options = options;
  }

  /**
   * A batch trainer of the network, imbalance handling and threshold the trainer is set up with.
   */
  public static BatchTrainer from(TrainerConfig config) {
    return new BatchTrainer(
        config.shape(),
        config.layout().size(),
        config.imbalance(),
        config.thresholdPolicy(),
        config.calibrator(),
        config.alertBudget(),
        config.bootstrap());
  }

  /**
   * What the batch run produced.
   *
   * @param model the best epoch's network, its scores corrected to probabilities (imbalance)
   * @param calibration fitted on the validation part, if it could be
   * @param threshold the operating threshold, served (calibrated) and raw
   * @param metrics the envelope's figures: validation figures of the served model, epochs
   * @param validationPrAuc validation PR-AUC of each epoch, in order
   */
  public record Result(
      Dl4jMlp model,
      Optional<Calibrator.Fitted> calibration,
      OperatingThreshold threshold,
      Map<String, Double> metrics,
      TimeSplit split,
      int bestEpoch,
      List<Double> validationPrAuc) {}

  /**
   * Trains on {@code ordered} (event-time order).
   *
   * @throws IllegalArgumentException if the examples cannot be split by time, or the validation
   *     part has no fraud (early stopping on PR-AUC needs one)
   */
  public Result train(List<LabelledExample> ordered) {
    TimeSplit split = TimeSplit.lastFraction(ordered, options.validationFraction());
    TrainingBatch training = LabelledExample.batch(split.training());
    TrainingBatch validation = LabelledExample.batch(split.validation());
    long validationFrauds = count(validation.labels());
    if (validationFrauds == 0) {
      throw new IllegalArgumentException(
          "the validation part ("
              + validation.size()
              + " examples from event time "
              + split.validationFrom()
              + ") has no fraud: early stopping on PR-AUC needs some; raise "
              + TrainerSettings.BOOTSTRAP_VALIDATION_FRACTION.key());
    }
    Dl4jMlp model = Dl4jMlp.create(shape, features);
    model.setNormalizer(EpochTrainer.fitNormalizer(training.features(), features));
    EpochTrainer epochs = new EpochTrainer(model, imbalance, options.batchSize(), shape.seed());
    EarlyStopping stopping = new EarlyStopping(options.patience());
    double correction = imbalance.logitCorrection();
    List<Double> history = new ArrayList<>();
    Dl4jMlp best = model.copy();
    while (stopping.epochs() < options.maxEpochs() && !stopping.shouldStop()) {
      long start = System.nanoTime();
      epochs.fitEpoch(training.features(), training.labels());
      double[] scores = EpochTrainer.scores(model, validation.features(), correction);
      double prAuc = RankingMetrics.of(scores, validation.labels(), alertBudget).prAuc();
      history.add(prAuc);
      if (stopping.record(prAuc)) {
        best = model.copy();
      }
      LOG.info(
          "epoch {}: validation PR-AUC {} ({} ms){}",
          stopping.epochs(),
          String.format("%.4f", prAuc),
          (System.nanoTime() - start) / 1_000_000,
          stopping.bestEpoch() == stopping.epochs() ? ", best so far" : "");
    }
    best.shiftOutputLogit(correction);
    double[] scores = EpochTrainer.scores(best, validation.features(), 0);
    Optional<Calibrator.Fitted> calibration =
        calibrator.fit(scores, validation.labels(), Calibrator.VALIDATION);
    Optional<PlattCalibration> platt = calibration.map(Calibrator.Fitted::calibration);
    OperatingThreshold threshold =
        OperatingThreshold.uncalibrated(thresholdPolicy.fixedThreshold())
            .next(thresholdPolicy, scores, validation.labels(), platt);
    double[] served = scores.clone();
    platt.ifPresent(
        c -> {
          for (int i = 0; i < served.length; i++) {
            served[i] = c.apply(served[i]);
          }
        });
    Map<String, Double> metrics =
        figures(served, validation.labels(), threshold.served(), correction);
    metrics.put(
        "log_loss_uncalibrated", RankingMetrics.of(scores, validation.labels(), 1).logLoss());
    metrics.put(BEST_EPOCH, (double) stopping.bestEpoch());
    metrics.put(EPOCHS, (double) stopping.epochs());
    metrics.put(TRAINING_EXAMPLES, (double) training.size());
    metrics.put(VALIDATION_EXAMPLES, (double) validation.size());
    return new Result(
        best, calibration, threshold, metrics, split, stopping.bestEpoch(), List.copyOf(history));
  }

  /** The served model's validation figures, named like the online trainer's. */
  private Map<String, Double> figures(
      double[] scores, double[] labels, double threshold, double correction) {
    ConfusionMatrix matrix = ConfusionMatrix.of(scores, labels, threshold);
    RankingMetrics ranking = RankingMetrics.of(scores, labels, alertBudget);
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("precision", matrix.precision());
    metrics.put("recall", matrix.recall());
    metrics.put("f1", matrix.f1());
    metrics.put("examples", (double) labels.length);
    metrics.put("pr_auc", ranking.prAuc());
    putIfFinite(metrics, "roc_auc", ranking.rocAuc());
    metrics.put("log_loss", ranking.logLoss());
    metrics.put("precision_at_budget", ranking.precisionAtBudget());
    metrics.put("recall_at_budget", ranking.recallAtBudget());
    metrics.put("alert_budget", alertBudget);
    metrics.put(ImbalancePolicy.CORRECTION_METRIC, correction);
    return metrics;
  }

  private static void putIfFinite(Map<String, Double> metrics, String key, double value) {
    if (Double.isFinite(value)) {
      metrics.put(key, value);
    }
  }

  private static long count(double[] labels) {
    long frauds = 0;
    for (double label : labels) {
      frauds += label >= 0.5 ? 1 : 0;
    }
    return frauds;
  }
}
