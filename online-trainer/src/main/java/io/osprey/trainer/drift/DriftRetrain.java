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
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The retrain a drift alert asks for: the lake bootstrap's batch training ({@link LakeExamples},
 * {@link BatchTrainer}, early stopping on a time split) over the lake's recent examples only: the
 * {@link DriftSettings#RETRAIN_WINDOW} of event time up to the end of the window that raised the
 * alert ({@link #recent}), so the fresh network learns the stream as it was when it drifted. The
 * window is anchored on the alert, not on the lake's newest example: one example stamped far ahead
 * of the stream (the demo's warm-up payment once was, by 12 hours) would otherwise leave the window
 * nearly empty. It only trains; the trainer judges the result with its promotion gate and publishes
 * it, as a challenger unless the gate promotes it.
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

  /** The lake's examples, read once, and whether they reach a given event time yet. */
  public record Lake(LakeExamples.Read read) {
    public static Lake read(TrainerConfig config, Path root) throws IOException {
      return new Lake(LakeExamples.read(root, config.layout()));
    }

    /** The event time of the newest example (Long.MIN_VALUE for none). */
    public long newestEventTime() {
      List<LabelledExample> examples = read.examples();
      return examples.isEmpty() ? Long.MIN_VALUE : examples.get(examples.size() - 1).eventTime();
    }

    /** Whether the lake holds examples up to {@code eventTime} (matured and written by now). */
    public boolean reaches(long eventTime) {
      return newestEventTime() >= eventTime;
    }
  }

  /**
   * Trains on the {@code drift.retrainWindow()} of the lake's event time up to {@code alertEnd}.
   *
   * @param alertEnd event time at which the alert's window ended
   * @throws IllegalArgumentException if the recent examples cannot train a network (too few, or no
   *     fraud in the validation part)
   */
  public static DriftRetrain train(
      TrainerConfig config, DriftConfig drift, Lake lake, long alertEnd) {
    LakeExamples.Read read = lake.read();
    List<LabelledExample> recent = recent(read.examples(), alertEnd, drift.retrainWindow());
    if (recent.size() < 2 * ReferenceRecorder.MIN_ROWS) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "only %d examples in %s within %s before the alert's end (event time %s; %d in the"
                  + " lake, the newest at %s)",
              recent.size(),
              read.directory(),
              drift.retrainWindow(),
              Instant.ofEpochMilli(alertEnd),
              read.examples().size(),
              read.examples().isEmpty()
                  ? "-"
                  : Instant.ofEpochMilli(lake.newestEventTime()).toString()));
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

  /**
   * The examples of {@code ordered} (event-time order) in {@code (alertEnd − window, alertEnd]}:
   * the stream up to the alert, whatever the lake holds after it or far ahead of it.
   */
  static List<LabelledExample> recent(
      List<LabelledExample> ordered, long alertEnd, Duration window) {
    long from = alertEnd - window.toMillis();
    int first = 0;
    while (first < ordered.size() && ordered.get(first).eventTime() <= from) {
      first++;
    }
    int end = first;
    while (end < ordered.size() && ordered.get(end).eventTime() <= alertEnd) {
      end++;
    }
    return ordered.subList(first, end);
  }
}
