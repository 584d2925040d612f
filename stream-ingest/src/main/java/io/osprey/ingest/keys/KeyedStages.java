package io.osprey.ingest.keys;

import io.osprey.ingest.IngestConfig;
import io.osprey.ingest.IngestSettings.MaturityClock;
import io.osprey.ingest.IngestSettings.Mode;
import io.osprey.ingest.model.Event;
import io.osprey.ingest.model.FeatureRow;
import io.osprey.ingest.model.KeyLabel;
import io.osprey.ingest.model.KeyPart;
import io.osprey.ingest.model.KeyRequest;
import io.osprey.ingest.model.LabelEvent;
import java.time.Duration;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.Collector;

/**
 * The stages a spec with keyed aggregates adds to the job, whatever the number of keys:
 *
 * <pre>
 * dedupe ─► key-requests ─(key)──────────────────────────► keyed-features ─┐
 *   │          ├─ unkeyed parts (defaults) ──────────────────────────────────┤
 *   │          └─ event keys ─(event id)─► label-keys ─(key)─┘ (2nd input)   │
 * labels ──────────────────────(event id)──┘                                 ▼
 * entity-features ─────────────────────────(event id)─────────────────► gather-keys ─► dedupe-event-id
 * </pre>
 *
 * Two shuffles per event for any number of key groups (the requests to their keys, the parts to
 * their event id), one operator holding every key's state, and labels reaching the keys through an
 * event-id keyed stage fed by the same fan-out: no cycle, no topic. Uids: {@code key-requests},
 * {@code label-keys}, {@code keyed-features}, {@code gather-keys}.
 */
public final class KeyedStages {
  private KeyedStages() {}

  /**
   * The event-time rule of {@link KeyedFeatures}: on the event clock, and in batch mode (whose
   * input order says nothing about when labels arrived).
   */
  public static boolean eventTimeRule(IngestConfig config) {
    return config.maturityClock() == MaturityClock.EVENT || config.mode() == Mode.BATCH;
  }

  /**
   * The whole vectors, keyed by event id (as the output of a keyed operator: read it with {@code
   * reinterpretAsKeyedStream}).
   */
  public static SingleOutputStreamOperator<FeatureRow> gathered(
      KeyGroups groups,
      DataStream<Event> deduplicated,
      DataStream<FeatureRow> entityVectors,
      DataStream<LabelEvent> labels,
      IngestConfig config) {
    SingleOutputStreamOperator<KeyRequest> requests =
        deduplicated.process(new KeyRequests(groups)).uid("key-requests").name("key-requests");

    DataStream<KeyLabel> keyLabels;
    if (groups.anyLabelAware()) {
      keyLabels =
          requests
              .getSideOutput(KeyRequests.EVENT_KEYS)
              .keyBy(k -> k.eventId, Types.STRING)
              .connect(labels.keyBy(l -> l.eventId, Types.STRING))
              .process(
                  new LabelKeys(
                      Duration.ofMillis(groups.longestLabelWindowMillis()),
                      config.orphanLabelHorizon()))
              .uid("label-keys")
              .name("label-keys");
    } else {
      // No label-aware group: the keyed operator's second input carries nothing.
      keyLabels = labels.flatMap(new NoLabels()).uid("no-key-labels").name("no-key-labels");
    }

    DataStream<KeyPart> parts =
        requests
            .keyBy(r -> r.key, Types.STRING)
            .connect(keyLabels.keyBy(l -> l.key, Types.STRING))
            .process(new KeyedFeatures(groups, eventTimeRule(config), config.outOfOrderness()))
            .uid("keyed-features")
            .name("keyed-features")
            .union(requests.getSideOutput(KeyRequests.UNKEYED));

    return entityVectors
        .keyBy(v -> v.eventId, Types.STRING)
        .connect(parts.keyBy(p -> p.eventId, Types.STRING))
        .process(new GatherKeys(groups, config.dedupeHorizon()))
        .uid("gather-keys")
        .name("gather-keys");
  }

  private static final class NoLabels implements FlatMapFunction<LabelEvent, KeyLabel> {
    @Override
    public void flatMap(LabelEvent label, Collector<KeyLabel> out) {}
  }
}
