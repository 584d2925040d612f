package io.osprey.ingest.features;

import io.osprey.ingest.model.FeatureRow;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by event id: passes the first feature vector of each event id and drops (and counts) any
 * later one within the horizon, whatever entity it names. {@link Deduplicate}, keyed by entity,
 * already dropped repeats of one record before the features; what reaches here twice is one event
 * id sent under two entities (cards), which would otherwise be scored twice under one id and
 * confuse the label join. The first vector to arrive wins.
 *
 * <p>Why after the features and not instead of {@link Deduplicate}: keying dedupe by event id
 * before the features would scatter an entity's events over subtasks, and an event that overtook an
 * earlier one of its entity would be computed without it (features see what has arrived), so
 * results would depend on timing. Here the order no longer matters. The cost: the second entity's
 * history keeps the dropped event, as it would keep any event sent under a fresh id; one state
 * entry and timer per event id for the horizon; and one more network hop before the features sink
 * (which was chained to the features operator). The label join was already keyed by event id behind
 * a network hop; it now reads this operator's output as keyed and runs in the same task, so the
 * path to the training examples has no more hops than before.
 *
 * <p>State: per event id, when its first vector was seen; cleared by a processing-time timer at the
 * end of the horizon.
 */
public class DistinctEventIds extends KeyedProcessFunction<String, FeatureRow, FeatureRow> {
  private static final long serialVersionUID = 1L;

  private final long horizonMillis;

  /** When this event id's first vector was seen (processing time); null when not in horizon. */
  private transient ValueState<Long> firstSeen;

  private transient Counter duplicates;

  public DistinctEventIds(Duration horizon) {
    this.horizonMillis = horizon.toMillis();
  }

  @Override
  public void open(OpenContext context) {
    firstSeen =
        getRuntimeContext().getState(new ValueStateDescriptor<>("vector-first-seen", Types.LONG));
    duplicates = getRuntimeContext().getMetricGroup().counter("duplicates");
  }

  @Override
  public void processElement(FeatureRow row, Context ctx, Collector<FeatureRow> out)
      throws Exception {
    if (firstSeen.value() != null) {
      duplicates.inc();
      return;
    }
    long now = ctx.timerService().currentProcessingTime();
    firstSeen.update(now);
    ctx.timerService().registerProcessingTimeTimer(now + horizonMillis);
    out.collect(row);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<FeatureRow> out) {
    firstSeen.clear();
  }
}
