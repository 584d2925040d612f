package io.osprey.trainer.intake;

import io.osprey.schema.FeatureVector;
import io.osprey.schema.TrainingExample;
import io.osprey.schema.features.FeatureLayout;
import io.osprey.schema.features.ValueBounds;
import io.osprey.schema.topic.Topic;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The one gate between the {@code training-examples} topic and the learners: decides, for each
 * record, whether the trainer can use it. A record it cannot use is <em>set aside</em> with a
 * reason: counted, logged with its partition and offset, reported on {@code monitoring} with the
 * next publication, and never handed to a learner, so no record can stop training or be retried
 * forever. Set aside:
 *
 * <ul>
 *   <li>{@link Reason#UNDECODABLE}: not a {@code TrainingExample} (or an empty value);
 *   <li>{@link Reason#SPEC_MISMATCH}: computed by another feature spec;
 *   <li>{@link Reason#WRONG_WIDTH}: this spec's hash but not its number of values;
 *   <li>{@link Reason#NON_FINITE}: a NaN or an infinity among the values;
 *   <li>{@link Reason#OUT_OF_BOUNDS}: a value beyond {@link ValueBounds#LIMIT}, which ingest never
 *       produces (a vector from an older ingest, or crafted).
 * </ul>
 */
public final class ExampleIntake {
  /** Why a record was set aside; {@link #outcome()} is its {@code outcome} tag on the meter. */
  public enum Reason {
    UNDECODABLE("undecodable"),
    SPEC_MISMATCH("spec_mismatch"),
    WRONG_WIDTH("wrong_width"),
    NON_FINITE("non_finite"),
    OUT_OF_BOUNDS("out_of_bounds");

    private final String outcome;

    Reason(String outcome) {
      this.outcome = outcome;
    }

    public String outcome() {
      return outcome;
    }
  }

  /** What the intake made of one record. */
  public sealed interface Verdict {}

  /** Usable: the raw values, in the layout's order. */
  public record Usable(String eventId, long eventTime, double[] values, boolean fraud)
      implements Verdict {}

  /** Not usable; {@code detail} names what was wrong. */
  public record SetAside(Reason reason, String detail) implements Verdict {}

  private final Topic<?, TrainingExample> topic;
  private final String specHash;
  private final FeatureLayout layout;

  public ExampleIntake(Topic<?, TrainingExample> topic, String specHash, FeatureLayout layout) {
    this.topic = topic;
    this.specHash = specHash;
    this.layout = layout;
  }

  public Verdict read(byte[] value) {
    TrainingExample example;
    try {
      example = topic.deserializeValue(value);
    } catch (SerializationException e) {
      return new SetAside(Reason.UNDECODABLE, "undecodable: " + e.getMessage());
    }
    if (example == null) {
      return new SetAside(Reason.UNDECODABLE, "empty value");
    }
    FeatureVector vector = example.getFeatures();
    if (!specHash.equals(vector.getSpecHash())) {
      return new SetAside(
          Reason.SPEC_MISMATCH, "feature spec " + vector.getSpecHash() + ", expected " + specHash);
    }
    List<Double> boxed = vector.getValues();
    if (boxed.size() != layout.size()) {
      return new SetAside(
          Reason.WRONG_WIDTH, boxed.size() + " values, the layout has " + layout.size());
    }
    double[] values = new double[boxed.size()];
    for (int i = 0; i < values.length; i++) {
      double v = boxed.get(i);
      if (!Double.isFinite(v)) {
        return new SetAside(Reason.NON_FINITE, layout.names().get(i) + " = " + v);
      }
      if (!ValueBounds.within(v)) {
        return new SetAside(
            Reason.OUT_OF_BOUNDS,
            layout.names().get(i) + " = " + v + ", beyond the feature bound " + ValueBounds.LIMIT);
      }
      values[i] = v;
    }
    return new Usable(vector.getEventId(), vector.getEventTime(), values, example.getFraud());
  }
}
