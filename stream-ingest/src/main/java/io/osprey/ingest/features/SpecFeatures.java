package io.osprey.ingest.features;

import io.osprey.ingest.model.Event;
import io.osprey.ingest.model.FeatureRow;
import io.osprey.schema.features.FeatureSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by entity: computes the spec's feature vector for each event from what its entity did
 * before it ({@link FeatureEngine} does the arithmetic; this keeps the history).
 *
 * <p><b>Event time and late events.</b> Events are scored on arrival (lowest latency: nothing waits
 * for a watermark), and every feature is <em>point in time</em>: only events of the entity with an
 * event time at or before this one's count, and "previous" is the latest of those by event time. An
 * event that arrives after a later one is therefore scored as if the later one had not happened
 * yet. State is pruned against the watermark, not against the event: the longest window before the
 * watermark is kept (plus the newest event older than that, so "previous" stays exact), which is
 * all an on-time event can need.
 *
 * <p>An event at or behind the watermark is <em>late</em>. Policy: it is scored with the entity's
 * state as it is (its windows may already be partly pruned, and a previous event older than the
 * kept state reads as "none"), flagged {@code late=true} on its vector, counted in {@code
 * lateEvents}, and it updates the state for the events after it. It is never dropped, and it never
 * sees anything from after its own event time. Consumers may down-weight or skip late vectors for
 * training; the scorer scores them like any other.
 *
 * <p>State names carry the spec hash: a job restarted with another spec starts its histories afresh
 * instead of misreading the old spec's.
 */
public class SpecFeatures extends KeyedProcessFunction<String, Event, FeatureRow> {
  private static final long serialVersionUID = 1L;

  /**
   * Processing-time slack on top of the longest window before a quiet entity's history expires:
   * watermarks trail event time, so the window alone could expire history still needed.
   */
  static final Duration TTL_SLACK = Duration.ofMinutes(15);

  /** Entries the heap backend's incremental TTL cleanup visits per state access (see ttl()). */
  private static final int HEAP_CLEANUP_ENTRIES = 1;

  /** Entries RocksDB's TTL compaction filter processes before it reads the clock again. */
  private static final long ROCKSDB_ENTRIES_BEFORE_TIME_QUERY = 1000;

  private final FeatureSpec spec;
  private transient FeatureEngine engine;

  /**
   * The entity's events with event time in the longest window before the watermark or later, plus
   * the newest one older than that; pruned once a quarter of the list has fallen out of it (so the
   * list is rewritten now and then, not on every event). Expires (TTL) a little after the longest
   * window when the entity goes quiet.
   */
  private transient ListState<Recent> recent;

  /**
   * The entity's newest event by event time, only when a feature looks at the previous event: it
   * answers "previous" after the window's history expired, and expires itself after the longest
   * such look-back (a {@code time_since_last} cap, a {@code changed} window).
   */
  private transient ValueState<Recent> last;

  /**
   * The entity's newest events by event time, only when a lag ({@code function: previous}) looks n
   * events back: at most the largest n of them ({@link LastEvents}); expires after the longest lag
   * window when the entity goes quiet.
   */
  private transient ListState<Recent> lastEvents;

  private transient Counter featuresOut;
  private transient Counter lateEvents;
  private transient volatile long lastLatencyMillis;

  public SpecFeatures(FeatureSpec spec) {
    this.spec = spec;
  }

  @Override
  public void open(OpenContext context) {
    engine = new FeatureEngine(spec);
    ListStateDescriptor<Recent> recentDescriptor =
        new ListStateDescriptor<>("recent-" + spec.hash(), Recent.class);
    recentDescriptor.enableTimeToLive(
        ttl(Duration.ofMillis(engine.windowMillis()).plus(TTL_SLACK)));
    recent = getRuntimeContext().getListState(recentDescriptor);
    if (engine.previousMillis() > 0) {
      ValueStateDescriptor<Recent> lastDescriptor =
          new ValueStateDescriptor<>("last-" + spec.hash(), Recent.class);
      lastDescriptor.enableTimeToLive(ttl(Duration.ofMillis(engine.previousMillis())));
      last = getRuntimeContext().getState(lastDescriptor);
    }
    if (engine.lastEventsKept() > 0) {
      ListStateDescriptor<Recent> lastEventsDescriptor =
          new ListStateDescriptor<>("last-events-" + spec.hash(), Recent.class);
      lastEventsDescriptor.enableTimeToLive(ttl(Duration.ofMillis(engine.lastEventsMillis())));
      lastEvents = getRuntimeContext().getListState(lastEventsDescriptor);
    }
    featuresOut = getRuntimeContext().getMetricGroup().counter("featuresOut");
    lateEvents = getRuntimeContext().getMetricGroup().counter("lateEvents");
    getRuntimeContext().getMetricGroup().gauge("ingestToFeatureMillis", () -> lastLatencyMillis);
  }

  /**
   * Expiry of a quiet entity's state. An active entity's history is pruned on every event (above);
   * TTL only has to reclaim entities that stopped sending, so the cleanup can be lazy. On the heap
   * backend each state access visits {@value #HEAP_CLEANUP_ENTRIES} other entry (Flink's default,
   * 5, took close to half of this operator's CPU in the ingest benchmark, each entry being a list
   * to check): every entity is still visited once per as many events as there are entities, far
   * within the TTL. On RocksDB, expired entries are dropped by its compaction filter.
   */
  private static StateTtlConfig ttl(Duration duration) {
    return StateTtlConfig.newBuilder(duration)
        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
        .cleanupIncrementally(HEAP_CLEANUP_ENTRIES, false)
        .cleanupInRocksdbCompactFilter(ROCKSDB_ENTRIES_BEFORE_TIME_QUERY)
        .build();
  }

  @Override
  public void processElement(Event event, Context ctx, Collector<FeatureRow> out) throws Exception {
    long t = event.eventTime;
    long watermark = ctx.timerService().currentWatermark();
    boolean late = watermark != Long.MIN_VALUE && t <= watermark;
    // Nothing an on-time event (t > watermark) can need lies at or before this cutoff.
    long cutoff = watermark == Long.MIN_VALUE ? Long.MIN_VALUE : watermark - engine.windowMillis();

    List<Recent> earlier = new ArrayList<>();
    Recent previous = null;
    Recent anchor = null; // the newest event at or before the cutoff
    int live = 0; // after the cutoff
    int expired = 0; // at or before the cutoff, the anchor aside
    for (Recent r : recent.get()) {
      if (r.eventTime <= t) {
        earlier.add(r);
        if (previous == null || r.eventTime >= previous.eventTime) {
          previous = r;
        }
      }
      if (r.eventTime > cutoff) {
        live++;
      } else {
        if (anchor != null) {
          expired++;
        }
        if (anchor == null || r.eventTime >= anchor.eventTime) {
          anchor = r;
        }
      }
    }
    Recent current = engine.remember(event);
    if (expired * 4 > live) {
      // Rewriting the list costs its length: done once a quarter of it has expired, else the
      // event is appended. Expired entries lie before every window an on-time event can have.
      List<Recent> kept = new ArrayList<>(live + 2);
      for (Recent r : recent.get()) {
        if (r.eventTime > cutoff) {
          kept.add(r);
        }
      }
      kept.add(anchor);
      kept.add(current);
      recent.update(kept);
    } else {
      recent.add(current);
    }

    if (last != null) {
      // The newest event by event time, kept longer: "previous" once the window's list expired.
      Recent newest = last.value();
      if (newest != null
          && newest.eventTime <= t
          && (previous == null || newest.eventTime > previous.eventTime)) {
        previous = newest;
      }
      if (newest == null || t >= newest.eventTime) {
        last.update(current);
      }
    }

    FeatureRow row = new FeatureRow();
    row.eventId = event.eventId;
    row.entityId = event.entityId;
    row.eventTime = t;
    row.specHash = spec.hash();
    if (lastEvents == null) {
      row.values = engine.compute(event, earlier, previous);
    } else {
      List<Recent> kept = new ArrayList<>();
      lastEvents.get().forEach(kept::add);
      row.values = engine.compute(event, earlier, previous, kept);
      lastEvents.update(LastEvents.with(kept, current, engine.lastEventsKept(), watermark));
    }
    row.ingestTime = event.ingestTime;
    row.featureTime = ctx.timerService().currentProcessingTime();
    row.late = late;
    lastLatencyMillis = row.featureTime - row.ingestTime;
    if (late) {
      lateEvents.inc();
    }
    featuresOut.inc();
    out.collect(row);
  }
}
