package io.osprey.scoring;

import io.osprey.model.ModelEnvelopes;
import io.osprey.model.signing.EnvelopeTrust;
import io.osprey.model.signing.ModelSigner;
import io.osprey.model.signing.ModelSigningSettings;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.platform.kafka.KafkaClients;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.topic.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Lists, promotes and rolls back models on the {@code models} topic: what the CLI's {@code models}
 * command calls. A promotion or rollback never rewrites history: it republishes the chosen
 * envelope's payload as champion under the next version number of its name, with {@code
 * parentVersion} naming the version it copies. Versions therefore only go up for every reader (the
 * scorers' gate, the trainer resuming its sequence), and each scorer accepts the republished
 * payload without loading it again when it still retains that version ({@link ModelStore}).
 *
 * <p>Only envelopes signed by a trusted key count: the others are listed (marked untrusted) but
 * never republished and never raise the next version number, so a forged envelope cannot make a
 * rollback overflow or pin a version. What is published is signed with this admin's key.
 *
 * <p>The topic is compacted by model name, so what can be listed and republished is what the
 * cleaner has not yet removed: the active segment, and anything younger than the topic's {@code
 * min.compaction.lag.ms}.
 */
public final class ModelAdmin implements AutoCloseable {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  /** One published envelope, without its payload. */
  public record ModelVersion(
      String name,
      long version,
      String role,
      Long parentVersion,
      long createdAt,
      Map<String, Double> metrics,
      double threshold,
      String specHash,
      String checksum,
      boolean trusted) {
    static ModelVersion of(ModelEnvelope envelope, boolean trusted) {
      return new ModelVersion(
          envelope.getName(),
          envelope.getVersion(),
          envelope.getRole(),
          envelope.getParentVersion(),
          envelope.getCreatedAt(),
          Map.copyOf(envelope.getMetrics()),
          envelope.getThreshold(),
          envelope.getSpecHash(),
          envelope.getChecksum(),
          trusted);
    }

    boolean champion() {
      return ModelEnvelopes.CHAMPION.equals(role);
    }
  }

  private final KafkaClients kafka;
  private final Topic<String, ModelEnvelope> topic;
  private final LongSupplier clock;
  private final Optional<ModelSigner> signer;
  private final EnvelopeTrust trust;
  private final KafkaProducer<byte[], byte[]> producer;

  /**
   * An admin of an unsecured broker (the embedded one of tests).
   *
   * @param signer signs what promote and rollback publish; without one they refuse to run
   * @param trust which envelopes on the topic are believed: the others are never republished and
   *     never set the next version number
   */
  public ModelAdmin(
      String bootstrap,
      Topic<String, ModelEnvelope> topic,
      LongSupplier clock,
      Optional<ModelSigner> signer,
      EnvelopeTrust trust) {
    this(KafkaClients.plaintext(bootstrap), topic, clock, signer, trust);
  }

  public ModelAdmin(
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
            kafka.idempotentProducer("osprey-model-admin"),
            new ByteArraySerializer(),
            new ByteArraySerializer());
  }

  /** An admin for the brokers and {@code models} topic named by {@code settings}. */
  public static ModelAdmin connect(Settings settings) {
    Optional<ModelSigner> signer = ModelSigningSettings.signer(settings);
    return new ModelAdmin(
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
    return read(Optional.empty()).stream().map(e -> ModelVersion.of(e, trust.believes(e))).toList();
  }

  /** The versions of {@code name} on the topic, oldest first. */
  public List<ModelVersion> versions(String name) {
    return read(Optional.of(name)).stream()
        .map(e -> ModelVersion.of(e, trust.believes(e)))
        .toList();
  }

  /**
   * The believed envelopes of {@code name}: an unsigned or forged one (say a version {@code
   * Long.MAX_VALUE} written by someone who can reach the topic) is neither republished nor counted
   * when the next version is chosen.
   */
  private List<ModelEnvelope> trusted(String name) {
    return read(Optional.of(name)).stream().filter(trust::believes).toList();
  }

  /**
   * Republishes version {@code version} of {@code name} (champion or challenger) as the champion.
   *
   * @return the envelope published
   * @throws IllegalArgumentException if that version is not on the topic, or already the champion
   */
  public ModelEnvelope promote(String name, long version) {
    List<ModelEnvelope> envelopes = trusted(name);
    ModelEnvelope chosen =
        envelopes.stream()
            .filter(e -> e.getVersion() == version)
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
    Optional<ModelEnvelope> champion = champion(envelopes);
    if (champion.isPresent() && champion.get().getChecksum().equals(chosen.getChecksum())) {
      throw new IllegalArgumentException(
          name
              + " v"
              + version
              + " is already the champion (v"
              + champion.get().getVersion()
              + ")");
    }
    return republish(chosen, envelopes);
  }

  /**
   * Republishes the champion that served before the current one (the latest earlier champion with a
   * different payload) as the champion.
   *
   * @return the envelope published
   * @throws IllegalStateException if there is no earlier champion on the topic
   */
  public ModelEnvelope rollback(String name) {
    List<ModelEnvelope> envelopes = trusted(name);
    ModelEnvelope current =
        champion(envelopes)
            .orElseThrow(
                () -> new IllegalStateException("no champion of " + name + " to roll back"));
    ModelEnvelope previous =
        envelopes.stream()
            .filter(e -> ModelEnvelopes.CHAMPION.equals(e.getRole()))
            .filter(e -> e.getVersion() < current.getVersion())
            .filter(e -> !e.getChecksum().equals(current.getChecksum()))
            .max(Comparator.comparingLong(ModelEnvelope::getVersion))
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no champion of " + name + " before v" + current.getVersion()));
    return republish(previous, envelopes);
  }

  private ModelEnvelope republish(ModelEnvelope chosen, List<ModelEnvelope> envelopes) {
    ModelSigner key =
        signer.orElseThrow(
            () ->
                new IllegalStateException(
                    "publishing a model needs a signing key: set "
                        + ModelSigningSettings.SIGNING_KEY_FILE.key()
                        + " or "
                        + ModelSigningSettings.SIGNING_KEY_ENV));
    long latest = envelopes.stream().mapToLong(ModelEnvelope::getVersion).max().orElse(0);
    long next;
    try {
      next = Math.addExact(latest, 1);
    } catch (ArithmeticException e) {
      throw new IllegalStateException(
          chosen.getName()
              + " v"
              + latest
              + " is the last version there can be; nothing published");
    }
    ModelEnvelope published =
        key.sign(
            ModelEnvelope.newBuilder(chosen)
                .setVersion(next)
                .setParentVersion(chosen.getVersion())
                .setRole(ModelEnvelopes.CHAMPION)
                .setCreatedAt(clock.getAsLong())
                .build());
    try {
      producer
          .send(
              new ProducerRecord<>(
                  topic.name(),
                  topic.serializeKey(published.getName()),
                  topic.serializeValue(published)))
          .get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot publish " + describe(published), e.getCause());
    }
    return published;
  }

  private static Optional<ModelEnvelope> champion(List<ModelEnvelope> envelopes) {
    return envelopes.stream()
        .filter(e -> ModelEnvelopes.CHAMPION.equals(e.getRole()))
        .max(Comparator.comparingLong(ModelEnvelope::getVersion));
  }

  private Map<String, Object> readerConfig() {
    Map<String, Object> config = kafka.committedReader("osprey-model-admin-reader");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return config;
  }

  /**
   * The envelopes on the topic (of one name, or all), by name then version. A record of that name
   * that cannot be decoded fails the read: skipping it could reuse its version number.
   */
  private List<ModelEnvelope> read(Optional<String> name) {
    List<ModelEnvelope> envelopes = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            readerConfig(), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic.name(), READ_TIMEOUT);
      if (infos == null || infos.isEmpty()) {
        return envelopes;
      }
      List<TopicPartition> partitions =
          infos.stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_TIMEOUT);
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (!reachedEnd(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "could not read " + topic.name() + " to its end within " + READ_TIMEOUT);
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          String key = record.key() == null ? null : topic.deserializeKey(record.key());
          if (record.value() == null || (name.isPresent() && !name.get().equals(key))) {
            continue; // a tombstone or another model's record
          }
          ModelEnvelope envelope;
          try {
            envelope = topic.deserializeValue(record.value());
          } catch (RuntimeException e) {
            if (name.isPresent()) {
              throw new IllegalStateException(
                  "undecodable record of "
                      + name.get()
                      + " at "
                      + record.topic()
                      + "-"
                      + record.partition()
                      + "@"
                      + record.offset(),
                  e);
            }
            continue; // listing everything: show what can be read
          }
          if (name.isEmpty() || name.get().equals(envelope.getName())) {
            envelopes.add(envelope);
          }
        }
      }
    }
    envelopes.sort(
        Comparator.comparing(ModelEnvelope::getName).thenComparingLong(ModelEnvelope::getVersion));
    return envelopes;
  }

  private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> entry : end.entrySet()) {
      if (consumer.position(entry.getKey()) < entry.getValue()) {
        return false;
      }
    }
    return true;
  }

  private static String describe(ModelEnvelope envelope) {
    return envelope.getName() + " v" + envelope.getVersion();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
