package io.osprey.ingest.join;

import io.osprey.ingest.model.Example;
import io.osprey.ingest.model.FeatureRow;
import io.osprey.ingest.model.LabelEvent;
import io.osprey.ingest.model.Rejected;
import io.osprey.ingest.parse.DeadLetters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by event id: joins the vector that was scored with its label, point in time. A training
 * example always carries the exact vector emitted to {@code features}, never a recomputed one, so
 * nothing from after the event can reach it.
 *
 * <p><b>Lifecycle of an event id:</b>
 *
 * <ol>
 *   <li><em>Maturing.</em> The vector arrives and waits for the maturity window. Labels that come
 *       before the vector (they wait up to the orphan horizon for it) or during the window are
 *       held; the <em>later</em> label wins: the one with the larger {@code labelTime}, and on a
 *       tie the one that arrived last. The replaced label is counted as superseded.
 *   <li><em>Emitted.</em> When the window closes, one example is emitted: labelled by the winning
 *       label, or an implicit negative ({@code labelTime} null) when there was none.
 *   <li><em>Correctable.</em> The vector is kept for the correction horizon after emission. A later
 *       label that changes the verdict ({@code fraud}) emits a <em>corrected example</em>: the same
 *       vector and event id, the new label and label time, and a later {@code maturedTime}.
 *       Downstream tells them apart by event id: for one event id the example with the largest
 *       {@code maturedTime} is the current one and supersedes the others (readers that keep one
 *       example per event id, as the trainer and the lake's readers should, get this for free). A
 *       label that confirms the emitted verdict, or is older than the label that decided it, is
 *       counted as a duplicate and changes nothing.
 *   <li><em>Forgotten.</em> At the end of the correction horizon all state of the key is cleared. A
 *       label arriving even later finds nothing and is treated as a label whose event has not been
 *       seen: after the orphan horizon it is dead-lettered (stage {@code join}), never lost.
 * </ol>
 *
 * <p><b>Clocks</b> ({@link JoinClock}, chosen once for the job). On the <em>processing</em> clock
 * (the default) the window, the horizons and {@code maturedTime} are wall-clock time from arrival:
 * right for live traffic. On the <em>event</em> clock they are event time, driven by watermarks
 * (vectors carry the events' watermarks, labels get theirs from {@code labelTime}): the window
 * closes at the event's time plus the window, an orphan waits until its {@code labelTime} plus the
 * horizon, and {@code maturedTime} is event time. Then a label counts as "within the window" by its
 * {@code labelTime}, not by when it happens to arrive, so a replay of history at any speed, and a
 * batch run (which processes all of a key's records before its timers), mature exactly alike: a
 * label held before maturity whose {@code labelTime} is after the window waits, and once the
 * example is emitted it is applied as if it had arrived then (a correction, a duplicate, or, past
 * the correction horizon, an orphan dead letter).
 *
 * <p>Every label ends as exactly one of: applied (it decided an example or a correction),
 * superseded or duplicate (counted), or a dead letter. Exactly one timer is pending while any state
 * is set ({@code deadline}); everything is cleared when the last one fires.
 */
public class LabelJoin extends KeyedCoProcessFunction<String, FeatureRow, LabelEvent, Example> {
  private static final long serialVersionUID = 1L;

  private final long maturityMillis;
  private final long orphanMillis;
  private final long correctionMillis;
  private final JoinClock clock;

  /** The scored vector: from its arrival until the correction horizon after emission. */
  private transient ValueState<FeatureRow> vector;

  /** The winning label so far, before emission (it may have come before the vector). */
  private transient ValueState<LabelEvent> label;

  /**
   * Event clock only: labels received before emission that cannot be weighed yet, because the
   * vector (and so the end of its window) is unknown, or whose {@code labelTime} is after the
   * window; applied, in {@code labelTime} order, once the example is emitted.
   */
  private transient ListState<LabelEvent> waiting;

  /** What the latest emitted example of this event says; set from emission until cleared. */
  private transient ValueState<Verdict> emitted;

  /** The one pending timer of this key: maturity, orphan horizon, or correction horizon. */
  private transient ValueState<Long> deadline;

  private transient Counter labelled;
  private transient Counter negatives;
  private transient Counter corrections;
  private transient Counter labelsApplied;
  private transient Counter labelsSuperseded;
  private transient Counter labelsDuplicate;
  private transient Counter deadLetters;
  private transient Counter repeatedVectors;

  public LabelJoin(
      Duration maturityWindow,
      Duration orphanLabelHorizon,
      Duration correctionHorizon,
      JoinClock clock) {
    this.maturityMillis = maturityWindow.toMillis();
    this.orphanMillis = orphanLabelHorizon.toMillis();
    this.correctionMillis = correctionHorizon.toMillis();
    this.clock = clock;
  }

  @Override
  public void open(OpenContext context) {
    vector = getRuntimeContext().getState(new ValueStateDescriptor<>("vector", FeatureRow.class));
    label = getRuntimeContext().getState(new ValueStateDescriptor<>("label", LabelEvent.class));
    waiting =
        getRuntimeContext()
            .getListState(new ListStateDescriptor<>("waiting-labels", LabelEvent.class));
    emitted = getRuntimeContext().getState(new ValueStateDescriptor<>("verdict", Verdict.class));
    deadline = getRuntimeContext().getState(new ValueStateDescriptor<>("deadline", Types.LONG));
    var metrics = getRuntimeContext().getMetricGroup();
    labelled = metrics.counter("labelledExamplesOut");
    negatives = metrics.counter("negativeExamplesOut");
    corrections = metrics.counter("correctedExamplesOut");
    labelsApplied = metrics.counter("labelsApplied");
    labelsSuperseded = metrics.counter("labelsSuperseded");
    labelsDuplicate = metrics.counter("labelsDuplicate");
    deadLetters = metrics.counter("deadLetters");
    repeatedVectors = metrics.counter("repeatedVectors");
  }

  @Override
  public void processElement1(FeatureRow row, Context ctx, Collector<Example> out)
      throws Exception {
    if (vector.value() != null) {
      // Same event id again past the dedupe horizon: its example exists or is pending. The vector
      // itself already went to the features topic; counting it is all that is left to do.
      repeatedVectors.inc();
      return;
    }
    vector.update(row);
    // The end of the window is known now: weigh the labels that were waiting for it.
    for (LabelEvent l : drainWaiting()) {
      offer(l, row);
    }
    // A label that came first keeps waiting: a correction may still come within the window.
    reschedule(ctx, clock.windowEnd(row, now(ctx), maturityMillis));
  }

  @Override
  public void processElement2(LabelEvent incoming, Context ctx, Collector<Example> out)
      throws Exception {
    Verdict verdict = emitted.value();
    if (verdict != null) {
      applyAfterEmission(incoming, verdict, now(ctx), out);
      return;
    }
    FeatureRow scored = vector.value();
    // Before the vector, the only timer a key can have is its orphan deadline: none yet means
    // this is the first label to wait for the vector.
    boolean firstBeforeVector = scored == null && deadline.value() == null;
    offer(incoming, scored);
    if (firstBeforeVector) {
      reschedule(ctx, clock.orphanDeadline(incoming, now(ctx), orphanMillis));
    }
  }

  /**
   * Offers a label received before emission ({@code scored} null when the vector has not come yet):
   * the later label wins, unless the clock says it must wait for the example.
   */
  private void offer(LabelEvent incoming, FeatureRow scored) throws Exception {
    if (clock.waitsForExample(incoming, scored, maturityMillis)) {
      waiting.add(incoming);
      return;
    }
    LabelEvent held = label.value();
    if (held == null) {
      label.update(incoming);
    } else if (incoming.labelTime >= held.labelTime) {
      labelsSuperseded.inc();
      label.update(incoming);
    } else {
      labelsSuperseded.inc(); // the held label is the later one
    }
  }

  /** A label after the example: a correction if it changes the verdict, else a duplicate. */
  private void applyAfterEmission(
      LabelEvent incoming, Verdict verdict, long now, Collector<Example> out) throws Exception {
    if (verdict.labelTime != null && incoming.labelTime < verdict.labelTime
        || verdict.fraud == incoming.fraud) {
      labelsDuplicate.inc(); // older than the deciding label, or it says the same
      return;
    }
    long matured = clock.correctionTime(incoming, verdict.maturedTime, now);
    labelsApplied.inc();
    corrections.inc();
    out.collect(Example.labelled(vector.value(), incoming, matured));
    emitted.update(Verdict.of(incoming, matured));
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Example> out) throws Exception {
    Long due = deadline.value();
    if (due == null || due != timestamp) {
      return; // a timer replaced by a later one
    }
    deadline.clear();
    FeatureRow scored = vector.value();
    LabelEvent winner = label.value();
    if (scored != null && emitted.value() == null) {
      // The maturity window closed: the latest label decides, or the event is a negative.
      label.clear();
      Verdict verdict;
      if (winner != null) {
        labelsApplied.inc();
        labelled.inc();
        out.collect(Example.labelled(scored, winner, timestamp));
        verdict = Verdict.of(winner, timestamp);
      } else {
        negatives.inc();
        out.collect(Example.negative(scored, timestamp));
        verdict = Verdict.negative(timestamp);
      }
      emitted.update(verdict);
      applyWaiting(timestamp, ctx, out);
      reschedule(ctx, timestamp + correctionMillis);
    } else if (scored == null && (winner != null || waiting.get().iterator().hasNext())) {
      deadLetterOrphan(timestamp, ctx);
    } else {
      // The correction horizon is over: forget the event.
      vector.clear();
      emitted.clear();
    }
  }

  /**
   * The labels that waited for the example (only the event clock has any), in {@code labelTime}
   * order, as if each had arrived after the example; those beyond the correction horizon become
   * orphans at once.
   */
  private void applyWaiting(long maturedAt, OnTimerContext ctx, Collector<Example> out)
      throws Exception {
    for (LabelEvent l : drainWaiting()) {
      if (l.labelTime > maturedAt + correctionMillis) {
        deadLetters.inc();
        ctx.output(DeadLetters.TAG, orphan(l, maturedAt));
      } else {
        applyAfterEmission(l, emitted.value(), maturedAt, out);
      }
    }
  }

  /** No vector came: the latest label is dead-lettered, the others were superseded by it. */
  private void deadLetterOrphan(long timestamp, OnTimerContext ctx) throws Exception {
    List<LabelEvent> orphans = drainWaiting();
    LabelEvent held = label.value();
    if (held != null) {
      orphans.add(held);
    }
    label.clear();
    LabelEvent latest = orphans.get(orphans.size() - 1);
    labelsSuperseded.inc(orphans.size() - 1L);
    deadLetters.inc();
    ctx.output(DeadLetters.TAG, orphan(latest, timestamp));
  }

  private Rejected orphan(LabelEvent l, long now) {
    return Rejected.of(
        l,
        Rejected.JOIN,
        "no transaction with this eventId arrived within "
            + Duration.ofMillis(orphanMillis)
            + " of the label (or its example is older than the correction horizon of "
            + Duration.ofMillis(correctionMillis)
            + ")",
        now);
  }

  /** The waiting labels in {@code labelTime} order (stable: ties keep arrival order); cleared. */
  private List<LabelEvent> drainWaiting() throws Exception {
    List<LabelEvent> labels = new ArrayList<>();
    waiting.get().forEach(labels::add);
    if (labels.isEmpty()) {
      return labels; // the usual case, and always on the processing clock: no write to state
    }
    waiting.clear();
    labels.sort(Comparator.comparingLong(l -> l.labelTime));
    return labels;
  }

  private long now(Context ctx) {
    return clock.now(ctx.timerService());
  }

  private void reschedule(Context ctx, long at) throws Exception {
    Long previous = deadline.value();
    if (previous != null) {
      clock.deleteTimer(ctx.timerService(), previous);
    }
    deadline.update(at);
    clock.registerTimer(ctx.timerService(), at);
  }

  /** The verdict of the latest emitted example of an event. */
  public static class Verdict {
    public boolean fraud;

    /** Null for an implicit negative. */
    public Long labelTime;

    /** When that example was emitted (its {@code maturedTime}). */
    public long maturedTime;

    public Verdict() {}

    static Verdict of(LabelEvent label, long maturedTime) {
      Verdict v = new Verdict();
      v.fraud = label.fraud;
      v.labelTime = label.labelTime;
      v.maturedTime = maturedTime;
      return v;
    }

    static Verdict negative(long maturedTime) {
      Verdict v = new Verdict();
      v.maturedTime = maturedTime;
      return v;
    }
  }
}
