package io.osprey.ingest;

import io.osprey.ingest.features.Deduplicate;
import io.osprey.ingest.features.PaymentFeatures;
import io.osprey.ingest.join.LabelJoin;
import io.osprey.ingest.kafka.KafkaEndpoints;
import io.osprey.ingest.model.Example;
import io.osprey.ingest.model.FeatureRow;
import io.osprey.ingest.model.LabelEvent;
import io.osprey.ingest.model.Payment;
import io.osprey.ingest.model.RawRecord;
import io.osprey.ingest.model.Rejected;
import io.osprey.ingest.parse.DeadLetters;
import io.osprey.ingest.parse.ParseLabels;
import io.osprey.ingest.parse.ParseTransactions;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The ingest pipeline: parse and validate, deduplicate, compute features, join labels.
 *
 * <pre>
 * transactions ─► parse ─► dedupe(cardId) ─► features(cardId) ─┬─► features sink
 *                   │                                            └─► join(eventId) ─► examples sink
 * labels ───────► parse ─────────────────────────────────────────────────┘ │
 *                   └──────────── dead letters (parse, validate, join) ◄────┘─► dead-letter sink
 * </pre>
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

  public IngestJob(
      Source<RawRecord, ?, ?> transactions,
      Source<RawRecord, ?, ?> labels,
      Sink<FeatureRow> features,
      Sink<Example> trainingExamples,
      Sink<Rejected> deadLetters,
      IngestConfig config) {
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
    KafkaEndpoints kafka =
        new KafkaEndpoints(
            settings.get(CommonSettings.BOOTSTRAP_SERVERS),
            settings.get(IngestSettings.CONSUMER_GROUP),
            settings.get(CommonSettings.TOPIC_PREFIX));
    return new IngestJob(
        kafka.transactionSource(),
        kafka.labelSource(),
        kafka.featureSink(),
        kafka.trainingExampleSink(),
        kafka.deadLetterSink(),
        IngestConfig.from(settings));
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

    // Arrival order, processing-time timers: no watermarks needed (see PaymentFeatures).
    SingleOutputStreamOperator<Payment> payments =
        env.fromSource(transactions, WatermarkStrategy.noWatermarks(), "transactions-source")
            .uid("transactions-source")
            .process(new ParseTransactions(config.maxRecordBytes()))
            .uid("parse-transactions")
            .name("parse-transactions");

    SingleOutputStreamOperator<LabelEvent> parsedLabels =
        env.fromSource(labels, WatermarkStrategy.noWatermarks(), "labels-source")
            .uid("labels-source")
            .process(new ParseLabels(config.maxRecordBytes()))
            .uid("parse-labels")
            .name("parse-labels");

    SingleOutputStreamOperator<FeatureRow> vectors =
        payments
            // Both keyed by card: a card's payments come from one Kafka partition (producers key
            // by card), so each card keeps its arrival order all the way to the features.
            .keyBy(p -> p.cardId, Types.STRING)
            .process(new Deduplicate(config.dedupeHorizon()))
            .uid("dedupe")
            .name("dedupe")
            .keyBy(p -> p.cardId, Types.STRING)
            .process(new PaymentFeatures())
            .uid("payment-features")
            .name("payment-features");

    vectors.sinkTo(features).uid("features-sink").name("features-sink");

    SingleOutputStreamOperator<Example> examples =
        vectors
            .keyBy(v -> v.eventId, Types.STRING)
            .connect(parsedLabels.keyBy(l -> l.eventId, Types.STRING))
            .process(new LabelJoin(config.maturityWindow(), config.orphanLabelHorizon()))
            .uid("label-join")
            .name("label-join");

    examples.sinkTo(trainingExamples).uid("training-examples-sink").name("training-examples-sink");

    DataStream<Rejected> rejected =
        payments
            .getSideOutput(DeadLetters.TAG)
            .union(
                parsedLabels.getSideOutput(DeadLetters.TAG),
                examples.getSideOutput(DeadLetters.TAG));
    rejected.sinkTo(deadLetters).uid("dead-letter-sink").name("dead-letter-sink");
  }

  /**
   * At-least-once checkpoints: cheaper than exactly-once barriers alignment, and the sinks are
   * at-least-once anyway. State backend and restart strategy go into the job's configuration, so
   * they also apply when the launcher's embedded MiniCluster runs the job.
   */
  private void configure(StreamExecutionEnvironment env) {
    env.enableCheckpointing(
        config.checkpointInterval().toMillis(), CheckpointingMode.AT_LEAST_ONCE);
    Configuration conf = new Configuration();
    conf.set(StateBackendOptions.STATE_BACKEND, config.stateBackend().flinkName());
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, config.restartStrategy().flinkName());
    // Through the configuration, not env.setBufferTimeout(): env.configure() would reset the
    // latter.
    conf.set(ExecutionOptions.BUFFER_TIMEOUT, Duration.ofMillis(config.bufferTimeoutMs()));
    env.configure(conf);
  }
}
