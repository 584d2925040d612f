package io.osprey.trainer;

import io.micrometer.core.instrument.MeterRegistry;
import io.osprey.model.CalibratedModel;
import io.osprey.model.ModelEnvelopes;
import io.osprey.model.ModelException;
import io.osprey.model.PlattCalibration;
import io.osprey.model.ScoringModel;
import io.osprey.model.dl4j.Dl4jMlp;
import io.osprey.model.registry.ModelFollower;
import io.osprey.model.registry.ModelLineage;
import io.osprey.model.registry.ModelsTopicReader;
import io.osprey.model.registry.Republication;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.MonitoringEvent;
import io.osprey.schema.topic.OspreyTopics;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The online training loop of one model: consume {@code training-examples}, form mini-batches,
 * evaluate each batch prequentially and train on it, and publish a new envelope version on {@code
 * models} per {@link PublishPolicy}.
 *
 * <p>Each publication fits a calibration for the candidate ({@link Calibrator}), chooses the
 * operating threshold ({@link ThresholdPolicy}, on the calibrated scale: {@link
 * OperatingThreshold}) and passes the {@link PromotionGate}: a candidate becomes champion only if
 * it beats the current champion on the held-out examples ({@link HoldOut}), and is otherwise
 * published as challenger or discarded. Before that, the champion itself is checked against the
 * previous good version on the same hold-out and rolled back (the previous version's envelope
 * republished as champion under a new version number, with an alert on {@code monitoring}) when it
 * has degraded beyond the configured bound.
 *
 * <p>A logistic-regression baseline ({@link OnlineLogisticRegression}) learns from the same batches
 * and is evaluated the same way; its figures go to {@code monitoring} as {@code baseline.logreg.*}
 * with each publication. Just before each publication the trainer catches up with the {@code
 * models} topic ({@link ModelFollower}), so its version is newer than anything there, and a
 * champion promoted or rolled back by hand meanwhile becomes the one the gate compares with.
 *
 * <p>Delivery is exactly-once by default ({@link TrainerSettings#EXACTLY_ONCE}): each envelope, its
 * monitoring events and the consumed offsets of the examples it contains are one Kafka transaction.
 * A restarted trainer resumes from the latest committed envelope and from exactly the offsets
 * committed with it, so no example is lost and none is counted twice in the lineage. Without it,
 * delivery is at-least-once: offsets are committed after the envelope is acknowledged, and a crash
 * between the two retrains (never skips) a few batches.
 *
 * <p>Threads: the loop runs on one thread ({@link #start} makes one, or call {@link #run}); the
 * accessors and {@link #close()} may be called from any thread.
 */
public final class OnlineTrainer implements Runnable, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OnlineTrainer.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration REFRESH_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final TrainerConfig config;
  private final OspreyTopics topics;
  private final Consumer<byte[], byte[]> examples;
  private final Consumer<byte[], byte[]> modelsReader;
  private final ModelFollower models;
  private final Producer<byte[], byte[]> producer;
  private final ModelPublisher publisher;
  private final TrainerMetrics metrics;
  private final PrequentialEvaluator evaluator;
  private final MiniBatcher batcher;
  private final HoldOut holdOut;
  private final PromotionGate gate;
  private final String specHash;
  private final ExampleIntake intake;
  private final String codeVersion = CodeVersion.current();

  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicBoolean claimed = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile long publishedVersion = -1;
  private volatile long examplesTrained;
  private volatile long examplesHeldOut;
  private volatile OperatingThreshold threshold;
  private volatile Throwable failure;
  private volatile Thread thread;

  // State of the training thread only.
  private Learner learner;
  private volatile BaselineTrack baseline; // null when disabled
  private TrainingProgress progress;
  private long nextVersion = 1;
  private Long parentVersion;
  private long lastPublicationMillis;
  private final Deque<InFlight> inFlight = new ArrayDeque<>();
  private long skipped;
  // Set-aside examples to report on monitoring with the next publication (at most a few).
  private final List<MonitoringEvent> setAside = new ArrayList<>();
  private long setAsideUnreported;
  // Examples up to this event time are already in the resumed model (a lake bootstrap's window).
  private long learnedThrough = Long.MIN_VALUE;
  // The champion as the gate sees it (compiled for scoring), and the previous good version a
  // rollback returns to. An envelope is known once its publication is acknowledged.
  private Contender champion;
  private Contender previousGood;

  /** A model that serves or served as champion. */
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

  /** A publication on its way and the offsets it makes safe to commit. */
  private record InFlight(
      long version, CompletableFuture<ModelEnvelope> envelope, Map<Integer, Long> offsets) {}

  /**
   * Wires a trainer to given clients (tests, or a host with its own client configuration). The
   * trainer owns and closes them.
   *
   * @param examples a consumer in the trainer's group, auto-commit off, byte-array deserializers
   * @param modelsReader a consumer without a group, read to its end at start to find the latest
   *     model and caught up before each publication
   */
  public OnlineTrainer(
      TrainerConfig config,
      OspreyTopics topics,
      Consumer<byte[], byte[]> examples,
      Consumer<byte[], byte[]> modelsReader,
      Producer<byte[], byte[]> producer,
      MeterRegistry registry) {
    Dl4jMlp.limitNativeThreads(config.nativeThreads());
    this.config = config;
    this.topics = topics;
    this.examples = examples;
    this.modelsReader = modelsReader;
    this.models =
        new ModelFollower(
            new ModelsTopicReader(modelsReader, topics.models()),
            config.modelName(),
            config.trust());
    this.producer = producer;
    this.publisher =
        new ModelPublisher(
            producer, topics, config.modelName(), config.exactlyOnce(), config.requireSigner());
    this.metrics = new TrainerMetrics(registry, config.modelName());
    this.evaluator =
        new PrequentialEvaluator(config.evaluationWindowBatches(), config.alertBudget());
    this.batcher = new MiniBatcher(config.batchSize(), config.batchLinger().toMillis());
    this.holdOut = new HoldOut(config.holdOutFraction(), config.holdOutSize());
    this.gate = new PromotionGate(config.gate());
    this.threshold = OperatingThreshold.uncalibrated(config.thresholdPolicy().fixedThreshold());
    this.specHash = config.layout().specHash();
    this.intake = new ExampleIntake(topics.trainingExamples(), specHash, config.layout());
  }

  /** A trainer configured by {@code settings}, not yet running. */
  public static OnlineTrainer create(Settings settings, MeterRegistry registry) {
    TrainerConfig config = TrainerConfig.from(settings);
    return new OnlineTrainer(
        config,
        CommonSettings.topics(settings),
        new KafkaConsumer<>(examplesConsumerConfig(config)),
        new KafkaConsumer<>(modelsReaderConfig(config)),
        new KafkaProducer<>(producerConfig(config)),
        registry);
  }

  /** Creates a trainer and runs it on a thread of its own; {@link #close()} stops it. */
  public static OnlineTrainer start(Settings settings, MeterRegistry registry) {
    OnlineTrainer trainer = create(settings, registry);
    Thread thread = new Thread(trainer, "osprey-trainer-" + trainer.config.modelName());
    trainer.thread = thread;
    thread.start();
    return trainer;
  }

  // ---- what the launcher and TrainerMain read ----

  /** The latest version on {@code models}: published by this trainer or found there at start. */
  public OptionalLong latestPublishedVersion() {
    long version = publishedVersion;
    return version < 0 ? OptionalLong.empty() : OptionalLong.of(version);
  }

  /** Prequential precision/recall/F1, recent and since start. */
  public EvaluationSnapshot evaluation() {
    return evaluator.snapshot();
  }

  /**
   * The logistic-regression baseline's prequential figures on the same examples (empty when
   * disabled).
   */
  public EvaluationSnapshot baselineEvaluation() {
    BaselineTrack track = baseline;
    return track == null ? EvaluationSnapshot.EMPTY : track.evaluation();
  }

  /** Examples trained on by this trainer since it started. */
  public long examplesTrained() {
    return examplesTrained;
  }

  /** Examples kept from training for the promotion gate since this trainer started. */
  public long examplesHeldOut() {
    return examplesHeldOut;
  }

  /**
   * The threshold of the latest publication, on the scale the scorer compares it with (the resumed
   * envelope's, or the configured one, before the first).
   */
  public double operatingThreshold() {
    return threshold.served();
  }

  public String modelName() {
    return config.modelName();
  }

  public boolean isRunning() {
    return stopped.getCount() > 0 && running.get();
  }

  /** Why the loop stopped, if it stopped on an error. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  /** Waits for the loop to end. */
  public void awaitStopped() throws InterruptedException {
    stopped.await();
  }

  /** Waits for the loop to end; true if it did within {@code timeout}. */
  public boolean awaitStopped(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  // ---- the loop ----

  @Override
  public void run() {
    if (!claimed.compareAndSet(false, true)) {
      if (!running.get()) {
        return; // closed before its thread got here
      }
      throw new IllegalStateException("a trainer runs once; it is already running");
    }
    try {
      if (config.exactlyOnce()) {
        // Fences any earlier instance of this trainer and aborts its open transaction.
        producer.initTransactions();
      }
      resume();
      examples.subscribe(List.of(topics.trainingExamples().name()), new Rebalance());
      lastPublicationMillis = System.currentTimeMillis();
      while (running.get()) {
        step();
      }
    } catch (WakeupException e) {
      if (running.get()) {
        fail(e);
      }
    } catch (RuntimeException | Error e) {
      fail(e);
    } finally {
      shutdown();
    }
  }

  private void step() {
    for (ConsumerRecord<byte[], byte[]> record : examples.poll(POLL_TIMEOUT)) {
      accept(record);
    }
    long now = System.currentTimeMillis();
    for (TrainingBatch batch = batcher.next(now); batch != null; batch = batcher.next(now)) {
      train(batch);
      // Checked per batch, not per poll: a poll can bring many batches.
      publishIfDue(now);
    }
    publishIfDue(now); // the time trigger, on a quiet stream
    completePublications(false);
  }

  private void publishIfDue(long now) {
    if (config
        .publishPolicy()
        .isDue(progress.examplesSinceLastPublication(), now - lastPublicationMillis)) {
      publish(now);
    }
  }

  /** Continues the version sequence, and the weights if the feature spec is unchanged. */
  private void resume() {
    ModelLineage found = models.refresh(STARTUP_TIMEOUT);
    champion = contender(found.champion());
    previousGood = champion == null ? null : contender(found.previousGood());
    Optional<ModelEnvelope> latest = found.latest();
    learner = null;
    learnedThrough = Long.MIN_VALUE;
    if (latest.isPresent()) {
      ModelEnvelope envelope = latest.get();
      long version = envelope.getVersion();
      nextVersion = Math.addExact(version, 1);
      publishedVersion = version;
      metrics.resumedAt(version);
      if (specHash.equals(envelope.getSpecHash())) {
        try {
          learner = Learner.resume(envelope, config.imbalance(), config.shape().seed());
          progress = TrainingProgress.resume(envelope.getTrainingWindow());
          learnedThrough = LakeBootstrap.learnedThrough(envelope.getTrainingWindow());
          threshold =
              OperatingThreshold.served(envelope.getThreshold(), PlattCalibration.of(envelope));
          parentVersion = version;
          LOG.info("resuming {} from v{}: {}", config.modelName(), version, learner.describe());
        } catch (ModelException e) {
          LOG.warn(
              "cannot resume {} from v{} ({}); training a new network",
              config.modelName(),
              version,
              e.getMessage());
        }
      } else {
        LOG.warn(
            "{} v{} was trained on feature spec {}, this trainer uses {}: training a new network",
            config.modelName(),
            version,
            envelope.getSpecHash(),
            specHash);
      }
    }
    if (learner == null) {
      learner = Learner.fresh(config.shape(), config.layout().size(), config.imbalance());
      progress = TrainingProgress.fresh();
      LOG.info(
          "training {} from scratch (next version v{}): {}",
          config.modelName(),
          nextVersion,
          learner.describe());
    }
    if (config.baselineEnabled()) {
      baseline = new BaselineTrack(config);
    }
  }

  /** A champion found on the topic, if the gate can compare with it (same features, loadable). */
  private Contender contender(Optional<ModelEnvelope> envelope) {
    if (envelope.isEmpty() || !specHash.equals(envelope.get().getSpecHash())) {
      return null;
    }
    try {
      ModelEnvelope found = envelope.get();
      return new Contender(found.getVersion(), ModelEnvelopes.openForScoring(found), found);
    } catch (ModelException e) {
      LOG.warn("cannot load {} v{}: {}", config.modelName(), envelope.get().getVersion(), e);
      return null;
    }
  }

  private void accept(ConsumerRecord<byte[], byte[]> record) {
    ExampleIntake.Verdict verdict = intake.read(record.value());
    if (verdict instanceof ExampleIntake.SetAside aside) {
      setAside(record, aside);
      return;
    }
    ExampleIntake.Usable example = (ExampleIntake.Usable) verdict;
    if (example.eventTime() <= learnedThrough) {
      metrics.alreadyLearned(); // expected after a bootstrap: counted, not logged
      return;
    }
    batcher.add(
        new MiniBatcher.Example(
            example.values(),
            example.fraud(),
            example.eventTime(),
            record.partition(),
            record.offset(),
            holdOut.isHeldOut(example.eventId())),
        System.currentTimeMillis());
  }

  /**
   * Counts an example the trainer cannot use, and logs and lists it for {@code monitoring} (sent
   * with the next publication): each of the first few since the last publication, beyond them the
   * 1st, 10th, 100th... overall, so a flood (a spec change) stays readable. Its offset is committed
   * with the examples after it; one that is the last of its partition when the trainer stops is
   * read and set aside again after a restart (counted again), never retried in a loop.
   */
  private void setAside(ConsumerRecord<?, ?> record, ExampleIntake.SetAside aside) {
    metrics.setAside(aside.reason());
    skipped++;
    String what =
        record.topic()
            + "-"
            + record.partition()
            + "@"
            + record.offset()
            + " "
            + aside.reason().outcome()
            + ": "
            + aside.detail();
    boolean listed = setAside.size() < TrainerMonitoring.SET_ASIDE_EVENTS_PER_PUBLICATION;
    if (listed || Long.toString(skipped).matches("10*")) {
      LOG.warn("set aside training example {} ({} so far)", what, skipped);
    }
    if (listed) {
      setAside.add(
          TrainerMonitoring.setAside(
              config.modelName(), record.offset(), what, System.currentTimeMillis()));
    } else {
      setAsideUnreported++;
    }
  }

  private void train(TrainingBatch batch) {
    for (int i = 0; i < batch.size(); i++) {
      if (batch.heldOut()[i]) {
        holdOut.add(batch.features()[i], batch.labels()[i] >= 0.5);
      }
    }
    int held = batch.heldOutCount();
    examplesHeldOut += held;
    metrics.heldOut(held);
    TrainingBatch learnable = batch.learnable();
    if (learnable == null) {
      progress.advance(batch.nextOffsets());
      return;
    }
    long start = System.nanoTime();
    double[] scores = learner.evaluateThenFit(learnable);
    metrics.batchTrained(learnable.size(), System.nanoTime() - start);
    progress.trained(learnable);
    metrics.evaluation(
        evaluator.record(
            scores,
            learnable.labels(),
            threshold.raw(),
            learnable.fromEventTime(),
            learnable.toEventTime()));
    if (baseline != null) {
      baseline.learn(learnable);
    }
    // Last: a reader that sees the new count also sees both evaluations of the batch.
    examplesTrained += learnable.size();
  }

  /**
   * Reads what was published on {@code models} since the last look: the next version must be newer
   * than all of it, and a champion published by someone else (a manual promotion or rollback, a
   * lake bootstrap) is what the gate now compares with. The learner goes on training its own
   * lineage either way. A failed read is logged and the trainer goes on with what it knew.
   */
  private void catchUpWithModels() {
    ModelLineage found;
    try {
      found = models.refresh(REFRESH_TIMEOUT);
    } catch (WakeupException e) {
      throw e; // close() is stopping the loop
    } catch (RuntimeException e) {
      LOG.warn("could not catch up with {}: {}", topics.models().name(), e.toString());
      return;
    }
    found
        .latest()
        .ifPresent(
            latest -> {
              nextVersion = Math.max(nextVersion, Math.addExact(latest.getVersion(), 1));
              publishedVersion = Math.max(publishedVersion, latest.getVersion());
            });
    Optional<ModelEnvelope> served = found.champion();
    if (served.isPresent() && (champion == null || served.get().getVersion() > champion.version)) {
      Contender external = contender(served);
      if (external != null) {
        LOG.info(
            "{} v{} became champion outside this trainer; the gate compares with it from now on",
            config.modelName(),
            external.version);
        champion = external;
        previousGood = contender(found.previousGood());
      }
    }
  }

  /**
   * Republishes the previous good version as champion when the champion has degraded beyond the
   * bound on the hold-out. The learner goes on training its own lineage; its next candidates must
   * beat the restored champion to replace it.
   */
  private void rollBackIfDegraded(long now) {
    if (champion == null || previousGood == null || previousGood.envelope == null) {
      return;
    }
    Optional<PromotionGate.Verdict> verdict =
        gate.rollback(champion.model, previousGood.model, holdOut);
    if (verdict.isEmpty() || !verdict.get().winner()) {
      return;
    }
    long version = nextVersion++;
    ModelEnvelope good = previousGood.envelope;
    Map<String, Double> evidence = new LinkedHashMap<>();
    evidence.put("gate_champion", verdict.get().first());
    evidence.put("gate_previous", verdict.get().second());
    ModelEnvelope restored =
        Republication.rollback(
            good, champion.version, version, now, evidence, config.requireSigner());
    String detail =
        String.format(
            Locale.ROOT,
            "model=%s rolled back from v%d to v%d (published as v%d): %s",
            config.modelName(),
            champion.version,
            good.getVersion(),
            version,
            verdict.get().reason());
    LOG.warn(detail);
    MonitoringEvent alert =
        TrainerMonitoring.alert(
            "trainer.rollback", champion.version, version, "CRITICAL", detail, now);
    // Nothing new was learned by this publication: it makes no offsets safe to commit.
    inFlight.addLast(
        new InFlight(version, publisher.publishSealed(restored, List.of(alert)), Map.of()));
    metrics.rolledBack();
    champion = new Contender(version, previousGood.model, restored);
    previousGood = null;
  }

  /**
   * Hands a snapshot to the publisher. The training thread pays for the copy, the calibration and
   * the gate on the hold-out, and waits for the previous publication (usually long done).
   */
  private void publish(long now) {
    // An open transaction of our own would hide what others appended after it (read_committed
    // stops at it), so the previous publication completes before we look.
    completePublications(true);
    catchUpWithModels();
    rollBackIfDegraded(now);
    Dl4jMlp candidate = learner.snapshot();
    ScoringModel rawScorer = candidate.compile(); // its own arrays: safe after hand-over
    Optional<Calibrator.Fitted> calibration = calibrateAndChooseThreshold(rawScorer);
    // The gate compares what scorers would serve: calibrated scores, like the champion's.
    ScoringModel candidateScorer =
        calibration
            .<ScoringModel>map(fitted -> new CalibratedModel(rawScorer, fitted.calibration()))
            .orElse(rawScorer);
    PromotionGate.Verdict verdict =
        gate.judge(candidateScorer, champion == null ? null : champion.model, holdOut);
    if (!verdict.winner() && gate.rule().onLoss() == PromotionGate.OnLoss.DISCARD) {
      LOG.info("discarded a candidate of {}: {}", config.modelName(), verdict.reason());
      metrics.discarded();
      progress.markPublished();
      lastPublicationMillis = now;
      return;
    }
    String role = verdict.winner() ? ModelEnvelopes.CHAMPION : ModelEnvelopes.CHALLENGER;
    long version = nextVersion++;
    EvaluationSnapshot evaluation = evaluator.snapshot();
    Map<String, Double> figures = new LinkedHashMap<>(evaluation.toMetricsMap());
    figures.put(ImbalancePolicy.CORRECTION_METRIC, learner.logitCorrection());
    figures.put("held_out_labels", (double) verdict.labels());
    if (Double.isFinite(verdict.first())) {
      figures.put("gate_candidate", verdict.first());
      figures.put("gate_champion", verdict.second());
    }
    List<MonitoringEvent> baselineEvents =
        baseline == null
            ? List.of()
            : baseline.atPublication(config.modelName(), version, figures, now);
    ModelEnvelopes.Publication publication =
        new ModelEnvelopes.Publication(
            config.modelName(),
            version,
            parentVersion,
            role,
            specHash,
            config.layout().names(),
            progress.toWindow(),
            figures,
            threshold.served(),
            codeVersion,
            calibration.map(Calibrator.Fitted::toAvro).orElse(null));
    List<MonitoringEvent> monitoring =
        new ArrayList<>(
            TrainerMonitoring.atPublication(
                config.modelName(), version, evaluation, threshold.served(), now));
    monitoring.addAll(baselineEvents);
    monitoring.addAll(setAside);
    if (setAsideUnreported > 0) {
      monitoring.add(
          TrainerMonitoring.setAsideNotListed(config.modelName(), setAsideUnreported, now));
    }
    setAside.clear();
    setAsideUnreported = 0;
    monitoring.add(
        TrainerMonitoring.model(
            "trainer.promotion",
            verdict.winner() ? 1 : 0,
            version,
            String.format(
                Locale.ROOT,
                "model=%s v%d published as %s: %s",
                config.modelName(),
                version,
                role,
                verdict.reason()),
            now));
    CompletableFuture<ModelEnvelope> envelope =
        publisher.publish(candidate, publication, monitoring, transactionOffsets());
    inFlight.addLast(new InFlight(version, envelope, progress.nextOffsets()));
    if (verdict.winner()) {
      previousGood = champion;
      champion = new Contender(version, candidateScorer, null);
    }
    // The lineage of the weights: the next version descends from this one whether or not this
    // one reaches the topic (a failed publication is logged and counted).
    parentVersion = version;
    progress.markPublished();
    lastPublicationMillis = now;
  }

  /**
   * Fits the candidate's calibration and moves the operating threshold: chosen on the recent
   * window's raw scores, written on the calibrated scale the scorer compares it with.
   */
  private Optional<Calibrator.Fitted> calibrateAndChooseThreshold(ScoringModel rawCandidate) {
    double[] windowScores = evaluator.windowScores();
    double[] windowLabels = evaluator.windowLabels();
    Optional<Calibrator.Fitted> calibration =
        config.calibrator().fit(rawCandidate, holdOut, windowScores, windowLabels);
    threshold =
        threshold.next(
            config.thresholdPolicy(),
            windowScores,
            windowLabels,
            calibration.map(Calibrator.Fitted::calibration));
    return calibration;
  }

  /** Completes acknowledged publications in version order; with {@code wait}, all of them. */
  private void completePublications(boolean wait) {
    while (!inFlight.isEmpty() && (wait || inFlight.peekFirst().envelope().isDone())) {
      completeOldest(wait);
    }
  }

  /**
   * Once the oldest in-flight envelope is acknowledged, records it and commits its offsets. Offsets
   * only grow with versions, so committing in version order never moves a position back.
   */
  private void completeOldest(boolean sync) {
    InFlight done = inFlight.removeFirst();
    try {
      ModelEnvelope envelope = done.envelope().get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      publishedVersion = envelope.getVersion();
      metrics.published(envelope.getVersion());
      for (Contender contender : new Contender[] {champion, previousGood}) {
        if (contender != null && contender.version == envelope.getVersion()) {
          contender.envelope = envelope; // now it can be rolled back to
        }
      }
      if (!config.exactlyOnce()) {
        commit(done.offsets(), sync); // with exactly-once, the transaction committed them
      }
    } catch (ExecutionException | TimeoutException e) {
      // The version number is spent either way: versions are monotonic, not contiguous.
      metrics.publicationFailed();
      if (e.getCause() != null
          && e.getCause().getCause() instanceof ProducerFencedException fenced) {
        // A newer instance of this trainer owns the model now; this one must not go on.
        running.set(false);
        failure = fenced;
      }
      LOG.error(
          "publication of {} v{} failed; its offsets stay uncommitted",
          config.modelName(),
          done.version(),
          e instanceof ExecutionException ? e.getCause() : e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * With exactly-once, the positions the publication being prepared covers, to commit in its
   * transaction; captured here, on the consumer's thread.
   */
  private ModelPublisher.Offsets transactionOffsets() {
    if (!config.exactlyOnce()) {
      return ModelPublisher.Offsets.NONE;
    }
    return new ModelPublisher.Offsets(
        ownedPositions(progress.nextOffsets()), examples.groupMetadata());
  }

  private Map<TopicPartition, OffsetAndMetadata> ownedPositions(Map<Integer, Long> offsets) {
    Set<TopicPartition> owned = examples.assignment();
    Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
    offsets.forEach(
        (partition, next) -> {
          TopicPartition tp = new TopicPartition(topics.trainingExamples().name(), partition);
          if (owned.contains(tp)) {
            commit.put(tp, new OffsetAndMetadata(next));
          }
        });
    return commit;
  }

  /** Commits the positions covered by a published model, for partitions still owned. */
  private void commit(Map<Integer, Long> offsets, boolean sync) {
    Map<TopicPartition, OffsetAndMetadata> commit = ownedPositions(offsets);
    if (commit.isEmpty()) {
      return;
    }
    if (sync) {
      try {
        examples.commitSync(commit);
      } catch (WakeupException e) {
        // close() woke the consumer while the loop was not polling; the wakeup is now spent.
        examples.commitSync(commit);
      }
    } else {
      examples.commitAsync(
          commit,
          (committed, error) -> {
            if (error != null) {
              LOG.warn("offset commit failed (examples will be retrained): {}", error.toString());
            }
          });
    }
  }

  private void fail(Throwable e) {
    failure = e;
    LOG.error("trainer {} stopped on an error", config.modelName(), e);
  }

  /** Finishes the in-flight publication and commits it, then releases every client. */
  private void shutdown() {
    try {
      completePublications(true);
    } catch (RuntimeException e) {
      LOG.warn("final commit failed: {}", e.toString());
    }
    closeQuietly(publisher::close);
    closeQuietly(() -> producer.close(CLOSE_TIMEOUT)); // bounded: a plain close waits for ever
    closeQuietly(examples::close);
    closeQuietly(modelsReader::close);
    closeQuietly(metrics::close);
    running.set(false);
    stopped.countDown();
    LOG.info(
        "trainer {} stopped after {} examples, latest version {}",
        config.modelName(),
        examplesTrained,
        publishedVersion);
  }

  /** Stops the loop and waits for it to finish its in-flight publication. Idempotent. */
  @Override
  public void close() {
    running.set(false);
    if (claimed.compareAndSet(false, true)) {
      shutdown(); // never ran: only the clients to release
      return;
    }
    closeQuietly(examples::wakeup);
    closeQuietly(modelsReader::wakeup); // in case the loop is still reading the models topic
    if (Thread.currentThread() == thread) {
      return;
    }
    try {
      if (!stopped.await(CLOSE_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS)) {
        LOG.warn(
            "trainer {} did not stop within {}", config.modelName(), CLOSE_TIMEOUT.multipliedBy(2));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(Runnable close) {
    try {
      close.run();
    } catch (RuntimeException e) {
      LOG.debug("while closing: {}", e.toString());
    }
  }

  /** Drops untrained examples of revoked partitions: their next owner reads them again. */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      batcher.dropPartitions(
          partitions.stream().map(TopicPartition::partition).collect(Collectors.toSet()));
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      LOG.info("{} trains on {}", config.modelName(), partitions);
    }
  }

  // ---- client configuration ----

  static Map<String, Object> examplesConsumerConfig(TrainerConfig config) {
    // Only committed examples: an aborted upstream transaction must not be learned from.
    Map<String, Object> consumer =
        config.kafka().committedReader("osprey-trainer-" + config.modelName() + "-examples");
    consumer.put(ConsumerConfig.GROUP_ID_CONFIG, config.consumerGroup());
    // Static membership: a restarted trainer (one per model) takes its partitions back at once,
    // rather than after the dead instance's session times out.
    consumer.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, config.transactionalId());
    consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.max(500, config.batchSize()));
    consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return consumer;
  }

  static Map<String, Object> modelsReaderConfig(TrainerConfig config) {
    return ModelsTopicReader.consumerConfig(
        config.kafka(), "osprey-trainer-" + config.modelName() + "-models");
  }

  static Map<String, Object> producerConfig(TrainerConfig config) {
    Map<String, Object> producer =
        config.exactlyOnce()
            ? config.kafka().transactionalProducer(clientId(config), config.transactionalId())
            : config.kafka().idempotentProducer(clientId(config));
    serializeBytes(producer);
    return producer;
  }

  private static String clientId(TrainerConfig config) {
    return "osprey-trainer-" + config.modelName();
  }

  private static void serializeBytes(Map<String, Object> producer) {
    producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
  }

  /** A producer without a transactional id (the lake bootstrap publishes one envelope). */
  static Map<String, Object> plainProducerConfig(TrainerConfig config) {
    Map<String, Object> producer = config.kafka().idempotentProducer(clientId(config));
    serializeBytes(producer);
    return producer;
  }
}
