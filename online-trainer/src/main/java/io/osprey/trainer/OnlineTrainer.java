package io.osprey.trainer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.osprey.model.ModelEnvelopes;
import io.osprey.model.ScoringModel;
import io.osprey.model.dl4j.Dl4jMlp;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.platform.metrics.ProcessHealth;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.topic.OspreyTopics;
import io.osprey.trainer.drift.DriftConfig;
import io.osprey.trainer.drift.DriftMonitor;
import io.osprey.trainer.drift.DriftResponse;
import io.osprey.trainer.drift.DriftRetrain;
import io.osprey.trainer.drift.ReferenceRecorder;
import io.osprey.trainer.drift.RetrainWindow;
import io.osprey.trainer.intake.ExampleIntake;
import io.osprey.trainer.intake.MiniBatcher;
import io.osprey.trainer.intake.TrainingBatch;
import io.osprey.trainer.learning.EvaluationSnapshot;
import io.osprey.trainer.learning.OnlineLearning;
import io.osprey.trainer.monitoring.CpuBudget;
import io.osprey.trainer.monitoring.SetAsideReport;
import io.osprey.trainer.monitoring.TrainerMetrics;
import io.osprey.trainer.monitoring.TrainerMonitoring;
import io.osprey.trainer.publication.CodeVersion;
import io.osprey.trainer.publication.ModelPublisher;
import io.osprey.trainer.publication.PublicationLedger;
import io.osprey.trainer.publication.PublishPolicy;
import io.osprey.trainer.publication.RecentComparison;
import io.osprey.trainer.review.Calibrator;
import io.osprey.trainer.review.CandidateReview;
import io.osprey.trainer.review.HoldOut;
import io.osprey.trainer.review.OperatingThreshold;
import io.osprey.trainer.review.PromotionGate;
import io.osprey.trainer.review.Review;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The online training loop of one model: poll {@code training-examples}, take each record through
 * the {@link ExampleIntake}, train on each mini-batch (evaluated prequentially first), and publish
 * a new version on {@code models} when the {@link io.osprey.trainer.publication.PublishPolicy} says
 * it is due. The loop only sequences; the parts decide:
 *
 * <ul>
 *   <li>{@link ChampionBook}: what is on {@code models} (champion, previous good version, the next
 *       version number), and the rollback of a degraded champion;
 *   <li>{@link CandidateReview}: calibration, threshold and the promotion gate for a snapshot, and
 *       the publication it leads to ({@link Review});
 *   <li>{@link PublicationLedger}: each publication with the offsets it covers, committed
 *       exactly-once in its transaction by default ({@link TrainerSettings#EXACTLY_ONCE}), else
 *       after the envelope is acknowledged;
 *   <li>{@link TrainerClients}: the Kafka clients.
 * </ul>
 *
 * <p>A restarted trainer resumes from the latest committed envelope and from exactly the offsets
 * committed with it, so no example is lost and none is counted twice in the lineage.
 *
 * <p>Threads: the loop runs on one thread ({@link #start} makes one, or call {@link #run}); the
 * accessors and {@link #close()} may be called from any thread.
 */
public final class OnlineTrainer implements Runnable, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OnlineTrainer.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration REFRESH_TIMEOUT = Duration.ofSeconds(10);

  /**
   * How long a drift retrain waits for the lake to hold its examples ({@link RetrainWindow}: labels
   * mature, then the lake's sink commits on its next checkpoint), and how often it looks again
   * meanwhile.
   */
  private static final Duration RETRAIN_LAKE_WAIT = Duration.ofMinutes(2);

  private static final Duration RETRAIN_LAKE_RETRY = Duration.ofSeconds(5);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final TrainerConfig config;
  private final String examplesTopic;
  private final Consumer<byte[], byte[]> examples;
  private final Producer<byte[], byte[]> producer;
  private final ExampleIntake intake;
  private final SetAsideReport setAside;
  private final MiniBatcher batcher;
  private final HoldOut holdOut;
  private final RecentComparison recent;
  private final OnlineLearning learning;
  private final CandidateReview review;
  private final PromotionGate gate;
  private final ChampionBook champions;
  private final PublicationLedger ledger;
  private final TrainerMetrics metrics;
  private final KafkaClientMetrics examplesClientMetrics; // Kafka's own meters, records-lag too

  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicInteger assignedPartitions = new AtomicInteger();
  private volatile boolean resumed; // the models topic read: the version sequence is known
  private final AtomicBoolean claimed = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile OperatingThreshold threshold;
  private volatile Throwable failure;
  private volatile Thread thread;
  private CpuBudget budget = CpuBudget.NONE; // set before the thread starts
  private DriftConfig driftConfig = DriftConfig.defaults(); // set before the thread starts
  private ReferenceRecorder reference = ReferenceRecorder.of(driftConfig); // training thread
  private volatile DriftMonitor drift; // null when off
  private long lastPublicationMillis; // training thread only
  private long latestEventTime = Long.MIN_VALUE; // of the batches trained; training thread only
  private long eventTimeAtLastPublication = Long.MIN_VALUE; // training thread only

  /**
   * Wires a trainer to given clients (tests, or a host with its own client configuration). The
   * trainer owns and closes them.
   *
   * @param examples a consumer in the trainer's group, auto-commit off, byte-array deserializers
   * @param modelsReader a consumer without a group, for the {@link ChampionBook}
   */
  public OnlineTrainer(
      TrainerConfig config,
      OspreyTopics topics,
      Consumer<byte[], byte[]> examples,
      Consumer<byte[], byte[]> modelsReader,
      Producer<byte[], byte[]> producer,
      MeterRegistry registry) {
    Dl4jMlp.limitNativeThreads(config.nativeThreads());
    String name = config.modelName();
    this.config = config;
    this.examplesTopic = topics.trainingExamples().name();
    this.examples = examples;
    this.producer = producer;
    this.metrics = new TrainerMetrics(registry, name);
    this.examplesClientMetrics = new KafkaClientMetrics(examples);
    examplesClientMetrics.bindTo(registry);
    this.intake =
        new ExampleIntake(topics.trainingExamples(), config.layout().specHash(), config.layout());
    this.setAside = new SetAsideReport(name, metrics);
    this.batcher = new MiniBatcher(config.batchSize(), config.batchLinger().toMillis());
    this.holdOut =
        new HoldOut(
            config.holdOutFraction(),
            config.holdOutSize(),
            config.holdOutWindow(),
            config.gate().minLabels());
    this.recent = config.clearlyBetter().start();
    this.learning = new OnlineLearning(config, metrics);
    this.gate = new PromotionGate(config.gate());
    this.review = new CandidateReview(config.calibrator(), config.thresholdPolicy(), gate);
    this.threshold = OperatingThreshold.uncalibrated(config.thresholdPolicy().fixedThreshold());
    this.champions = new ChampionBook(modelsReader, topics.models(), config, metrics);
    ModelPublisher publisher =
        new ModelPublisher(producer, topics, name, config.exactlyOnce(), config.requireSigner());
    this.ledger =
        new PublicationLedger(
            publisher, examples, examplesTopic, name, config.exactlyOnce(), metrics, new Ledger());
  }

  /** A trainer configured by {@code settings}, not yet running. */
  public static OnlineTrainer create(Settings settings, MeterRegistry registry) {
    TrainerConfig config = TrainerConfig.from(settings);
    return new OnlineTrainer(
        config,
        CommonSettings.topics(settings),
        new KafkaConsumer<>(TrainerClients.examplesConsumer(config)),
        new KafkaConsumer<>(TrainerClients.modelsReader(config)),
        new KafkaProducer<>(TrainerClients.producer(config)),
        registry);
  }

  /** Creates a trainer and runs it on a thread of its own; {@link #close()} stops it. */
  public static OnlineTrainer start(Settings settings, MeterRegistry registry) {
    OnlineTrainer trainer = create(settings, registry);
    trainer.budget = CpuBudget.of(settings.get(TrainerSettings.CPU_BUDGET));
    trainer.watchDrift(DriftConfig.from(settings), CommonSettings.topics(settings));
    Thread thread = new Thread(trainer, "osprey-trainer-" + trainer.config.modelName());
    trainer.thread = thread;
    thread.start();
    return trainer;
  }

  /**
   * Records reference profiles as {@code drift} says, and starts its monitor when enabled. A
   * monitor that cannot start is logged and left out: drift detection must not stop training.
   */
  private void watchDrift(DriftConfig drift, OspreyTopics topics) {
    this.driftConfig = drift;
    this.reference = ReferenceRecorder.of(drift);
    if (!drift.enabled()) {
      return;
    }
    try {
      this.drift =
          DriftMonitor.start(
              drift,
              config.kafka(),
              topics,
              config.modelName(),
              config.trust(),
              events -> new DriftResponse(drift, events, System::currentTimeMillis));
    } catch (RuntimeException e) {
      LOG.warn("drift monitor of {} not started: {}", config.modelName(), e.toString());
    }
  }

  // ---- the loop: poll -> intake -> train -> publish when due ----

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
        producer.initTransactions(); // fences any earlier instance and aborts its transaction
      }
      resume();
      resumed = true;
      examples.subscribe(List.of(examplesTopic), new Rebalance());
      lastPublicationMillis = System.currentTimeMillis();
      while (running.get()) {
        for (ConsumerRecord<byte[], byte[]> record : examples.poll(POLL_TIMEOUT)) {
          take(record);
        }
        long now = System.currentTimeMillis();
        for (TrainingBatch batch = batcher.next(now); batch != null; batch = batcher.next(now)) {
          train(batch);
          publishIfDue(now); // per batch, not per poll: a poll can bring many batches
          budget.pace();
        }
        publishIfDue(now); // the time trigger, on a quiet stream
        actOnDrift(now);
        ledger.completeAcknowledged();
      }
    } catch (WakeupException e) {
      if (running.get()) {
        fail(e);
      }
    } catch (InterruptedException e) { // while paced by the CPU budget
      Thread.currentThread().interrupt();
      if (running.get()) {
        fail(e);
      }
    } catch (RuntimeException | Error e) {
      fail(e);
    } finally {
      shutdown();
    }
  }

  /** Continues the version sequence, and the weights if the feature spec is unchanged. */
  private void resume() {
    Optional<ModelEnvelope> latest = champions.resume(STARTUP_TIMEOUT);
    learning.resume(latest, champions.nextVersion()).ifPresent(resumed -> threshold = resumed);
    long resumedThrough = learning.window().getToEventTime();
    if (resumedThrough != Long.MIN_VALUE) {
      eventTimeAtLastPublication = resumedThrough; // a resumed lineage was published through here
    }
  }

  /** Takes one record through the intake into a mini-batch, or sets it aside. */
  private void take(ConsumerRecord<byte[], byte[]> record) {
    ExampleIntake.Verdict verdict = intake.read(record.value());
    if (verdict instanceof ExampleIntake.SetAside aside) {
      setAside.add(record, aside, System.currentTimeMillis());
    } else if (verdict instanceof ExampleIntake.Usable example) {
      if (learning.alreadyLearned(example.eventTime())) {
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
  }

  /**
   * Trains on one batch, moving the hold-out's event-time window first, and pairs the learner's
   * prequential scores with the champion's for the clearly-better trigger.
   */
  private void train(TrainingBatch batch) {
    if (eventTimeAtLastPublication == Long.MIN_VALUE) {
      eventTimeAtLastPublication = batch.fromEventTime(); // the event-time trigger counts from here
    }
    latestEventTime = Math.max(latestEventTime, batch.toEventTime());
    holdOut.advanceTo(batch.toEventTime());
    reference.add(batch);
    ScoringModel champion = recent.enabled() ? champions.championModel() : null;
    TrainingBatch learnable = champion == null ? null : batch.learnable();
    double[] championScores = learnable == null ? null : champion.scoreAll(learnable.features());
    learning.train(batch, holdOut, threshold);
    if (championScores != null) {
      double[] window = learning.windowScores(); // ends with this batch's prequential scores
      if (window.length >= championScores.length) {
        double[] learnerScores =
            Arrays.copyOfRange(window, window.length - championScores.length, window.length);
        recent.add(learnerScores, championScores, learnable.labels());
      }
    }
  }

  private void publishIfDue(long now) {
    Optional<PublishPolicy.Trigger> due =
        config
            .publishPolicy()
            .due(
                learning.examplesSinceLastPublication(),
                now - lastPublicationMillis,
                latestEventTime == Long.MIN_VALUE
                    ? 0
                    : latestEventTime - eventTimeAtLastPublication,
                recent.clearlyBetter());
    if (due.isPresent()) {
      metrics.due(due.get());
      if (due.get() == PublishPolicy.Trigger.CLEARLY_BETTER) {
        LOG.info(
            "{}: learner clearly better than the champion, {}",
            config.modelName(),
            recent.describe());
      }
      publish(now);
    }
  }

  /**
   * Reviews a snapshot of the network and hands it to the ledger. The training thread pays for the
   * copy, the review on the hold-out, and waiting for the previous publication (usually long done).
   */
  private void publish(long now) {
    ledger.completeAll(); // an open transaction of ours would hide what others appended
    champions.catchUp(REFRESH_TIMEOUT);
    champions.rollBackIfDegraded(gate, holdOut, ledger, now);
    Dl4jMlp candidate = learning.snapshot();
    Review reviewed =
        review.review(
            candidate.compile(), // its own arrays: safe after the hand-over
            new CandidateReview.Evidence(
                holdOut,
                learning.windowScores(),
                learning.windowLabels(),
                threshold,
                champions.championModel()));
    threshold = reviewed.threshold();
    if (reviewed.discarded()) {
      LOG.info("discarded a candidate of {}: {}", config.modelName(), reviewed.verdict().reason());
      metrics.discarded();
      learning.discarded();
    } else {
      long version = champions.claimVersion();
      Review.Draft draft =
          reviewed.draft(
              lineage(version),
              learning.evaluation(),
              learning.logitCorrection(),
              learning.baseline(),
              setAside.drain(now),
              now);
      ModelEnvelopes.Publication publication =
          draft
              .publication()
              .withReferenceProfile(
                  reference.profile(
                      config.layout().names(), reviewed.scorer(), reviewed.threshold().served()));
      ledger.publish(version, candidate, publication, draft.monitoring(), learning.nextOffsets());
      if (reviewed.verdict().winner()) {
        champions.promoted(version, reviewed.scorer());
      }
      learning.published(version);
    }
    lastPublicationMillis = now;
    eventTimeAtLastPublication = Math.max(eventTimeAtLastPublication, latestEventTime);
    recent.reset();
  }

  // ---- what a drift alert asks for (DriftResponse), run between two batches ----

  private void actOnDrift(long now) {
    DriftMonitor monitor = drift;
    Optional<DriftResponse.Request> taken =
        monitor == null ? Optional.empty() : monitor.response().take();
    if (taken.isEmpty()) {
      return;
    }
    DriftResponse.Request request = taken.get();
    if (request.notBefore() == request.requestedAt()) {
      // Once per action: a retrain waiting for the lake is taken again every few seconds.
      LOG.info(
          "{}: drift action {} ({})",
          config.modelName(),
          request.action(),
          request.cause().describe());
    }
    try {
      switch (request.action()) {
        case RESET -> {
          learning.restartFresh();
          reference.clear();
          monitor
              .response()
              .done(request, true, null, "the online learner starts again from a fresh network");
        }
        case RETRAIN -> retrain(request, monitor.response(), now);
        case NOTIFY -> monitor.response().done(request, true, null, "notified");
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "{}: drift action {} failed: {}", config.modelName(), request.action(), e.toString());
      monitor.response().done(request, false, null, e.toString());
    }
  }

  /**
   * Trains a fresh network on the lake's recent examples and lets the promotion gate judge it on
   * the hold-out like any candidate: champion only if it wins, else a challenger (or nothing, when
   * losers are discarded). The training thread pays for the batch training (seconds for the demo's
   * lake); the online learner goes on with its own network afterwards.
   */
  private void retrain(DriftResponse.Request request, DriftResponse response, long now)
      throws IOException {
    DriftRetrain.Lake lake = DriftRetrain.Lake.read(config, Path.of(driftConfig.retrainLake()));
    RetrainWindow window = RetrainWindow.after(request.cause(), driftConfig);
    if (!lake.holds(window) && now - request.requestedAt() < RETRAIN_LAKE_WAIT.toMillis()) {
      // the examples after the alert have not matured into the lake yet (maturity window, then
      // the sink's next checkpoint): train once they have, or on what is there after
      // RETRAIN_LAKE_WAIT
      response.retryLater(
          request, RETRAIN_LAKE_RETRY, "waiting for the lake: " + lake.progress(window));
      return;
    }
    DriftRetrain retrained = DriftRetrain.train(config, driftConfig, lake, window);
    ledger.completeAll();
    champions.catchUp(REFRESH_TIMEOUT);
    PromotionGate.Verdict verdict =
        gate.judge(retrained.served(), champions.championModel(), holdOut);
    long champion = champions.championVersion();
    if (!verdict.winner() && gate.rule().onLoss() == PromotionGate.OnLoss.DISCARD) {
      response.done(
          request,
          true,
          null,
          "retrained network discarded by the gate: " + verdict.reason(),
          "discarded: the gate kept champion v" + champion);
      return;
    }
    String role = verdict.winner() ? ModelEnvelopes.CHAMPION : ModelEnvelopes.CHALLENGER;
    long version = champions.claimVersion();
    Map<String, Double> figures = new LinkedHashMap<>(retrained.result().metrics());
    figures.put("held_out_labels", (double) verdict.labels());
    if (Double.isFinite(verdict.first())) {
      figures.put("gate_candidate", verdict.first());
      figures.put("gate_champion", verdict.second());
    }
    ModelEnvelopes.Publication publication =
        new ModelEnvelopes.Publication(
            config.modelName(),
            version,
            null,
            role,
            config.layout().specHash(),
            config.layout().names(),
            retrained.window(),
            figures,
            retrained.result().threshold().served(),
            CodeVersion.current(),
            retrained.result().calibration().map(Calibrator.Fitted::toAvro).orElse(null),
            retrained.profile());
    String outcome =
        String.format(
            Locale.ROOT,
            "model=%s v%d retrained from %s (%d examples) after drift, published as %s: %s",
            config.modelName(),
            version,
            retrained.window().getOffsets(),
            retrained.window().getExamples(),
            role,
            verdict.reason());
    ledger.publish(
        version,
        retrained.model(),
        publication,
        List.of(
            TrainerMonitoring.model(
                "trainer.promotion", verdict.winner() ? 1 : 0, version, outcome, now)),
        learning.nextOffsets());
    if (verdict.winner()) {
      champions.promoted(version, retrained.served());
    }
    LOG.info(outcome);
    String decided =
        verdict.winner() ? "promoted it over v" + champion : "kept champion v" + champion;
    response.done(
        request,
        true,
        version,
        outcome,
        String.format(
            Locale.ROOT, "published v%d → gate %s (%s)", version, decided, evidence(verdict)));
  }

  /** The gate's figures behind a verdict, or its reason when it had none to compare. */
  private String evidence(PromotionGate.Verdict verdict) {
    return Double.isFinite(verdict.first())
        ? String.format(
            Locale.ROOT,
            "%s %.3f vs %.3f on %d held-out labels",
            gate.rule().metric(),
            verdict.first(),
            verdict.second(),
            verdict.labels())
        : verdict.reason();
  }

  private Review.Lineage lineage(long version) {
    return new Review.Lineage(
        config.modelName(),
        version,
        learning.parentVersion(),
        config.layout().specHash(),
        config.layout().names(),
        learning.window(),
        CodeVersion.current());
  }

  // ---- stopping ----

  private void fail(Throwable e) {
    failure = e;
    LOG.error("trainer {} stopped on an error", config.modelName(), e);
  }

  /** Finishes the in-flight publications and commits them, then releases every client. */
  private void shutdown() {
    try {
      ledger.completeAll();
    } catch (RuntimeException e) {
      LOG.warn("final commit failed: {}", e.toString());
    }
    DriftMonitor monitor = drift;
    if (monitor != null) {
      closeQuietly(monitor::close);
    }
    closeQuietly(ledger::close);
    closeQuietly(() -> producer.close(CLOSE_TIMEOUT)); // bounded: a plain close waits for ever
    closeQuietly(examples::close);
    closeQuietly(champions::close);
    closeQuietly(metrics::close);
    closeQuietly(examplesClientMetrics::close);
    running.set(false);
    stopped.countDown();
    LOG.info(
        "trainer {} stopped after {} examples, latest version {}",
        config.modelName(),
        learning.examplesTrained(),
        champions.latestVersion().orElse(-1));
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
    closeQuietly(champions::wakeup); // in case the loop is still reading the models topic
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

  /** Tells the champion book what reached the topic; stops the loop when fenced. */
  private final class Ledger implements PublicationLedger.Listener {
    @Override
    public void acknowledged(ModelEnvelope envelope) {
      champions.acknowledged(envelope);
    }

    @Override
    public void fenced(Throwable cause) {
      running.set(false); // a newer instance of this trainer owns the model now
      failure = cause;
    }
  }

  /** Drops untrained examples of revoked partitions: their next owner reads them again. */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      batcher.dropPartitions(
          partitions.stream().map(TopicPartition::partition).collect(Collectors.toSet()));
      assignedPartitions.addAndGet(-partitions.size());
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      LOG.info("{} trains on {}", config.modelName(), partitions);
      assignedPartitions.addAndGet(partitions.size());
    }
  }

  // ---- what the launcher and TrainerMain read (any thread) ----

  /** The latest version on {@code models}: published by this trainer or found there at start. */
  public OptionalLong latestPublishedVersion() {
    return champions.latestVersion();
  }

  /** Prequential precision/recall/F1, recent and since start. */
  public EvaluationSnapshot evaluation() {
    return learning.evaluation();
  }

  /** The logistic-regression baseline's figures on the same examples (empty when disabled). */
  public EvaluationSnapshot baselineEvaluation() {
    return learning.baselineEvaluation();
  }

  /** Examples trained on by this trainer since it started. */
  public long examplesTrained() {
    return learning.examplesTrained();
  }

  /** Examples kept from training for the promotion gate since this trainer started. */
  public long examplesHeldOut() {
    return learning.examplesHeldOut();
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

  /**
   * What {@code /health} and {@code /ready} say of this trainer: alive until its loop fails; ready
   * once it has read {@code models} (it knows the champion it must beat and the next version) and
   * has partitions of {@code training-examples} to learn from.
   */
  public ProcessHealth health() {
    return new ProcessHealth() {
      @Override
      public Optional<String> failure() {
        return OnlineTrainer.this.failure().map(e -> "the training loop failed: " + e);
      }

      @Override
      public Optional<String> notReady() {
        if (!isRunning()) {
          return Optional.of("the training loop is not running");
        }
        if (!resumed) {
          return Optional.of("reading the models topic (champion and version sequence)");
        }
        if (assignedPartitions.get() <= 0) {
          return Optional.of("no partition of training-examples assigned");
        }
        return Optional.empty();
      }
    };
  }

  /** Drift alerts seen and retrains published since start (zeros when the monitor is off). */
  public DriftCounts driftCounts() {
    DriftMonitor monitor = drift;
    return monitor == null
        ? new DriftCounts(0, 0, null)
        : new DriftCounts(
            monitor.response().alerts(),
            monitor.response().retrains(),
            monitor.response().latest().map(DriftResponse.Outcome::describe).orElse(null));
  }

  /**
   * What the drift monitor has seen and set off.
   *
   * @param latest the latest action and where it stands (null: none yet), e.g. "retrain done:
   *     published v12 → gate kept champion v9 (...)"
   */
  public record DriftCounts(long alerts, long retrains, String latest) {}

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
}
