package io.osprey.trainer.bootstrap;

import io.osprey.model.ModelEnvelopes;
import io.osprey.model.dl4j.Dl4jMlp;
import io.osprey.model.registry.ModelLineage;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.MonitoringEvent;
import io.osprey.schema.TrainingWindow;
import io.osprey.schema.topic.OspreyTopics;
import io.osprey.trainer.ChampionBook;
import io.osprey.trainer.OnlineTrainer;
import io.osprey.trainer.TrainerClients;
import io.osprey.trainer.TrainerConfig;
import io.osprey.trainer.intake.LabelledExample;
import io.osprey.trainer.monitoring.TrainerMonitoring;
import io.osprey.trainer.publication.CodeVersion;
import io.osprey.trainer.publication.ModelPublisher;
import io.osprey.trainer.review.Calibrator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batch half of hybrid training: reads the lake's training examples ({@link LakeExamples}),
 * trains the online trainer's network on them with early stopping on a time split ({@link
 * BatchTrainer}), and publishes the result on {@code models} as the champion, under a version newer
 * than anything there. An {@link OnlineTrainer} started afterwards resumes from that envelope
 * (weights, normaliser, threshold) and goes on learning from the stream.
 *
 * <p>Lineage: the training window is the training part's event-time range and example count, its
 * {@code offsets} say {@code lake:<directory>} (the examples came from files, not from the topic),
 * the parent is the latest version on the topic when the bootstrap published (whatever it was), and
 * the figures are the validation part's. An online trainer resuming from it skips the examples up
 * to the window's end ({@link #learnedThrough}); the validation part, later in time, it learns.
 *
 * <p>A bootstrap is an operator's decision, like {@code models promote}: it is published as
 * champion without the gate (the online trainer's hold-out was partly learned by the incumbent, so
 * the comparison would be unfair to the newcomer). The envelope is written with an idempotent
 * producer, not in the online trainer's transaction, so a running trainer is not fenced; it
 * publishes its next version above the bootstrap's (it catches up with the topic before each
 * publication).
 */
public final class LakeBootstrap {
  /** How a bootstrap's training window names its source, in place of topic offsets. */
  public static final String LAKE_OFFSETS = "lake:";

  /**
   * The event time through which a model trained by a bootstrap has learned the lake's examples, or
   * {@link Long#MIN_VALUE} when {@code window} is not a bootstrap's. The online trainer that
   * resumes from such a model skips examples up to it: they are the lake's own rows, reaching the
   * trainer again through {@code training-examples}, and learning them twice would weigh the past
   * double.
   */
  public static long learnedThrough(TrainingWindow window) {
    String offsets = window.getOffsets();
    return offsets != null && offsets.startsWith(LAKE_OFFSETS)
        ? window.getToEventTime()
        : Long.MIN_VALUE;
  }

  private static final Logger LOG = LoggerFactory.getLogger(LakeBootstrap.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** The key of the bootstrap's event on {@code monitoring}. */
  public static final String MONITORING_METRIC = "trainer.bootstrap";

  private final TrainerConfig config;
  private final OspreyTopics topics;
  private final Consumer<byte[], byte[]> modelsReader;
  private final Producer<byte[], byte[]> producer;

  /** A bootstrap using, and closing, the given clients (see {@link #run(Settings, Path)}). */
  public LakeBootstrap(
      TrainerConfig config,
      OspreyTopics topics,
      Consumer<byte[], byte[]> modelsReader,
      Producer<byte[], byte[]> producer) {
    Dl4jMlp.limitNativeThreads(config.nativeThreads());
    this.config = config;
    this.topics = topics;
    this.modelsReader = modelsReader;
    this.producer = producer;
  }

  /** Bootstraps the model of {@code settings} from the lake at {@code lake} and publishes it. */
  public static ModelEnvelope run(Settings settings, Path lake) throws IOException {
    TrainerConfig config = TrainerConfig.from(settings);
    Map<String, Object> producerConfig = new HashMap<>(TrainerClients.plainProducer(config));
    producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "osprey-bootstrap-" + config.modelName());
    return new LakeBootstrap(
            config,
            CommonSettings.topics(settings),
            new KafkaConsumer<>(TrainerClients.modelsReader(config)),
            new KafkaProducer<>(producerConfig))
        .bootstrap(lake);
  }

  /**
   * Reads, trains, publishes; closes the clients.
   *
   * @return the envelope published
   */
  public ModelEnvelope bootstrap(Path lake) throws IOException {
    try (modelsReader;
        producer) {
      long start = System.nanoTime();
      LakeExamples.Read read = LakeExamples.read(lake, config.layout());
      LOG.info(
          "read {} examples from {} ({} files, {} rows, {} duplicates, {} of another spec, {}"
              + " non-finite) in {} ms",
          read.examples().size(),
          read.directory(),
          read.files(),
          read.rows(),
          read.duplicates(),
          read.otherSpec(),
          read.nonFinite(),
          (System.nanoTime() - start) / 1_000_000);
      BatchTrainer.Result result = BatchTrainer.from(config).train(read.examples());
      return publish(read, result);
    }
  }

  private ModelEnvelope publish(LakeExamples.Read read, BatchTrainer.Result result) {
    ModelLineage found =
        ChampionBook.lineageOnTopic(modelsReader, topics.models(), config, TIMEOUT);
    Long parent = found.latest().map(ModelEnvelope::getVersion).orElse(null);
    long version = found.nextVersion();
    List<LabelledExample> training = result.split().training();
    TrainingWindow window =
        TrainingWindow.newBuilder()
            .setFromEventTime(training.get(0).eventTime())
            .setToEventTime(training.get(training.size() - 1).eventTime())
            .setExamples(training.size())
            .setOffsets(LAKE_OFFSETS + read.directory().toAbsolutePath().normalize())
            .build();
    ModelEnvelopes.Publication publication =
        new ModelEnvelopes.Publication(
            config.modelName(),
            version,
            parent,
            ModelEnvelopes.CHAMPION,
            config.layout().specHash(),
            config.layout().names(),
            window,
            result.metrics(),
            result.threshold().served(),
            CodeVersion.current(),
            result.calibration().map(Calibrator.Fitted::toAvro).orElse(null));
    long now = System.currentTimeMillis();
    String detail =
        String.format(
            Locale.ROOT,
            "model=%s v%d bootstrapped from %s: %d training and %d validation examples, best"
                + " epoch %d of %d, validation PR-AUC %.4f",
            config.modelName(),
            version,
            window.getOffsets(),
            training.size(),
            result.split().validation().size(),
            result.bestEpoch(),
            result.validationPrAuc().size(),
            result.metrics().get("pr_auc"));
    MonitoringEvent event =
        TrainerMonitoring.model(
            MONITORING_METRIC, result.metrics().get("pr_auc"), version, detail, now);
    try (ModelPublisher publisher =
        new ModelPublisher(producer, topics, config.modelName(), false, config.requireSigner())) {
      ModelEnvelope envelope =
          publisher
              .publish(result.model(), publication, List.of(event), ModelPublisher.Offsets.NONE)
              .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      LOG.info(detail);
      return envelope;
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not publish the bootstrapped model", e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("publishing the bootstrapped model timed out", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing", e);
    }
  }
}
