package io.osprey.ingest.join;

import io.osprey.ingest.model.Example;
import io.osprey.ingest.model.FeatureRow;
import io.osprey.ingest.model.LabelEvent;
import io.osprey.ingest.model.Rejected;
import io.osprey.ingest.parse.DeadLetters;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by event id: joins the vector that was scored with its label, point in time. The training
 * example carries the exact vector emitted to {@code features}, never a recomputed one.
 *
 * <ul>
 *   <li>Vector first: it waits for the maturity window (processing time). A label within the window
 *       gives a labelled example at once; otherwise the window's close gives a negative (labelTime
 *       null).
 *   <li>Label first: it waits up to the orphan horizon for its vector; then it is dead-lettered
 *       (stage {@code join}).
 *   <li>Label after its example was emitted (late, or a second label for the event): dead-lettered
 *       with the reason, not turned into a corrected example. That keeps one example per event, so
 *       the trainer never sees the same vector as both negative and positive; the dead letter keeps
 *       the label replayable. Emitting corrections is a later issue (it needs the vector kept for a
 *       longer horizon and a trainer that supersedes by event id).
 * </ul>
 *
 * <p>At most one of {@code vector}, {@code label}, {@code emitted} is set for a key, and exactly
 * one timer is pending while any is set ({@code deadline}); everything is cleared when it fires.
 */
public class LabelJoin extends KeyedCoProcessFunction<String, FeatureRow, LabelEvent, Example> {
  private static final long serialVersionUID = 1L;

  private final long maturityMillis;
  private final long orphanMillis;

  /** The scored vector awaiting its label; cleared when its example is emitted. */
  private transient ValueState<FeatureRow> vector;

  /** A label that came before its vector; cleared when joined or dead-lettered. */
  private transient ValueState<LabelEvent> label;

  /**
   * When this event's example was emitted: kept for the orphan horizon only, so that a late label
   * gets a precise reason instead of "no vector"; then cleared.
   */
  private transient ValueState<Long> emitted;

  /** The one pending timer of this key (maturity, orphan horizon, or end of the emitted marker). */
  private transient ValueState<Long> deadline;

  private transient Counter labelled;
  private transient Counter negatives;
  private transient Counter deadLetters;
  private transient Counter repeatedVectors;

  public LabelJoin(Duration maturityWindow, Duration orphanLabelHorizon) {
    this.maturityMillis = maturityWindow.toMillis();
    this.orphanMillis = orphanLabelHorizon.toMillis();
  }

  @Override
  public void open(OpenContext context) {
    vector = getRuntimeContext().getState(new ValueStateDescriptor<>("vector", FeatureRow.class));
    label = getRuntimeContext().getState(new ValueStateDescriptor<>("label", LabelEvent.class));
    emitted = getRuntimeContext().getState(new ValueStateDescriptor<>("emitted", Types.LONG));
    deadline = getRuntimeContext().getState(new ValueStateDescriptor<>("deadline", Types.LONG));
    var metrics = getRuntimeContext().getMetricGroup();
    labelled = metrics.counter("labelledExamplesOut");
    negatives = metrics.counter("negativeExamplesOut");
    deadLetters = metrics.counter("deadLetters");
    repeatedVectors = metrics.counter("repeatedVectors");
  }

  @Override
  public void processElement1(FeatureRow row, Context ctx, Collector<Example> out)
      throws Exception {
    long now = ctx.timerService().currentProcessingTime();
    if (emitted.value() != null || vector.value() != null) {
      // Same event id again past the dedupe horizon: its example exists or is pending. The vector
      // itself already went to the features topic; counting it is all that is left to do.
      repeatedVectors.inc();
      return;
    }
    LabelEvent waiting = label.value();
    if (waiting != null) {
      label.clear();
      labelled.inc();
      out.collect(Example.labelled(row, waiting, now));
      markEmitted(ctx, now);
    } else {
      vector.update(row);
      reschedule(ctx, now + maturityMillis);
    }
  }

  @Override
  public void processElement2(LabelEvent incoming, Context ctx, Collector<Example> out)
      throws Exception {
    long now = ctx.timerService().currentProcessingTime();
    FeatureRow scored = vector.value();
    Long emittedAt = emitted.value();
    if (scored != null) {
      vector.clear();
      labelled.inc();
      out.collect(Example.labelled(scored, incoming, now));
      markEmitted(ctx, now);
    } else if (emittedAt != null) {
      reject(
          ctx,
          incoming,
          "label arrived after the example of its event was emitted at "
              + Instant.ofEpochMilli(emittedAt)
              + " (late or repeated label)",
          now);
    } else if (label.value() != null) {
      reject(ctx, incoming, "a label for this event is already waiting for its vector", now);
    } else {
      label.update(incoming);
      reschedule(ctx, now + orphanMillis);
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
    LabelEvent orphan = label.value();
    if (scored != null) {
      vector.clear();
      negatives.inc();
      out.collect(Example.negative(scored, timestamp));
      markEmitted(ctx, timestamp);
    } else if (orphan != null) {
      label.clear();
      reject(
          ctx,
          orphan,
          "no transaction with this eventId arrived within "
              + Duration.ofMillis(orphanMillis)
              + " of the label",
          timestamp);
    } else {
      emitted.clear();
    }
  }

  private void markEmitted(Context ctx, long now) throws Exception {
    emitted.update(now);
    reschedule(ctx, now + orphanMillis);
  }

  private void reschedule(Context ctx, long at) throws Exception {
    Long previous = deadline.value();
    if (previous != null) {
      ctx.timerService().deleteProcessingTimeTimer(previous);
    }
    deadline.update(at);
    ctx.timerService().registerProcessingTimeTimer(at);
  }

  private void reject(Context ctx, LabelEvent l, String reason, long now) {
    deadLetters.inc();
    ctx.output(DeadLetters.TAG, Rejected.of(l, Rejected.JOIN, reason, now));
  }
}
