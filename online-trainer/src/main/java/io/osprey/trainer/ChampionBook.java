package io.osprey.trainer;

import io.osprey.model.ModelEnvelopes;
import io.osprey.model.ModelException;
import io.osprey.model.ScoringModel;
import io.osprey.model.registry.ModelFollower;
import io.osprey.model.registry.ModelLineage;
import io.osprey.model.registry.ModelsTopicReader;
import io.osprey.model.registry.Republication;
import io.osprey.model.signing.ModelSigner;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.MonitoringEvent;
import io.osprey.schema.topic.Topic;
import io.osprey.trainer.monitoring.TrainerMetrics;
import io.osprey.trainer.monitoring.TrainerMonitoring;
import io.osprey.trainer.publication.PublicationLedger;
import io.osprey.trainer.review.HoldOut;
import io.osprey.trainer.review.PromotionGate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the trainer believes about the {@code models} topic: the champion the review compares
 * candidates with, the previous good champion a rollback returns to, and the next version number
 * (newer than anything on the topic). It is the trainer's only reader of {@code models} and the
 * only place that republishes an earlier version (the rollback of a degraded champion), so the
 * rules of that topic meet the trainer in one class.
 *
 * <p>Beliefs change in four ways: {@link #resume} at start, {@link #catchUp} before each
 * publication (a champion promoted or rolled back by hand, or a lake bootstrap, meanwhile), {@link
 * #promoted} when a candidate wins, and {@link #acknowledged} once a publication is on the topic
 * (only then can it be rolled back to). Owned by the training thread, except {@link
 * #latestVersion}.
 */
public final class ChampionBook {
  private static final Logger LOG = LoggerFactory.getLogger(ChampionBook.class);

  private final Consumer<byte[], byte[]> consumer;
  private final ModelFollower reader;
  private final TrainerConfig config;
  private final String modelsTopic;
  private final String modelName;
  private final String specHash;
  private final TrainerMetrics metrics;

  private Contender champion;
  private Contender previousGood;
  private long nextVersion = 1;
  private volatile long latestVersion = -1;

  /** A model that serves or served as champion; its envelope is known once it is on the topic. */
  private static final class Contender {
    final long version;
    final ScoringModel model;
    ModelEnvelope envelope;

    Contender(long version, ScoringModel model, ModelEnvelope envelope) {
      this.version = version;
      this.model = model;
      this.envelope = envelope;
    }
  }

  /**
   * @param consumer a consumer without a group, used by this book only (closed by {@link #close})
   */
  public ChampionBook(
      Consumer<byte[], byte[]> consumer,
      Topic<String, ModelEnvelope> models,
      TrainerConfig config,
      TrainerMetrics metrics) {
    this.consumer = consumer;
    this.reader =
        new ModelFollower(
            new ModelsTopicReader(consumer, models), config.modelName(), config.trust());
    this.config = config;
    this.modelsTopic = models.name();
    this.modelName = config.modelName();
    this.specHash = config.layout().specHash();
    this.metrics = metrics;
  }

  /**
   * Every trusted envelope of the model on the topic, read once to its end and folded (the lake
   * bootstrap's look before it publishes).
   */
  public static ModelLineage lineageOnTopic(
      Consumer<byte[], byte[]> consumer,
      Topic<String, ModelEnvelope> models,
      TrainerConfig config,
      Duration timeout) {
    return ModelLineage.of(
        config.modelName(),
        config.trust(),
        new ModelsTopicReader(consumer, models).readNew(Optional.of(config.modelName()), timeout));
  }

  /**
   * Reads the topic to its end: the champion and previous good version, and where the version
   * sequence goes on.
   *
   * @return the latest envelope, whose weights the learner may resume from
   */
  public Optional<ModelEnvelope> resume(Duration timeout) {
    ModelLineage found = reader.refresh(timeout);
    champion = contender(found.champion());
    previousGood = champion == null ? null : contender(found.previousGood());
    found
        .latest()
        .ifPresent(
            latest -> {
              nextVersion = Math.addExact(latest.getVersion(), 1);
              latestVersion = latest.getVersion();
              metrics.resumedAt(latest.getVersion());
            });
    return found.latest();
  }

  /**
   * Reads what was published on {@code models} since the last look: the next version must be newer
   * than all of it, and a champion published by someone else (a manual promotion or rollback, a
   * lake bootstrap) is what the review now compares with. The learner goes on training its own
   * lineage either way. A failed read is logged and the book keeps what it knew.
   */
  public void catchUp(Duration timeout) {
    ModelLineage found;
    try {
      found = reader.refresh(timeout);
    } catch (WakeupException e) {
      throw e; // close() is stopping the loop
    } catch (RuntimeException e) {
      LOG.warn("could not catch up with {}: {}", modelsTopic, e.toString());
      return;
    }
    found
        .latest()
        .ifPresent(
            latest -> {
              nextVersion = Math.max(nextVersion, Math.addExact(latest.getVersion(), 1));
              latestVersion = Math.max(latestVersion, latest.getVersion());
            });
    Optional<ModelEnvelope> served = found.champion();
    if (served.isPresent() && (champion == null || served.get().getVersion() > champion.version)) {
      Contender external = contender(served);
      if (external != null) {
        LOG.info(
            "{} v{} became champion outside this trainer; the review compares with it from now on",
            modelName,
            external.version);
        champion = external;
        previousGood = contender(found.previousGood());
      }
    }
  }

  /**
   * Republishes the previous good version as champion when the champion has degraded beyond the
   * gate's bound on the hold-out: the earlier envelope under a new version number, its parent the
   * version it restores, {@value Republication#ROLLED_BACK_FROM} naming the version it replaces,
   * with a CRITICAL alert. The learner goes on training its own lineage; its next candidates must
   * beat the restored champion to replace it. Nothing new was learned by this publication, so it
   * makes no offsets safe to commit.
   */
  public void rollBackIfDegraded(
      PromotionGate gate, HoldOut holdOut, PublicationLedger ledger, long now) {
    if (champion == null || previousGood == null || previousGood.envelope == null) {
      return;
    }
    Optional<PromotionGate.Verdict> verdict =
        gate.rollback(champion.model, previousGood.model, holdOut);
    if (verdict.isEmpty() || !verdict.get().winner()) {
      return;
    }
    long version = claimVersion();
    ModelEnvelope good = previousGood.envelope;
    Map<String, Double> evidence = new LinkedHashMap<>();
    evidence.put("gate_champion", verdict.get().first());
    evidence.put("gate_previous", verdict.get().second());
    ModelSigner signer = config.requireSigner();
    ModelEnvelope restored =
        Republication.rollback(good, champion.version, version, now, evidence, signer);
    String detail =
        String.format(
            Locale.ROOT,
            "model=%s rolled back from v%d to v%d (published as v%d): %s",
            modelName,
            champion.version,
            good.getVersion(),
            version,
            verdict.get().reason());
    LOG.warn(detail);
    MonitoringEvent alert =
        TrainerMonitoring.alert(
            "trainer.rollback", champion.version, version, "CRITICAL", detail, now);
    ledger.republish(version, restored, List.of(alert));
    metrics.rolledBack();
    champion = new Contender(version, previousGood.model, restored);
    previousGood = null;
  }

  /** The champion's scorer, for the review to compare with; null while there is none. */
  public ScoringModel championModel() {
    return champion == null ? null : champion.model;
  }

  /** The champion's version; 0 while there is none. */
  public long championVersion() {
    return champion == null ? 0 : champion.version;
  }

  /** The next version number, spent whether or not its publication reaches the topic. */
  public long claimVersion() {
    return nextVersion++;
  }

  /** The next version number, not yet spent (for the log). */
  public long nextVersion() {
    return nextVersion;
  }

  /** A candidate won: it is the champion, and the one it replaces the previous good version. */
  public void promoted(long version, ScoringModel scorer) {
    previousGood = champion;
    champion = new Contender(version, scorer, null);
  }

  /** A publication is on the topic: the latest version, and a champion that can be returned to. */
  public void acknowledged(ModelEnvelope envelope) {
    latestVersion = envelope.getVersion();
    for (Contender contender : new Contender[] {champion, previousGood}) {
      if (contender != null && contender.version == envelope.getVersion()) {
        contender.envelope = envelope; // now it can be rolled back to
      }
    }
  }

  /** The latest version on {@code models}: published by this trainer or found there. Any thread. */
  public OptionalLong latestVersion() {
    long version = latestVersion;
    return version < 0 ? OptionalLong.empty() : OptionalLong.of(version);
  }

  /** Interrupts a read of the topic in progress (close() of the trainer). Any thread. */
  public void wakeup() {
    consumer.wakeup();
  }

  /** Releases the topic's reader. */
  public void close() {
    consumer.close();
  }

  /** A champion found on the topic, if the review can compare with it (same features, loadable). */
  private Contender contender(Optional<ModelEnvelope> envelope) {
    if (envelope.isEmpty() || !specHash.equals(envelope.get().getSpecHash())) {
      return null;
    }
    try {
      ModelEnvelope found = envelope.get();
      return new Contender(found.getVersion(), ModelEnvelopes.openForScoring(found), found);
    } catch (ModelException e) {
      LOG.warn("cannot load {} v{}: {}", modelName, envelope.get().getVersion(), e);
      return null;
    }
  }
}
