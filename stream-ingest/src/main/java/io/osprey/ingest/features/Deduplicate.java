package io.osprey.ingest.features;

import io.osprey.ingest.model.Event;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Passes the first occurrence of each event id and drops (and counts) repeats that arrive within
 * the horizon: producer retries, replays after a restart. A repeat after the horizon passes as new;
 * the horizon trades memory for protection.
 *
 * <p>Keyed by <em>entity</em>, not by event id: keying by event id would scatter an entity's events
 * over subtasks and lose their arrival order before the features operator. Duplicates are copies of
 * one record, so they share the entity.
 *
 * <p>Expiry uses processing-time timers (exact, and the same under every state backend and in
 * tests), rounded up to {@link #TIMER_GRANULARITY_MILLIS} so a busy entity has few timers; each
 * timer removes the ids whose horizon has passed.
 */
public class Deduplicate extends KeyedProcessFunction<String, Event, Event> {
  private static final long serialVersionUID = 1L;

  static final long TIMER_GRANULARITY_MILLIS = Duration.ofSeconds(10).toMillis();

  private final long horizonMillis;

  /** Event ids of this entity seen within the horizon, with when they were first seen. */
  private transient MapState<String, Long> seen;

  private transient Counter duplicates;

  public Deduplicate(Duration horizon) {
    this.horizonMillis = horizon.toMillis();
  }

  @Override
  public void open(OpenContext context) {
    seen =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("seen-event-ids", Types.STRING, Types.LONG));
    duplicates = getRuntimeContext().getMetricGroup().counter("duplicates");
  }

  @Override
  public void processElement(Event event, Context ctx, Collector<Event> out) throws Exception {
    if (seen.contains(event.eventId)) {
      duplicates.inc();
      return;
    }
    long now = ctx.timerService().currentProcessingTime();
    seen.put(event.eventId, now);
    long expiry = now + horizonMillis;
    long rounded =
        (expiry + TIMER_GRANULARITY_MILLIS - 1)
            / TIMER_GRANULARITY_MILLIS
            * TIMER_GRANULARITY_MILLIS;
    ctx.timerService().registerProcessingTimeTimer(rounded);
    out.collect(event);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Event> out) throws Exception {
    Iterator<Map.Entry<String, Long>> entries = seen.iterator();
    while (entries.hasNext()) {
      if (entries.next().getValue() + horizonMillis <= timestamp) {
        entries.remove();
      }
    }
    if (seen.isEmpty()) {
      seen.clear();
    }
  }
}
