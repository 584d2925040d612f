package io.osprey.trainer.drift;

import io.osprey.model.CalibratedModel;
import io.osprey.model.ScoringModel;
import io.osprey.schema.ReferenceProfile;
import io.osprey.schema.TrainingWindow;
import io.osprey.trainer.TrainerConfig;
import io.osprey.trainer.bootstrap.BatchTrainer;
import io.osprey.trainer.bootstrap.LakeBootstrap;
import io.osprey.trainer.bootstrap.LakeExamples;
import io.osprey.trainer.intake.LabelledExample;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The retrain a drift alert asks for: the lake bootstrap's batch training ({@link LakeExamples},
 * {@link BatchTrainer}, early stopping on a time split) over the lake's recent examples only (the
 * last {@link DriftSettings#RETRAIN_WINDOW} of event time before its newest one), so the fresh
 * network learns the regime the stream drifted into. It only trains; the trainer judges the result
 * with its promotion gate and publishes it, as a challenger unless the gate promotes it.
 *
 * @param model the trained network (raw scores)
 * @param served the network as scorers would serve it (calibrated when a calibration was fitted)
 * @param result what the batch training says of itself (calibration, threshold, figures)
 * @param window the training part's event-time range and size, named after the lake
 * @param profile the reference profile of the examples it learned from
 */
public record DriftRetrain(
    ScoringModel model,
    ScoringModel served,
    BatchTrainer.Result result,
    TrainingWindow window,
    ReferenceProfile profile) {

  /**
   * Reads the lake under {@code lake} and trains on its last {@code window} of event time.
   *
   * @throws IOException if the lake cannot be read
   * @throws IllegalArgumentException if the recent examples cannot train a network (too few, or no
   *     fraud in the validation part)
   */
  public static DriftRetrain train(TrainerConfig config, DriftConfig drift, Path lake)
      throws IOException {
    LakeExamples.Read read = LakeExamples.read(lake, config.layout());
    List<LabelledExample> recent = recent(read.examples(), drift.retrainWindow());
    if (recent.size() < 2 * ReferenceRecorder.MIN_ROWS) {
      throw new IllegalArgumentException(
          "only " + recent.size() + " recent examples in " + read.directory());
    }
    BatchTrainer.Result result = BatchTrainer.from(config).train(recent);
    ScoringModel raw = result.model().compile();
    ScoringModel served =
        result
            .calibration()
            .<ScoringModel>map(fitted -> new CalibratedModel(raw, fitted.calibration()))
            .orElse(raw);
    List<LabelledExample> training = result.split().training();
    TrainingWindow window =
        TrainingWindow.newBuilder()
            .setFromEventTime(training.get(0).eventTime())
            .setToEventTime(training.get(training.size() - 1).eventTime())
            .setExamples(training.size())
            .setOffsets(LakeBootstrap.LAKE_OFFSETS + read.directory().toAbsolutePath().normalize())
            .build();
    double[][] rows = new double[recent.size()][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = recent.get(i).values();
    }
    ReferenceProfile profile =
        ReferenceRecorder.profileOf(
            config.layout().names(),
            rows,
            recent.get(0).eventTime(),
            recent.get(recent.size() - 1).eventTime(),
            served,
            result.threshold().served(),
            drift.bins());
    return new DriftRetrain(result.model(), served, result, window, profile);
  }

  /** The examples within {@code window} of event time before the newest (event-time order). */
  static List<LabelledExample> recent(List<LabelledExample> ordered, Duration window) {
    if (ordered.isEmpty()) {
      return ordered;
    }
    long from = ordered.get(ordered.size() - 1).eventTime() - window.toMillis();
    int first = 0;
    while (first < ordered.size() && ordered.get(first).eventTime() < from) {
      first++;
    }
    return ordered.subList(first, ordered.size());
  }
}
