package io.osprey.ingest;

import io.osprey.ingest.IngestSettings.Delivery;
import io.osprey.ingest.IngestSettings.MaturityClock;
import io.osprey.ingest.IngestSettings.Mode;
import io.osprey.ingest.features.Deduplicate;
import io.osprey.ingest.features.DistinctEventIds;
import io.osprey.ingest.features.SpecFeatures;
import io.osprey.ingest.file.LineRecords;
import io.osprey.ingest.join.LabelJoin;
import io.osprey.ingest.kafka.KafkaEndpoints;
import io.osprey.ingest.lake.Lake;
import io.osprey.ingest.model.Event;
import io.osprey.ingest.model.Example;
import io.osprey.ingest.model.FeatureRow;
import io.osprey.ingest.model.LabelEvent;
import io.osprey.ingest.model.RawRecord;
import io.osprey.ingest.model.Rejected;
import io.osprey.ingest.monitor.RestartAlerts;
import io.osprey.ingest.parse.DeadLetters;
import io.osprey.ingest.parse.ParseEvents;
import io.osprey.ingest.parse.ParseLabels;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.platform.kafka.KafkaClients;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The ingest pipeline: parse and validate, deduplicate, compute features, join labels.
 *
 * <pre>
 * transactions ─► parse ─► dedupe(entity) ─► features(entity) ─► dedupe(eventId) ─┬─► features sink
 *                   │                                                             └─► join(eventId) ─► examples sink
 * labels ───────► parse ──────────────────────────────────────────────────────────────────┘ │
 *                   └──────────── dead letters (parse, validate, join) ◄────────────────────┘─► cap ─► dead-letter sink
 * </pre>
 *
 * <p>What an event looks like and which features are computed from it is the feature spec's ({@link
 * IngestConfig#spec()}, {@code features.spec}); card payments by default.
 *
 * <p>Optionally ({@link #withLake}) features and examples also go to Parquet files by date.
 *
 * <p>Sources and sinks are arguments, so tests run this very pipeline against other endpoints;
 * {@link #kafka(Settings)} wires the real topics. Every stateful operator has a fixed uid: renaming
 * one orphans its state in existing savepoints.
 */
public final class IngestJob {
  private final Source<RawRecord, ?, ?> transactions;
  private final Source<RawRecord, ?, ?> labels;
  private final Sink<FeatureRow> features;
  private final Sink<Example> trainingExamples;
  private final Sink<Rejected> deadLetters;
  private final IngestConfig config;

  /** Both null when there is no lake. */
  private final Sink<FeatureRow> lakeFeatures;

  private final Sink<Example> lakeExamples;

  /** Where restarts of the job are reported ({@link RestartAlerts}); null: not reported. */
  private final String alertBootstrapServers;

  private final String alertTopicPrefix;

  public IngestJob(
      Source<RawRecord, ?, ?> transactions,
      Source<RawRecord, ?, ?> labels,
      Sink<FeatureRow> features,
      Sink<Example> trainingExamples,
      Sink<Rejected> deadLetters,
      IngestConfig config) {
    this(
        transactions,
        labels,
        features,
        trainingExamples,
        deadLetters,
        config,
        null,
        null,
        null,
        null);
  }

  private IngestJob(
      Source<RawRecord, ?, ?> transactions,
      Source<RawRecord, ?, ?> labels,
      Sink<FeatureRow> features,
      Sink<Example> trainingExamples,
      Sink<Rejected> deadLetters,
      IngestConfig config,
      Sink<FeatureRow> lakeFeatures,
      Sink<Example> lakeExamples,
      String alertBootstrapServers,
      String alertTopicPrefix) {
    this.alertBootstrapServers = alertBootstrapServers;
    this.alertTopicPrefix = alertTopicPrefix;
    this.lakeFeatures = lakeFeatures;
    this.lakeExamples = lakeExamples;
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    this.labels = Objects.requireNonNull(labels, "labels");
    this.features = Objects.requireNonNull(features, "features");
    this.trainingExamples = Objects.requireNonNull(trainingExamples, "trainingExamples");
    this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * The job on the Kafka topics named by {@code settings} ({@link CommonSettings} for brokers and
   * topic prefix, {@link IngestSettings} for the rest). The single-machine launcher calls this and
   * then {@link #buildOn} with its own environment.
   */
  public static IngestJob kafka(Settings settings) {
    if (settings.get(IngestSettings.MODE) == Mode.BATCH) {
      throw new IllegalArgumentException(
          IngestSettings.MODE.key()
              + "=batch needs bounded inputs: set "
              + IngestSettings.INPUT_TRANSACTIONS.key()
              + " and "
              + IngestSettings.INPUT_LABELS.key());
    }
    KafkaEndpoints kafka = endpoints(settings);
    return withSinks(settings, kafka, kafka.transactionSource(), kafka.labelSource());
  }

  /**
   * The job over files of JSON lines ({@link IngestSettings#INPUT_TRANSACTIONS}, {@link
   * IngestSettings#INPUT_LABELS}) instead of the input topics, writing to the same sinks: a
   * backfill, in {@code batch} mode (or streaming, which reads the files and then stops).
   */
  public static IngestJob files(Settings settings) {
    String transactions = settings.get(IngestSettings.INPUT_TRANSACTIONS).trim();
    String labels = settings.get(IngestSettings.INPUT_LABELS).trim();
    if (transactions.isEmpty() || labels.isEmpty()) {
      throw new IllegalArgumentException(
          IngestSettings.INPUT_TRANSACTIONS.key()
              + " and "
              + IngestSettings.INPUT_LABELS.key()
              + " must both name a file or directory");
    }
    return withSinks(
        settings,
        endpoints(settings),
        fileSource(transactions, "file:" + transactions),
        fileSource(labels, "file:" + labels));
  }

  /**
   * A bounded source of the lines of a file or of every file in a directory; {@code topic} is what
   * dead letters name as their source.
   */
  public static FileSource<RawRecord> fileSource(String path, String topic) {
    return FileSource.forRecordStreamFormat(new LineRecords(topic), new Path(path)).build();
  }

  private static KafkaEndpoints endpoints(Settings settings) {
    return new KafkaEndpoints(
        KafkaClients.from(settings),
        settings.get(IngestSettings.CONSUMER_GROUP),
        settings.get(CommonSettings.TOPIC_PREFIX),
        settings.get(IngestSettings.DELIVERY_GUARANTEE),
        settings.get(IngestSettings.SINK_MAX_RECORD_BYTES));
  }

  private static IngestJob withSinks(
      Settings settings,
      KafkaEndpoints kafka,
      Source<RawRecord, ?, ?> transactions,
      Source<RawRecord, ?, ?> labels) {
    IngestJob job =
        new IngestJob(
                transactions,
                labels,
                kafka.featureSink(),
                kafka.trainingExampleSink(),
                kafka.deadLetterSink(),
                IngestConfig.from(settings))
            .withRestartAlerts(
                settings.get(CommonSettings.BOOTSTRAP_SERVERS),
                settings.get(CommonSettings.TOPIC_PREFIX));
    String lakeRoot = settings.get(IngestSettings.LAKE_ROOT).trim();
    return lakeRoot.isEmpty()
        ? job
        : job.withLake(Lake.features(lakeRoot), Lake.trainingExamples(lakeRoot));
  }

  /**
   * This job, also writing features and training examples to a lake ({@link Lake}). File sinks
   * commit on checkpoints, so files appear once per checkpoint interval.
   */
  public IngestJob withLake(Sink<FeatureRow> features, Sink<Example> trainingExamples) {
    return new IngestJob(
        transactions,
        labels,
        this.features,
        this.trainingExamples,
        deadLetters,
        config,
        Objects.requireNonNull(features, "lake features"),
        Objects.requireNonNull(trainingExamples, "lake training examples"),
        alertBootstrapServers,
        alertTopicPrefix);
  }

  /**
   * This job, also reporting each of its restarts as an alert on the {@code monitoring} topic of
   * {@code bootstrapServers} ({@link RestartAlerts}).
   */
  public IngestJob withRestartAlerts(String bootstrapServers, String topicPrefix) {
    return new IngestJob(
        transactions,
        labels,
        features,
        trainingExamples,
        deadLetters,
        config,
        lakeFeatures,
        lakeExamples,
        Objects.requireNonNull(bootstrapServers, "bootstrapServers"),
        Objects.requireNonNull(topicPrefix, "topicPrefix"));
  }

  public IngestConfig config() {
    return config;
  }

  /**
   * Configures {@code env} (checkpointing, state backend, restart strategy) and adds the pipeline
   * to it. The caller runs it with {@code env.execute(...)} or {@code env.executeAsync(...)}.
   */
  public void buildOn(StreamExecutionEnvironment env) {
    configure(env);

    // Event time lives in the payload, so watermarks are assigned after parsing: bounded
    // out-of-orderness per parse subtask, idle subtasks excluded. Features are still computed on
    // arrival; the watermark decides which events are late and how much state is kept (see
    // SpecFeatures).
    SingleOutputStreamOperator<Event> events =
        env.fromSource(transactions, WatermarkStrategy.noWatermarks(), "transactions-source")
            .uid("transactions-source")
            .process(new ParseEvents(config.maxRecordBytes(), config.maxKeyBytes(), config.spec()))
            .uid("parse-transactions")
            .name("parse-transactions");
    DataStream<Event> timed =
        events
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<Event>forBoundedOutOfOrderness(config.outOfOrderness())
                    .withTimestampAssigner((e, kafkaTimestamp) -> e.eventTime)
                    .withIdleness(config.watermarkIdleness()))
            .uid("event-time")
            .name("event-time");

    SingleOutputStreamOperator<LabelEvent> parsedLabels =
        env.fromSource(labels, WatermarkStrategy.noWatermarks(), "labels-source")
            .uid("labels-source")
            .process(new ParseLabels(config.maxRecordBytes(), config.maxKeyBytes()))
            .uid("parse-labels")
            .name("parse-labels");
    DataStream<LabelEvent> timedLabels = parsedLabels;
    if (config.maturityClock() == MaturityClock.EVENT) {
      // Maturity on event time: the join's clock is the least of the events' and the labels'
      // watermarks, the labels' taken from their labelTime.
      timedLabels =
          parsedLabels
              .assignTimestampsAndWatermarks(
                  WatermarkStrategy.<LabelEvent>forBoundedOutOfOrderness(config.outOfOrderness())
                      .withTimestampAssigner((l, kafkaTimestamp) -> l.labelTime)
                      .withIdleness(config.watermarkIdleness()))
              .uid("label-time")
              .name("label-time");
    }

    SingleOutputStreamOperator<Event> deduplicated =
        timed
            // Keyed by entity: an entity's events come from one Kafka partition (producers
            // key by entity), so each entity keeps its arrival order all the way to the features.
            .keyBy(e -> e.entityId, Types.STRING)
            .process(new Deduplicate(config.dedupeHorizon()))
            .uid("dedupe")
            .name("dedupe");
    // Dedupe passes each event on under the key it came with, so its output is still partitioned
    // by entity: the features operator reads it as keyed without a second shuffle and is chained
    // to dedupe (one network hop, one serialisation and one buffer timeout less per event).
    SingleOutputStreamOperator<FeatureRow> computed =
        DataStreamUtils.reinterpretAsKeyedStream(deduplicated, e -> e.entityId, Types.STRING)
            // A uid of its own, not the former "payment-features": its state has another shape
            // (a savepoint taken before feature specs restores with allowNonRestoredState).
            .process(new SpecFeatures(config.spec()))
            .uid("entity-features")
            .name("entity-features");
    // One event id, one vector, whatever the entity: the same id sent under another card is
    // dropped here (see DistinctEventIds for why after the features). Keyed by event id, as the
    // label join is, so the join reads this output as keyed and runs in the same task.
    SingleOutputStreamOperator<FeatureRow> vectors =
        computed
            .keyBy(v -> v.eventId, Types.STRING)
            .process(new DistinctEventIds(config.dedupeHorizon()))
            .uid("dedupe-event-id")
            .name("dedupe-event-id");

    vectors.sinkTo(features).uid("features-sink").name("features-sink");

    SingleOutputStreamOperator<Example> examples =
        DataStreamUtils.reinterpretAsKeyedStream(vectors, v -> v.eventId, Types.STRING)
            .connect(timedLabels.keyBy(l -> l.eventId, Types.STRING))
            .process(
                new LabelJoin(
                    config.maturityWindow(),
                    config.orphanLabelHorizon(),
                    config.labelCorrectionHorizon(),
                    config.maturityClock()))
            .uid("label-join")
            .name("label-join");

    examples.sinkTo(trainingExamples).uid("training-examples-sink").name("training-examples-sink");

    if (lakeFeatures != null) {
      vectors.sinkTo(lakeFeatures).uid("lake-features-sink").name("lake-features-sink");
      examples
          .sinkTo(lakeExamples)
          .uid("lake-training-examples-sink")
          .name("lake-training-examples-sink");
    }

    DataStream<Rejected> rejected =
        events
            .getSideOutput(DeadLetters.TAG)
            .union(
                parsedLabels.getSideOutput(DeadLetters.TAG),
                examples.getSideOutput(DeadLetters.TAG));
    // Every dead letter is bounded before the sink, so a hostile record can never make one too
    // large to write (which would fail the sink and restart the job on the same record forever).
    rejected
        .map(config.deadLetterCap())
        .uid("dead-letter-cap")
        .name("dead-letter-cap")
        .sinkTo(deadLetters)
        .uid("dead-letter-sink")
        .name("dead-letter-sink");
  }

  /**
   * Checkpoints follow the sinks: at-least-once checkpoints (no barrier alignment) for
   * at-least-once sinks, exactly-once checkpoints for transactional sinks. State backend and
   * restart strategy go into the job's configuration, so they also apply when the launcher's
   * embedded MiniCluster runs the job.
   */
  private void configure(StreamExecutionEnvironment env) {
    Configuration conf = new Configuration();
    if (config.mode() == Mode.BATCH) {
      // Batch runs take no checkpoints: a failed backfill is rerun.
      conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
    } else {
      conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
      env.enableCheckpointing(
          config.checkpointInterval().toMillis(),
          config.delivery() == Delivery.EXACTLY_ONCE
              ? CheckpointingMode.EXACTLY_ONCE
              : CheckpointingMode.AT_LEAST_ONCE);
    }
    conf.set(StateBackendOptions.STATE_BACKEND, config.stateBackend().flinkName());
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, config.restartStrategy().flinkName());
    if (alertBootstrapServers != null) {
      RestartAlerts.configure(conf, alertBootstrapServers, alertTopicPrefix);
    }
    // Through the configuration, not env.setBufferTimeout(): env.configure() would reset the
    // latter.
    conf.set(ExecutionOptions.BUFFER_TIMEOUT, Duration.ofMillis(config.bufferTimeoutMs()));
    env.configure(conf);
  }
}
