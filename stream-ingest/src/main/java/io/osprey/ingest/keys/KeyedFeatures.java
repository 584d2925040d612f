package io.osprey.ingest.keys;

import io.osprey.ingest.features.FeatureEngine;
import io.osprey.ingest.features.KnownFraud;
import io.osprey.ingest.model.Event;
import io.osprey.ingest.model.KeyLabel;
import io.osprey.ingest.model.KeyPart;
import io.osprey.ingest.model.KeyRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by {@code "<field>=<value>"}: the history of every key of every key group in one operator
 * (a terminal, a device, a merchant, the entity for its label-aware aggregates), and the labels its
 * events received. For each {@link KeyRequest} it computes the group's columns from the key's
 * earlier events ({@link FeatureEngine}, the same arithmetic as the entity's features) and emits
 * them as a {@link KeyPart}, gathered with the entity's vector by event id.
 *
 * <p><b>When, and what counts</b> (the rule is chosen once, with the job's clock):
 *
 * <ul>
 *   <li><em>Arrival</em> (processing clock, live traffic): computed when the request arrives, from
 *       the key's events that arrived before it with an event time at or before its own, as the
 *       entity's features are; a label counts if it arrived here before the request.
 *   <li><em>Event time</em> (event clock, replays, batch): the request waits until the watermark,
 *       the least of the events' and the labels' (labels by {@code labelTime}), passes its event
 *       time; it is then computed from the key's events before it in (event time, event id) order
 *       and the labels with a {@code labelTime} before its event time. Nothing depends on arrival
 *       order, so a replay at any speed, a batch run and the stream give the same values.
 * </ul>
 *
 * A label received after an event was computed never changes that event's values; a later label of
 * the same earlier event (a correction) counts for the events after it (the larger {@code
 * labelTime} wins, as in the label join).
 *
 * <p><b>Late requests</b> (event time at or behind the watermark, or on arrival behind the key's
 * newest event by more than the out-of-orderness) are computed at once from the state as it is,
 * flagged late, and remembered, as the entity's late events are.
 *
 * <p><b>State per key</b>: the events of the group's longest window (pruned against the watermark
 * or the key's newest event, plus the newest older one for "previous"), the newest event when a
 * feature looks at it, the labels of the kept events ({@link LabelMarks}, dropped with their
 * event), and on the event clock the requests waiting for the watermark. TTLs (processing time,
 * {@link #TTL_SLACK} on top) reclaim keys that go quiet, so millions of distinct keys stay bounded
 * by the rate of new keys times the TTL. State names carry the spec hash.
 */
public class KeyedFeatures extends KeyedCoProcessFunction<String, KeyRequest, KeyLabel, KeyPart> {
  private static final long serialVersionUID = 1L;

  /** As the entity's: watermarks trail event time, so the window alone could expire too early. */
  static final Duration TTL_SLACK = Duration.ofMinutes(15);

  private final KeyGroups groups;
  private final boolean eventTime;
  private final long outOfOrdernessMillis;

  private transient FeatureEngine[] engines;
  private transient boolean[] readsEvents;
  private transient ValueState<KeyHistory> history;
  private transient ValueState<KeyedRecent> last;
  private transient MapState<String, LabelMarks> labels;
  private transient ListState<KeyRequest> waiting;
  private transient Counter partsOut;
  private transient Counter lateRequests;
  private transient Counter labelsIn;

  /**
   * @param eventTime the event-time rule (event clock or batch), else the arrival rule
   * @param outOfOrderness on arrival, how far behind its key's newest event a request may be and
   *     still be on time
   */
  public KeyedFeatures(KeyGroups groups, boolean eventTime, Duration outOfOrderness) {
    this.groups = groups;
    this.eventTime = eventTime;
    this.outOfOrdernessMillis = outOfOrderness.toMillis();
  }

  @Override
  public void open(OpenContext context) {
    String hash = groups.spec().hash();
    engines = new FeatureEngine[groups.size()];
    readsEvents = new boolean[groups.size()];
    long window = 0;
    long previous = 0;
    for (int g = 0; g < groups.size(); g++) {
      engines[g] = groups.engine(g);
      readsEvents[g] = engines[g].eventsMillis() > 0;
      window = Math.max(window, engines[g].windowMillis());
      previous = Math.max(previous, engines[g].previousMillis());
    }
    ValueStateDescriptor<KeyHistory> historyDescriptor =
        new ValueStateDescriptor<>("key-history-" + hash, KeyHistory.class);
    historyDescriptor.enableTimeToLive(ttl(Duration.ofMillis(window).plus(TTL_SLACK)));
    history = getRuntimeContext().getState(historyDescriptor);
    if (previous > 0) {
      ValueStateDescriptor<KeyedRecent> lastDescriptor =
          new ValueStateDescriptor<>("key-last-" + hash, KeyedRecent.class);
      lastDescriptor.enableTimeToLive(ttl(Duration.ofMillis(previous)));
      last = getRuntimeContext().getState(lastDescriptor);
    }
    MapStateDescriptor<String, LabelMarks> labelsDescriptor =
        new MapStateDescriptor<>(
            "key-labels-" + hash, Types.STRING, TypeInformation.of(LabelMarks.class));
    labelsDescriptor.enableTimeToLive(
        ttl(Duration.ofMillis(groups.longestLabelWindowMillis()).plus(TTL_SLACK)));
    labels = getRuntimeContext().getMapState(labelsDescriptor);
    waiting =
        getRuntimeContext()
            .getListState(new ListStateDescriptor<>("key-waiting-" + hash, KeyRequest.class));
    var metrics = getRuntimeContext().getMetricGroup();
    partsOut = metrics.counter("keyedPartsOut");
    lateRequests = metrics.counter("lateKeyedRequests");
    labelsIn = metrics.counter("keyedLabelsIn");
  }

  /** Lazy expiry of quiet keys, as the entity's features do it (see SpecFeatures.ttl). */
  static StateTtlConfig ttl(Duration duration) {
    return StateTtlConfig.newBuilder(duration)
        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
        .cleanupIncrementally(1, false)
        .cleanupInRocksdbCompactFilter(1000)
        .build();
  }

  @Override
  public void processElement1(KeyRequest request, Context ctx, Collector<KeyPart> out)
      throws Exception {
    Event event = request.event;
    KeyedRecent current = KeyedRecent.of(engines[request.group].remember(event), event.eventId);
    KeyHistory h = history();
    if (eventTime) {
      long watermark = ctx.timerService().currentWatermark();
      if (watermark == Long.MIN_VALUE || event.eventTime > watermark) {
        // Remembered at once (the key's state is complete whatever the order of arrival), computed
        // when the watermark passes: then every event and label before it has arrived.
        h.insert(current, true);
        history.update(h);
        waiting.add(request);
        ctx.timerService().registerEventTimeTimer(event.eventTime);
        return;
      }
      lateRequests.inc();
      emit(request, current, h, true, ctx, out);
      keep(h, current, true, watermark, request.group);
      return;
    }
    KeyedRecent newestBefore = h.newest();
    long newest = newestBefore == null ? Long.MIN_VALUE : newestBefore.eventTime;
    boolean late = newest != Long.MIN_VALUE && event.eventTime <= newest - outOfOrdernessMillis;
    if (late) {
      lateRequests.inc();
    }
    emit(request, current, h, late, ctx, out);
    keep(
        h, current, false, Math.max(newest, event.eventTime) - outOfOrdernessMillis, request.group);
  }

  @Override
  public void processElement2(KeyLabel label, Context ctx, Collector<KeyPart> out)
      throws Exception {
    labelsIn.inc();
    LabelMarks marks = labels.get(label.eventId);
    labels.put(
        label.eventId,
        (marks == null || marks.eventTime == 0 ? LabelMarks.of(label.eventTime, marks) : marks)
            .with(label.labelTime, label.fraud));
  }

  /** Event-time rule: the watermark passed; every waiting request at or before it is computed. */
  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<KeyPart> out) throws Exception {
    long watermark = ctx.timerService().currentWatermark();
    List<KeyRequest> ready = new ArrayList<>();
    List<KeyRequest> later = new ArrayList<>();
    for (KeyRequest r : waiting.get()) {
      (r.event.eventTime <= watermark ? ready : later).add(r);
    }
    if (ready.isEmpty()) {
      return;
    }
    ready.sort(
        Comparator.<KeyRequest>comparingLong(r -> r.event.eventTime)
            .thenComparing(r -> r.event.eventId));
    KeyHistory h = history();
    for (KeyRequest r : ready) {
      // What "previous" keeps of it, only where a feature reads it.
      KeyedRecent remembered =
          last == null ? null : KeyedRecent.of(engines[r.group].remember(r.event), r.event.eventId);
      emit(r, remembered, h, false, ctx, out);
    }
    waiting.update(later);
    // A key belongs to one group: every request here has the same window.
    keep(h, null, true, watermark, ready.get(0).group);
  }

  private KeyHistory history() throws Exception {
    KeyHistory h = history.value();
    return h == null ? new KeyHistory() : h;
  }

  /**
   * Computes the group's columns of {@code request} from what precedes it in {@code h}; {@code
   * remembered} is what the key keeps of it (null where no feature reads "previous").
   */
  private void emit(
      KeyRequest request,
      KeyedRecent remembered,
      KeyHistory h,
      boolean late,
      Context ctx,
      Collector<KeyPart> out)
      throws Exception {
    Event event = request.event;
    int earlier =
        eventTime ? h.before(event.eventTime, event.eventId) : h.atOrBefore(event.eventTime);
    KeyedRecent previous = earlier == 0 ? null : h.get(earlier - 1);
    if (last != null) {
      KeyedRecent newest = last.value();
      if (newest != null
          && KeyedRecent.precedes(
              newest.eventTime, newest.eventId, event.eventTime, event.eventId, eventTime)
          && (previous == null || newest.eventTime > previous.eventTime)) {
        previous = newest;
      }
      if (newest == null || event.eventTime >= newest.eventTime) {
        last.update(remembered);
      }
    }
    KnownFraud fraud =
        groups.labelAware(request.group)
            ? new LabelledEvents(
                labels, readsEvents[request.group] ? h : null, earlier, event, eventTime)
            : KnownFraud.NONE;
    double[] values =
        engines[request.group].computeOrdered(event, h.first(earlier), previous, fraud);
    KeyPart part =
        KeyPart.of(event, request.group, values, ctx.timerService().currentProcessingTime());
    part.late = late;
    partsOut.inc();
    out.collect(part);
  }

  /**
   * Adds {@code appended} (null: nothing new) to {@code h} and stores it, after pruning what lies
   * at or before the group's window behind {@code reference} (the watermark, or on arrival the
   * key's newest event less the out-of-orderness), keeping the newest such event for "previous"; it
   * is pruned only once a quarter of it has expired, as the entity's history is. The window is the
   * group's longest, {@code fraud_count}'s included, since a labelled event counts only while it is
   * kept, and the labels of dropped events go with them; but a group whose aggregates read no
   * events ({@link FeatureEngine#eventsMillis} 0: only {@code fraud_count}, or only the previous
   * event) keeps just the out-of-orderness behind its newest event and the anchor, enough for
   * "previous" and the {@code late} flag, and its labels, counted without their events, expire by
   * their TTL.
   */
  private void keep(KeyHistory h, KeyedRecent appended, boolean byId, long reference, int group)
      throws Exception {
    if (appended != null) {
      h.insert(appended, byId);
    }
    long window = readsEvents[group] ? engines[group].windowMillis() : 0;
    long cutoff = reference == Long.MIN_VALUE ? Long.MIN_VALUE : reference - window;
    int expired = cutoff == Long.MIN_VALUE ? 0 : h.atOrBefore(cutoff);
    // The newest expired event stays, as the anchor of "previous".
    int dropped = Math.max(0, expired - 1);
    int live = h.size() - expired;
    if (dropped > 0 && dropped * 4 > live) {
      if (groups.labelAware(group) && readsEvents[group]) {
        for (int i = 0; i < dropped; i++) {
          labels.remove(h.get(i).eventId);
        }
      }
      h.dropFirst(dropped);
    }
    history.update(h);
  }
}
