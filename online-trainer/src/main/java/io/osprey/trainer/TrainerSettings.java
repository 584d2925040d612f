package io.osprey.trainer;

import io.osprey.model.dl4j.MlpShape;
import io.osprey.platform.config.Setting;
import java.time.Duration;

/**
 * Every key the online trainer reads, with its default, in one place. Kafka endpoints and topic
 * names come from {@link io.osprey.platform.config.CommonSettings}; {@link TrainerConfig#from}
 * resolves these keys into the typed values the trainer's classes take.
 */
public final class TrainerSettings {

  /** One trainer per model name; the name is also the key of its envelopes on {@code models}. */
  public static final Setting<String> MODEL_NAME =
      Setting.text("trainer.model.name", "Name of the model this trainer owns.", "fraud");

  public static final Setting<Integer> BATCH_SIZE =
      Setting.integer(
          "trainer.batch.size", "Examples per mini-batch (one gradient step each).", 64, 1, 65_536);

  /**
   * On a slow stream a partial batch would otherwise wait forever; after this long it is trained as
   * it is. Short enough that the demo shows progress, long enough to keep batches full under load.
   */
  public static final Setting<Duration> BATCH_LINGER =
      Setting.duration(
          "trainer.batch.linger",
          "How long a partial mini-batch waits for more examples before it is trained anyway.",
          Duration.ofSeconds(2));

  /** 0 turns the count trigger off, leaving only {@link #PUBLISH_INTERVAL}. */
  public static final Setting<Integer> PUBLISH_EVERY_EXAMPLES =
      Setting.integer(
          "trainer.publish.every.examples",
          "Publish a new model version after this many newly trained examples (0: never by count).",
          2048,
          0,
          Integer.MAX_VALUE);

  /** A time trigger for quiet streams: new examples never wait longer than this to be published. */
  public static final Setting<Duration> PUBLISH_INTERVAL =
      Setting.duration(
          "trainer.publish.interval",
          "Publish a new model version when this long has passed since the last one and new"
              + " examples were trained.",
          Duration.ofMinutes(1));

  public static final Setting<Double> THRESHOLD =
      Setting.decimal(
          "trainer.threshold",
          "Operating threshold: a score at or above it is a fraud decision. Stored in the envelope.",
          0.5,
          0.0,
          1.0);

  public static final Setting<Integer> EVALUATION_WINDOW_BATCHES =
      Setting.integer(
          "trainer.evaluation.window.batches",
          "Mini-batches in the sliding window of recent prequential precision/recall/F1.",
          20,
          1,
          100_000);

  public static final Setting<String> CONSUMER_GROUP =
      Setting.text(
          "trainer.consumer.group.id",
          "Kafka consumer group of the trainer (committed after each publication).",
          "osprey-trainer");

  public static final Setting<Integer> METRICS_PORT =
      Setting.integer(
          "trainer.metrics.port",
          "Port of the Prometheus endpoint of TrainerMain (0: a free port).",
          9402,
          0,
          65_535);

  public static final Setting<String> HIDDEN_LAYERS =
      Setting.text(
          "trainer.model.hidden.layers",
          "Units per hidden layer, input side first, comma-separated. Ignored when resuming.",
          "32,16");

  public static final Setting<Double> LEARNING_RATE =
      Setting.decimal(
          "trainer.model.learning.rate",
          "Adam step size of a new network. Ignored when resuming (the updater state is kept).",
          MlpShape.DEFAULT.learningRate(),
          1e-7,
          1.0);

  public static final Setting<Double> L2 =
      Setting.decimal(
          "trainer.model.l2", "Weight decay of a new network.", MlpShape.DEFAULT.l2(), 0.0, 1.0);

  public static final Setting<Long> SEED =
      Setting.longInteger(
          "trainer.model.seed",
          "Seed of the initial weights of a new network.",
          MlpShape.DEFAULT.seed(),
          Long.MIN_VALUE,
          Long.MAX_VALUE);

  private TrainerSettings() {}
}
