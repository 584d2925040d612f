package io.osprey.trainer.testing;

import io.osprey.schema.FeatureVector;
import io.osprey.schema.TrainingExample;
import io.osprey.schema.features.FeatureLayout;
import io.osprey.trainer.intake.LabelledExample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Training examples in the {@link FeatureLayout#PAYMENTS} layout with a learnable fraud pattern:
 * frauds are larger, come in bursts, from a changed country, at risky merchants. Seeded, so every
 * run sees the same stream. Public for the quality tests in bench (online-trainer's test-jar).
 */
public final class SyntheticPayments {
  public static final long START_TIME = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

  private final Random random;
  private final double fraudRate;
  private final double camouflage;
  private long sequence;

  public SyntheticPayments(long seed, double fraudRate) {
    this(seed, fraudRate, 0);
  }

  /**
   * @param camouflage share of frauds that look exactly like normal payments: no model can find
   *     them, so PR-AUC stays below 1 and there is something left to learn
   */
  public SyntheticPayments(long seed, double fraudRate, double camouflage) {
    this.random = new Random(seed);
    this.fraudRate = fraudRate;
    this.camouflage = camouflage;
  }

  /** {@code count} examples keyed by entity id, one second of event time apart. */
  public List<Map.Entry<String, TrainingExample>> next(int count) {
    List<Map.Entry<String, TrainingExample>> examples = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      boolean fraud = random.nextDouble() < fraudRate;
      boolean looksLikeFraud = fraud && random.nextDouble() >= camouflage;
      examples.add(example(values(looksLikeFraud), fraud, FeatureLayout.PAYMENTS.specHash()));
    }
    return examples;
  }

  /** {@code count} examples as the trainer's batch and quality code see them, in event order. */
  public List<LabelledExample> labelled(int count) {
    return next(count).stream().map(entry -> LabelledExample.of(entry.getValue())).toList();
  }

  /** The examples of {@code entries} (as sent to Kafka) as labelled examples. */
  public static List<LabelledExample> labelled(List<Map.Entry<String, TrainingExample>> entries) {
    return entries.stream().map(entry -> LabelledExample.of(entry.getValue())).toList();
  }

  /** Examples stamped with a feature spec the trainer does not know. */
  public List<Map.Entry<String, TrainingExample>> withForeignSpec(int count) {
    List<Map.Entry<String, TrainingExample>> examples = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      examples.add(example(values(false), false, "0000000000000000"));
    }
    return examples;
  }

  /** One example of the payments spec with exactly these values (poison included). */
  public Map.Entry<String, TrainingExample> withValues(double[] values, boolean fraud) {
    return example(values, fraud, FeatureLayout.PAYMENTS.specHash());
  }

  /** Raw feature values of a typical fraud or a typical normal payment. */
  public double[] values(boolean fraud) {
    double amountLog = fraud ? gaussian(6.5, 0.8) : gaussian(3.5, 0.8);
    double count1h = fraud ? 6 + random.nextInt(7) : 1 + random.nextInt(3);
    return new double[] {
      amountLog,
      count1h,
      amountLog + Math.log(count1h),
      fraud ? gaussian(4, 1) : gaussian(1, 0.3),
      fraud ? gaussian(4, 1) : gaussian(9, 1),
      bernoulli(fraud ? 0.8 : 0.05),
      bernoulli(fraud ? 0.9 : 0.4),
      bernoulli(fraud ? 0.6 : 0.05),
      // The keyed, label-aware and lag columns of the layout (since issue 13), quiet: 0, so the
      // learnable pattern and the tests' learning dynamics stay those of the card's columns.
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0
    };
  }

  private Map.Entry<String, TrainingExample> example(double[] values, boolean fraud, String spec) {
    long n = sequence++;
    String entity = "card-" + (n % 97);
    long eventTime = START_TIME + n * 1_000;
    List<Double> boxed = new ArrayList<>(values.length);
    for (double value : values) {
      boxed.add(value);
    }
    FeatureVector vector =
        FeatureVector.newBuilder()
            .setEventId("evt-" + n)
            .setEntityId(entity)
            .setEventTime(eventTime)
            .setSpecHash(spec)
            .setValues(boxed)
            .setIngestTime(eventTime)
            .setFeatureTime(eventTime)
            .build();
    TrainingExample example =
        TrainingExample.newBuilder()
            .setFeatures(vector)
            .setFraud(fraud)
            .setLabelTime(fraud ? eventTime + 60_000 : null)
            .setLabelSource(fraud ? "synthetic" : null)
            .setMaturedTime(eventTime + 30_000)
            .build();
    return Map.entry(entity, example);
  }

  private double gaussian(double mean, double std) {
    return mean + std * random.nextGaussian();
  }

  private double bernoulli(double p) {
    return random.nextDouble() < p ? 1.0 : 0.0;
  }
}
