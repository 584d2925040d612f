package io.osprey.ingest;

import io.osprey.ingest.IngestSettings.Delivery;
import io.osprey.ingest.IngestSettings.Mode;
import io.osprey.ingest.features.Deduplicate;
import io.osprey.ingest.features.DistinctEventIds;
import io.osprey.ingest.features.SpecFeatures;
import io.osprey.ingest.join.JoinClock;
import io.osprey.ingest.join.LabelJoin;
import io.osprey.ingest.keys.KeyGroups;
import io.osprey.ingest.keys.KeyedStages;
import io.osprey.ingest.lake.LakeSinks;
import io.osprey.ingest.model.Event;
import io.osprey.ingest.model.Example;
import io.osprey.ingest.model.FeatureRow;
import io.osprey.ingest.model.LabelEvent;
import io.osprey.ingest.model.Rejected;
import io.osprey.ingest.parse.DeadLetters;
import io.osprey.ingest.parse.ParseEvents;
import io.osprey.ingest.parse.ParseLabels;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
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
 * <p>A spec with aggregates keyed by other fields than the entity ({@code by:}) or reading labels
 * adds the keyed stages between the features and {@code dedupe-event-id}: {@link KeyedStages} (one
 * keyed operator for every key, gathered back by event id).
 *
 * <p>What an event looks like and which features are computed from it is the feature spec's ({@link
 * IngestConfig#spec()}, {@code features.spec}); card payments by default. When the sinks name a
 * lake ({@link LakeSinks}), features and examples also go there.
 *
 * <p>The job knows no endpoint: it is given its sources, sinks and config (as the flink-training
 * exercises are), {@link IngestWiring} builds the real ones (topics, files, the Parquet lake), and
 * tests run this very pipeline on bounded sources and collecting sinks. Every stateful operator has
 * a fixed uid: renaming one orphans its state in existing savepoints.
 */
public final class IngestJob {
  private final IngestSources sources;
  private final IngestSinks sinks;
  private final IngestConfig config;

  public IngestJob(IngestSources sources, IngestSinks sinks, IngestConfig config) {
    this.sources = Objects.requireNonNull(sources, "sources");
    this.sinks = Objects.requireNonNull(sinks, "sinks");
    this.config = Objects.requireNonNull(config, "config");
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
        env.fromSource(
                sources.transactions(), WatermarkStrategy.noWatermarks(), "transactions-source")
            .uid("transactions-source")
            .process(
                new ParseEvents(
                    config.maxRecordBytes(),
                    config.maxKeyBytes(),
                    config.spec(),
                    config.timeBounds()))
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
        env.fromSource(sources.labels(), WatermarkStrategy.noWatermarks(), "labels-source")
            .uid("labels-source")
            .process(
                new ParseLabels(config.maxRecordBytes(), config.maxKeyBytes(), config.timeBounds()))
            .uid("parse-labels")
            .name("parse-labels");
    // The label join's clock, chosen once. On the event clock its time is the least of the
    // events' and the labels' watermarks, the labels' taken from their labelTime.
    JoinClock clock = JoinClock.of(config.maturityClock());
    DataStream<LabelEvent> timedLabels =
        clock
            .labelWatermarks(config.outOfOrderness(), config.watermarkIdleness())
            .<DataStream<LabelEvent>>map(
                watermarks ->
                    parsedLabels
                        .assignTimestampsAndWatermarks(watermarks)
                        .uid("label-time")
                        .name("label-time"))
            .orElse(parsedLabels);

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
    // A spec with aggregates keyed by other fields, or reading labels, adds the keyed stages
    // (KeyedStages): their columns are gathered into the entity's vector by event id, already the
    // key of the next stage. Without them the graph is exactly as before.
    KeyGroups keyGroups = KeyGroups.of(config.spec());
    KeyedStream<FeatureRow, String> byEventId =
        keyGroups.isEmpty()
            ? computed.keyBy(v -> v.eventId, Types.STRING)
            : DataStreamUtils.reinterpretAsKeyedStream(
                KeyedStages.gathered(keyGroups, deduplicated, computed, timedLabels, config),
                v -> v.eventId,
                Types.STRING);
    SingleOutputStreamOperator<FeatureRow> vectors =
        byEventId
            .process(new DistinctEventIds(config.dedupeHorizon()))
            .uid("dedupe-event-id")
            .name("dedupe-event-id");

    vectors.sinkTo(sinks.features()).uid("features-sink").name("features-sink");

    SingleOutputStreamOperator<Example> examples =
        DataStreamUtils.reinterpretAsKeyedStream(vectors, v -> v.eventId, Types.STRING)
            .connect(timedLabels.keyBy(l -> l.eventId, Types.STRING))
            .process(
                new LabelJoin(
                    config.maturityWindow(),
                    config.orphanLabelHorizon(),
                    config.labelCorrectionHorizon(),
                    clock))
            .uid("label-join")
            .name("label-join");

    examples
        .sinkTo(sinks.trainingExamples())
        .uid("training-examples-sink")
        .name("training-examples-sink");

    if (sinks.lake() instanceof LakeSinks.Writing lake) {
      vectors.sinkTo(lake.features()).uid("lake-features-sink").name("lake-features-sink");
      examples
          .sinkTo(lake.trainingExamples())
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
        .sinkTo(sinks.deadLetters())
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
    sinks.restarts().configure(conf);
    // Through the configuration, not env.setBufferTimeout(): env.configure() would reset the
    // latter.
    conf.set(ExecutionOptions.BUFFER_TIMEOUT, Duration.ofMillis(config.bufferTimeoutMs()));
    env.configure(conf);
  }
}
