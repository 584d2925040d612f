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
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The retrain a drift alert asks for: the lake bootstrap's batch training ({@link LakeExamples},
 * {@link BatchTrainer}, early stopping on a time split) over the lake's recent examples only, as
 * {@link RetrainWindow} chooses them: the {@link DriftSettings#RETRAIN_WINDOW} of event time up to
 * a little after the alert, and a reference profile of the examples after the alert, so that the
 * retrained model, once it serves, is compared with the stream as it is since it drifted. It only
 * trains; the trainer judges the result with its promotion gate and publishes it, as a challenger
 * unless the gate promotes it.
 *
 * @param model the trained network (raw scores)
 * @param served the network as scorers would serve it (calibrated when a calibration was fitted)
 * @param result what the batch training says of itself (calibration, threshold, figures)
 * @param window the training part's event-time range and size, named after the lake
 * @param profile the reference profile of the examples it learned from after the alert
 */
public record DriftRetrain(
    ScoringModel model,
    ScoringModel served,
    BatchTrainer.Result result,
    TrainingWindow window,
    ReferenceProfile profile) {

  /** The lake's examples, read once, and whether they hold a retrain's yet. */
  public record Lake(LakeExamples.Read read) {
    public static Lake read(TrainerConfig config, Path root) throws IOException {
      return new Lake(LakeExamples.read(root, config.layout()));
    }

    /** The event time of the newest example (Long.MIN_VALUE for none). */
    public long newestEventTime() {
      List<LabelledExample> examples = read.examples();
      return examples.isEmpty() ? Long.MIN_VALUE : examples.get(examples.size() - 1).eventTime();
    }

    /** Whether the lake holds every example {@code window} chooses (matured and written by now). */
    public boolean holds(RetrainWindow window) {
      return window.reachedBy(read.examples());
    }

    /**
     * Where the lake stands for {@code window}, for the status line: "812 of 4096 examples after
     * the alert (its newest +40 s from the alert's end)".
     */
    public String progress(RetrainWindow window) {
      return String.format(
          Locale.ROOT,
          "%d of %d examples after the alert (its newest %s)",
          window.choose(read.examples()).reference().size(),
          window.referenceExamples(),
          read.examples().isEmpty()
              ? "-"
              : String.format(
                  Locale.ROOT,
                  "%+d s from the alert's end",
                  (newestEventTime() - window.alertEnd()) / 1000));
    }
  }

  /**
   * Trains on the examples {@code window} chooses from the lake, and profiles its reference ones.
   *
   * @throws IllegalArgumentException if the chosen examples cannot train a network (too few, or no
   *     fraud in the validation part), or too few come after the alert to describe the stream the
   *     network is meant for (a network of the stream before the shift answers no drift)
   */
  public static DriftRetrain train(
      TrainerConfig config, DriftConfig drift, Lake lake, RetrainWindow window) {
    LakeExamples.Read read = lake.read();
    RetrainWindow.Chosen chosen = window.choose(read.examples());
    if (chosen.training().size() < 2 * ReferenceRecorder.MIN_ROWS
        || chosen.reference().size() < ReferenceRecorder.MIN_ROWS) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "only %d examples in %s within %s around the alert's end (event time %s), %d of them"
                  + " after it (%d in the lake, the newest at %s)",
              chosen.training().size(),
              read.directory(),
              window.span(),
              Instant.ofEpochMilli(window.alertEnd()),
              chosen.reference().size(),
              read.examples().size(),
              read.examples().isEmpty()
                  ? "-"
                  : Instant.ofEpochMilli(lake.newestEventTime()).toString()));
    }
    BatchTrainer.Result result = BatchTrainer.from(config).train(chosen.training());
    ScoringModel raw = result.model().compile();
    ScoringModel served =
        result
            .calibration()
            .<ScoringModel>map(fitted -> new CalibratedModel(raw, fitted.calibration()))
            .orElse(raw);
    List<LabelledExample> training = result.split().training();
    TrainingWindow trainingWindow =
        TrainingWindow.newBuilder()
            .setFromEventTime(training.get(0).eventTime())
            .setToEventTime(training.get(training.size() - 1).eventTime())
            .setExamples(training.size())
            .setOffsets(LakeBootstrap.LAKE_OFFSETS + read.directory().toAbsolutePath().normalize())
            .build();
    List<LabelledExample> reference = chosen.reference();
    double[][] rows = new double[reference.size()][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = reference.get(i).values();
    }
    ReferenceProfile profile =
        ReferenceRecorder.profileOf(
            config.layout().names(),
            rows,
            reference.get(0).eventTime(),
            reference.get(reference.size() - 1).eventTime(),
            served,
            result.threshold().served(),
            drift.bins());
    return new DriftRetrain(result.model(), served, result, trainingWindow, profile);
  }
}
