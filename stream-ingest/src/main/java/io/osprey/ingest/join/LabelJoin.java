package io.osprey.ingest.join;

import io.osprey.ingest.model.Example;
import io.osprey.ingest.model.FeatureRow;
import io.osprey.ingest.model.LabelEvent;
import io.osprey.ingest.model.Rejected;
import io.osprey.ingest.parse.DeadLetters;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
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
 * <p><b>Lifecycle of an event id</b> (all timers are processing time):
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
 * <p>Every label ends as exactly one of: applied (it decided an example or a correction),
 * superseded or duplicate (counted), or a dead letter. Exactly one timer is pending while any state
 * is set ({@code deadline}); everything is cleared when the last one fires.
 */
public class LabelJoin extends KeyedCoProcessFunction<String, FeatureRow, LabelEvent, Example> {
  private static final long serialVersionUID = 1L;

  private final long maturityMillis;
  private final long orphanMillis;
  private final long correctionMillis;

  /** The scored vector: from its arrival until the correction horizon after emission. */
  private transient ValueState<FeatureRow> vector;

  /** The winning label so far, before emission (it may have come before the vector). */
  private transient ValueState<LabelEvent> label;

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
      Duration maturityWindow, Duration orphanLabelHorizon, Duration correctionHorizon) {
    this.maturityMillis = maturityWindow.toMillis();
    this.orphanMillis = orphanLabelHorizon.toMillis();
    this.correctionMillis = correctionHorizon.toMillis();
  }

  @Override
  public void open(OpenContext context) {
    vector = getRuntimeContext().getState(new ValueStateDescriptor<>("vector", FeatureRow.class));
    label = getRuntimeContext().getState(new ValueStateDescriptor<>("label", LabelEvent.class));
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
    // A label that came first keeps waiting: a correction may still come within the window.
    reschedule(ctx, ctx.timerService().currentProcessingTime() + maturityMillis);
  }

  @Override
  public void processElement2(LabelEvent incoming, Context ctx, Collector<Example> out)
      throws Exception {
    long now = ctx.timerService().currentProcessingTime();
    Verdict verdict = emitted.value();
    if (verdict != null) {
      if (verdict.labelTime != null && incoming.labelTime < verdict.labelTime
          || verdict.fraud == incoming.fraud) {
        labelsDuplicate.inc(); // older than the deciding label, or it says the same
        return;
      }
      labelsApplied.inc();
      corrections.inc();
      out.collect(Example.labelled(vector.value(), incoming, now));
      emitted.update(Verdict.of(incoming));
      return;
    }
    LabelEvent held = label.value();
    if (held == null) {
      label.update(incoming);
      if (vector.value() == null) {
        reschedule(ctx, now + orphanMillis);
      }
    } else if (incoming.labelTime >= held.labelTime) {
      labelsSuperseded.inc();
      label.update(incoming);
    } else {
      labelsSuperseded.inc(); // the held label is the later one
    }
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
      if (winner != null) {
        labelsApplied.inc();
        labelled.inc();
        out.collect(Example.labelled(scored, winner, timestamp));
        emitted.update(Verdict.of(winner));
      } else {
        negatives.inc();
        out.collect(Example.negative(scored, timestamp));
        emitted.update(Verdict.negative());
      }
      reschedule(ctx, timestamp + correctionMillis);
    } else if (scored == null && winner != null) {
      label.clear();
      deadLetters.inc();
      ctx.output(
          DeadLetters.TAG,
          Rejected.of(
              winner,
              Rejected.JOIN,
              "no transaction with this eventId arrived within "
                  + Duration.ofMillis(orphanMillis)
                  + " of the label (or its example is older than the correction horizon of "
                  + Duration.ofMillis(correctionMillis)
                  + ")",
              timestamp));
    } else {
      // The correction horizon is over: forget the event.
      vector.clear();
      emitted.clear();
    }
  }

  private void reschedule(Context ctx, long at) throws Exception {
    Long previous = deadline.value();
    if (previous != null) {
      ctx.timerService().deleteProcessingTimeTimer(previous);
    }
    deadline.update(at);
    ctx.timerService().registerProcessingTimeTimer(at);
  }

  /** The verdict of the latest emitted example of an event. */
  public static class Verdict {
    public boolean fraud;

    /** Null for an implicit negative. */
    public Long labelTime;

    public Verdict() {}

    static Verdict of(LabelEvent label) {
      Verdict v = new Verdict();
      v.fraud = label.fraud;
      v.labelTime = label.labelTime;
      return v;
    }

    static Verdict negative() {
      return new Verdict();
    }
  }
}
