package io.osprey.model.registry;

import io.osprey.model.signing.EnvelopeTrust;
import io.osprey.model.signing.ModelSigner;
import io.osprey.model.signing.ModelSigningSettings;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.platform.kafka.KafkaClients;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.topic.Topic;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Lists, promotes and rolls back models on the {@code models} topic: what an operator does with
 * {@code ./osprey models}. Each operation reads the topic afresh to its end ({@link
 * ModelsTopicReader}), asks the {@link ModelLineage} what it holds, and writes a {@link
 * Republication} signed with this registry's key.
 *
 * <p>Only envelopes signed by a trusted key count: the others are listed (marked untrusted) but
 * never republished and never raise the next version number, so a forged envelope cannot make a
 * rollback overflow or pin a version.
 *
 * <p>The topic is compacted by model name, so what can be listed and republished is what the
 * cleaner has not yet removed: the active segment, and anything younger than the topic's {@code
 * min.compaction.lag.ms}.
 */
public final class ModelRegistry implements AutoCloseable {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
  private static final String CLIENT_ID = "osprey-model-admin";

  private final KafkaClients kafka;
  private final Topic<String, ModelEnvelope> topic;
  private final LongSupplier clock;
  private final Optional<ModelSigner> signer;
  private final EnvelopeTrust trust;
  private final KafkaProducer<byte[], byte[]> producer;

  /**
   * @param signer signs what promote and rollback publish; without one they refuse to run
   * @param trust which envelopes on the topic are believed
   */
  public ModelRegistry(
      KafkaClients kafka,
      Topic<String, ModelEnvelope> topic,
      LongSupplier clock,
      Optional<ModelSigner> signer,
      EnvelopeTrust trust) {
    this.kafka = kafka;
    this.topic = topic;
    this.clock = clock;
    this.signer = signer;
    this.trust = trust;
    this.producer =
        new KafkaProducer<>(
            kafka.idempotentProducer(CLIENT_ID),
            new ByteArraySerializer(),
            new ByteArraySerializer());
  }

  /** A registry for the brokers and {@code models} topic named by {@code settings}. */
  public static ModelRegistry connect(Settings settings) {
    Optional<ModelSigner> signer = ModelSigningSettings.signer(settings);
    return new ModelRegistry(
        KafkaClients.from(settings),
        CommonSettings.topics(settings).models(),
        System::currentTimeMillis,
        signer,
        signer
            .map(own -> EnvelopeTrust.of(settings, own))
            .orElseGet(() -> EnvelopeTrust.of(settings)));
  }

  /** Every version on the topic, by name then version; {@code trusted} says which are believed. */
  public List<ModelVersion> versions() {
    return listed(read(Optional.empty()));
  }

  /** The versions of {@code name} on the topic, oldest first. */
  public List<ModelVersion> versions(String name) {
    return listed(read(Optional.of(name)));
  }

  /** What the topic holds for {@code name}: latest, champion, previous good, rolled back. */
  public ModelLineage lineage(String name) {
    return ModelLineage.of(name, trust, read(Optional.of(name)));
  }

  /**
   * Republishes version {@code version} of {@code name} (champion or challenger) as the champion.
   *
   * @return the envelope published
   * @throws IllegalArgumentException if that version is not on the topic with a trusted signature,
   *     or is already the champion
   */
  public ModelEnvelope promote(String name, long version) {
    List<ModelEnvelope> envelopes = read(Optional.of(name));
    ModelEnvelope chosen =
        envelopes.stream()
            .filter(e -> e.getVersion() == version && trust.believes(e))
            .reduce((first, second) -> second)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        name
                            + " v"
                            + version
                            + " is not on "
                            + topic.name()
                            + " with a trusted signature"));
    ModelLineage lineage = ModelLineage.of(name, trust, envelopes);
    Optional<ModelEnvelope> champion = lineage.champion();
    if (champion.isPresent() && champion.get().getChecksum().equals(chosen.getChecksum())) {
      throw new IllegalArgumentException(
          name
              + " v"
              + version
              + " is already the champion (v"
              + champion.get().getVersion()
              + ")");
    }
    return publish(
        Republication.promotion(chosen, lineage.nextVersion(), clock.getAsLong(), key()));
  }

  /**
   * Republishes the previous good champion ({@link ModelLineage#previousGood}) as the champion,
   * recording the version it replaces.
   *
   * @return the envelope published
   * @throws IllegalStateException if there is no champion, or no previous good one
   */
  public ModelEnvelope rollback(String name) {
    ModelLineage lineage = lineage(name);
    ModelEnvelope current =
        lineage
            .champion()
            .orElseThrow(
                () -> new IllegalStateException("no champion of " + name + " to roll back"));
    ModelEnvelope good =
        lineage
            .previousGood()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no good champion of " + name + " before v" + current.getVersion()));
    return publish(
        Republication.rollback(
            good,
            current.getVersion(),
            lineage.nextVersion(),
            clock.getAsLong(),
            java.util.Map.of(),
            key()));
  }

  private ModelSigner key() {
    return signer.orElseThrow(
        () ->
            new IllegalStateException(
                "publishing a model needs a signing key: set "
                    + ModelSigningSettings.SIGNING_KEY_FILE.key()
                    + " or "
                    + ModelSigningSettings.SIGNING_KEY_ENV));
  }

  private ModelEnvelope publish(ModelEnvelope envelope) {
    try {
      producer
          .send(
              new ProducerRecord<>(
                  topic.name(),
                  topic.serializeKey(envelope.getName()),
                  topic.serializeValue(envelope)))
          .get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot publish " + envelope.getName() + " v" + envelope.getVersion(), e.getCause());
    }
    return envelope;
  }

  /** The envelopes on the topic (of one name, or all), by name then version. */
  private List<ModelEnvelope> read(Optional<String> name) {
    try (ModelsTopicReader reader =
        ModelsTopicReader.connect(kafka, topic, CLIENT_ID + "-reader")) {
      return reader.readNew(name, READ_TIMEOUT);
    }
  }

  private List<ModelVersion> listed(List<ModelEnvelope> envelopes) {
    return envelopes.stream()
        .sorted(
            Comparator.comparing(ModelEnvelope::getName)
                .thenComparingLong(ModelEnvelope::getVersion))
        .map(e -> ModelVersion.of(e, trust.believes(e)))
        .toList();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
