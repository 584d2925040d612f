package io.osprey.ingest.features;

import io.osprey.ingest.model.Event;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Passes the first occurrence of each event id and drops (and counts) repeats that arrive within
 * the horizon: producer retries, replays after a restart, and the same event id sent again under
 * another entity (card). A repeat after the horizon passes as new; the horizon trades memory for
 * protection.
 *
 * <p>Keyed by <em>event id</em>, so an id is one key whatever entity its events name. (Until issue
 * 11 this was keyed by entity, under uid {@code dedupe}, and an id repeated on another card was
 * scored twice.) The job re-keys by entity after this operator for the features, which costs one
 * more network hop per event and means an entity's events may reach the features operator in
 * another order than they had on Kafka; features are point in time on event time, so that changes
 * nothing but which of two events with the same event time counts as the earlier.
 *
 * <p>State: per event id, when it was first seen; cleared by a processing-time timer at the end of
 * the horizon (exact, and the same under every state backend and in tests).
 */
public class Deduplicate extends KeyedProcessFunction<String, Event, Event> {
  private static final long serialVersionUID = 1L;

  private final long horizonMillis;

  /** When this event id was first seen (processing time); null when not within the horizon. */
  private transient ValueState<Long> firstSeen;

  private transient Counter duplicates;

  public Deduplicate(Duration horizon) {
    this.horizonMillis = horizon.toMillis();
  }

  @Override
  public void open(OpenContext context) {
    firstSeen =
        getRuntimeContext().getState(new ValueStateDescriptor<>("event-id-first-seen", Types.LONG));
    duplicates = getRuntimeContext().getMetricGroup().counter("duplicates");
  }

  @Override
  public void processElement(Event event, Context ctx, Collector<Event> out) throws Exception {
    if (firstSeen.value() != null) {
      duplicates.inc();
      return;
    }
    long now = ctx.timerService().currentProcessingTime();
    firstSeen.update(now);
    ctx.timerService().registerProcessingTimeTimer(now + horizonMillis);
    out.collect(event);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Event> out) {
    firstSeen.clear();
  }
}
