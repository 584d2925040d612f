package io.osprey.ingest.keys;

import io.osprey.ingest.features.FeatureEngine;
import io.osprey.ingest.keys.KeyGroups.Refusal;
import io.osprey.ingest.model.Event;
import io.osprey.ingest.model.EventKeys;
import io.osprey.ingest.model.EventLayout;
import io.osprey.ingest.model.KeyPart;
import io.osprey.ingest.model.KeyRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The fan-out: each event becomes one {@link KeyRequest} per key group, keyed {@code
 * "<field>=<value>"}. An event without a usable key in a group (the field absent, empty, or longer
 * than {@link KeyGroups#MAX_KEY_BYTES}) gets that group's defaults here, as a {@link KeyPart} on
 * {@link #UNKEYED} (what an empty history gives: 0 counts, the spec's defaults), and is counted
 * ({@code keyAbsent}, {@code keyEmpty}, {@code keyOversize}); so every event gets exactly one part
 * per group and the gather never waits for one that cannot come. Events with label-aware groups
 * also name their keys on {@link #EVENT_KEYS}, for {@link LabelKeys}. Stateless.
 */
public class KeyRequests extends ProcessFunction<Event, KeyRequest> {
  private static final long serialVersionUID = 1L;

  public static final OutputTag<KeyPart> UNKEYED =
      new OutputTag<>("unkeyed-parts", TypeInformation.of(KeyPart.class));
  public static final OutputTag<EventKeys> EVENT_KEYS =
      new OutputTag<>("event-keys", TypeInformation.of(EventKeys.class));

  private final KeyGroups groups;
  private transient EventLayout layout;
  private transient int[] fieldIndex;
  private transient FeatureEngine[] engines;
  private transient Map<Refusal, Counter> refused;

  public KeyRequests(KeyGroups groups) {
    this.groups = groups;
  }

  @Override
  public void open(OpenContext context) {
    layout = new EventLayout(groups.spec().event());
    fieldIndex = new int[groups.size()];
    engines = new FeatureEngine[groups.size()];
    for (int g = 0; g < groups.size(); g++) {
      fieldIndex[g] = layout.indexOf(groups.field(g));
      engines[g] = groups.engine(g);
    }
    var metrics = getRuntimeContext().getMetricGroup();
    refused =
        Map.of(
            Refusal.ABSENT, metrics.counter("keyAbsent"),
            Refusal.EMPTY, metrics.counter("keyEmpty"),
            Refusal.OVERSIZE, metrics.counter("keyOversize"));
  }

  @Override
  public void processElement(Event event, Context ctx, Collector<KeyRequest> out) {
    List<String> labelKeys = groups.anyLabelAware() ? new ArrayList<>() : null;
    for (int g = 0; g < groups.size(); g++) {
      String value = KeyGroups.value(layout, fieldIndex[g], event);
      Refusal refusal = KeyGroups.check(value);
      if (refusal != Refusal.NONE) {
        refused.get(refusal).inc();
        double[] defaults = engines[g].compute(event, List.of(), null);
        ctx.output(
            UNKEYED, KeyPart.of(event, g, defaults, ctx.timerService().currentProcessingTime()));
        continue;
      }
      String key = KeyGroups.key(groups.field(g), value);
      out.collect(KeyRequest.of(key, g, event));
      if (labelKeys != null && groups.labelAware(g)) {
        labelKeys.add(key);
      }
    }
    if (labelKeys != null && !labelKeys.isEmpty()) {
      ctx.output(
          EVENT_KEYS,
          EventKeys.of(event.eventId, event.eventTime, labelKeys.toArray(new String[0])));
    }
  }
}
