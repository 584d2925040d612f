package io.osprey.ingest.keys;

import io.osprey.ingest.model.EventKeys;
import io.osprey.ingest.model.KeyLabel;
import io.osprey.ingest.model.LabelEvent;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by event id: sends each label on to the keys of its event's label-aware groups, which a
 * label alone does not name (it carries only the event id). The events' keys come in as a second
 * input from the same fan-out that feeds {@code keyed-features}, so the graph has no cycle: raw
 * events and labels meet here, and the labels go on as the second input of {@code keyed-features}.
 *
 * <p>State per event id: its keys, kept for the longest label-aware window plus {@link
 * KeyedFeatures#TTL_SLACK} (processing time; a label arriving later could not count for any event
 * still in a window); and labels that came before their event, kept for the orphan horizon. A label
 * whose event never comes is dropped here when that expires; the label join, which sees every label
 * too, accounts for it (an orphan dead letter), so it is counted once, as today. Counters: {@code
 * labelsRouted} (label × key), {@code labelsBeforeEvent}.
 */
public class LabelKeys extends KeyedCoProcessFunction<String, EventKeys, LabelEvent, KeyLabel> {
  private static final long serialVersionUID = 1L;

  private final Duration keysTtl;
  private final Duration orphanHorizon;

  private transient ValueState<EventKeys> keys;
  private transient ListState<LabelEvent> early;
  private transient Counter routed;
  private transient Counter beforeEvent;

  public LabelKeys(Duration longestLabelWindow, Duration orphanHorizon) {
    this.keysTtl = longestLabelWindow.plus(KeyedFeatures.TTL_SLACK);
    this.orphanHorizon = orphanHorizon;
  }

  @Override
  public void open(OpenContext context) {
    ValueStateDescriptor<EventKeys> keysDescriptor =
        new ValueStateDescriptor<>("event-keys", EventKeys.class);
    keysDescriptor.enableTimeToLive(KeyedFeatures.ttl(keysTtl));
    keys = getRuntimeContext().getState(keysDescriptor);
    ListStateDescriptor<LabelEvent> earlyDescriptor =
        new ListStateDescriptor<>("labels-before-event", LabelEvent.class);
    earlyDescriptor.enableTimeToLive(KeyedFeatures.ttl(orphanHorizon));
    early = getRuntimeContext().getListState(earlyDescriptor);
    routed = getRuntimeContext().getMetricGroup().counter("labelsRouted");
    beforeEvent = getRuntimeContext().getMetricGroup().counter("labelsBeforeEvent");
  }

  @Override
  public void processElement1(EventKeys event, Context ctx, Collector<KeyLabel> out)
      throws Exception {
    if (keys.value() != null) {
      return; // the same event id again: its keys are known
    }
    keys.update(event);
    boolean any = false;
    for (LabelEvent label : early.get()) {
      route(label, event, out);
      any = true;
    }
    if (any) {
      early.clear();
    }
  }

  @Override
  public void processElement2(LabelEvent label, Context ctx, Collector<KeyLabel> out)
      throws Exception {
    EventKeys event = keys.value();
    if (event == null) {
      beforeEvent.inc();
      early.add(label);
    } else {
      route(label, event, out);
    }
  }

  private void route(LabelEvent label, EventKeys event, Collector<KeyLabel> out) {
    for (String key : event.keys) {
      routed.inc();
      out.collect(KeyLabel.of(key, event.eventTime, label));
    }
  }
}
