package io.osprey.ingest.keys;

import io.osprey.ingest.model.FeatureRow;
import io.osprey.ingest.model.KeyPart;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by event id: lays each key group's columns ({@link KeyPart}, from {@code keyed-features} or
 * the fan-out's defaults) over the entity's vector and passes the whole vector on once every group
 * has answered. Every event gets exactly one part per group, so nothing waits for a part that
 * cannot come; the same event id sent under two entities is gathered per entity (the first complete
 * one wins at {@code dedupe-event-id}, as before the keys). A piece arriving twice for one entity
 * (a replay after a restart on at-least-once) is counted ({@code repeatedParts}) and ignored.
 *
 * <p>State: per event id and entity, the vector being gathered, cleared when complete; one that
 * stays incomplete for the horizon (it cannot, unless input was lost) is dropped and counted
 * ({@code incompleteVectors}).
 */
public class GatherKeys extends KeyedCoProcessFunction<String, FeatureRow, KeyPart, FeatureRow> {
  private static final long serialVersionUID = 1L;

  private final KeyGroups groups;
  private final long horizonMillis;

  private transient MapState<String, Gathering> gathering;
  private transient Counter repeated;
  private transient Counter incomplete;

  public GatherKeys(KeyGroups groups, Duration horizon) {
    this.groups = groups;
    this.horizonMillis = horizon.toMillis();
  }

  @Override
  public void open(OpenContext context) {
    gathering =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "gathering", Types.STRING, TypeInformation.of(Gathering.class)));
    repeated = getRuntimeContext().getMetricGroup().counter("repeatedParts");
    incomplete = getRuntimeContext().getMetricGroup().counter("incompleteVectors");
  }

  @Override
  public void processElement1(FeatureRow row, Context ctx, Collector<FeatureRow> out)
      throws Exception {
    Gathering g = open(row.entityId, ctx);
    if (g.row != null) {
      repeated.inc();
      return;
    }
    g.row = row;
    settle(row.entityId, g, out);
  }

  @Override
  public void processElement2(KeyPart part, Context ctx, Collector<FeatureRow> out)
      throws Exception {
    Gathering g = open(part.entityId, ctx);
    long bit = 1L << part.group;
    if ((g.parts & bit) != 0) {
      repeated.inc();
      return;
    }
    g.parts |= bit;
    for (int column : groups.columns(part.group)) {
      g.values[column] = part.values[column];
    }
    g.late |= part.late;
    g.featureTime = Math.max(g.featureTime, part.featureTime);
    settle(part.entityId, g, out);
  }

  private Gathering open(String entityId, Context ctx) throws Exception {
    Gathering g = gathering.get(entityId);
    if (g == null) {
      g = new Gathering();
      g.values = new double[groups.spec().layout().names().size()];
      g.since = ctx.timerService().currentProcessingTime();
      ctx.timerService().registerProcessingTimeTimer(g.since + horizonMillis);
    }
    return g;
  }

  private void settle(String entityId, Gathering g, Collector<FeatureRow> out) throws Exception {
    if (g.row == null || g.parts != groups.allParts()) {
      gathering.put(entityId, g);
      return;
    }
    FeatureRow row = g.row;
    for (int group = 0; group < groups.size(); group++) {
      for (int column : groups.columns(group)) {
        row.values[column] = g.values[column];
      }
    }
    row.late |= g.late;
    row.featureTime = Math.max(row.featureTime, g.featureTime);
    gathering.remove(entityId);
    out.collect(row);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<FeatureRow> out)
      throws Exception {
    Iterator<Map.Entry<String, Gathering>> entries = gathering.iterator();
    while (entries.hasNext()) {
      if (entries.next().getValue().since + horizonMillis <= timestamp) {
        incomplete.inc();
        entries.remove();
      }
    }
    if (gathering.isEmpty()) {
      // Removing through the iterator leaves the event id's (empty) map in the heap backend.
      gathering.clear();
    }
  }
}
