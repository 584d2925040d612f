package io.osprey.ingest.features;

import io.osprey.ingest.model.FeatureRow;
import io.osprey.ingest.model.Payment;
import io.osprey.schema.features.FeatureLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
 * Keyed by card: computes {@link FeatureLayout#PAYMENTS} for each payment from what the card did
 * before it.
 *
 * <ul>
 *   <li>{@code amount_log} = log1p(amount)
 *   <li>{@code count_1h} = the card's earlier payments with event time in (t − 1 h, t]
 *   <li>{@code sum_1h_log} = log1p(sum of their amounts)
 *   <li>{@code amount_to_mean_1h} = amount / mean of their amounts; 1.0 when there are none
 *   <li>{@code secs_since_prev_log} = log1p(seconds since the previous payment), clamped to [0, 30
 *       days]; 30 days when there is none (so expiry of the state changes nothing)
 *   <li>{@code country_changed} = 1 when the country differs from the previous payment's
 *   <li>{@code is_ecom} = 1 for channel ECOM
 *   <li>{@code high_risk_mcc} = 1 for {@link #HIGH_RISK_MCCS}
 * </ul>
 *
 * <p><b>Event time and late events.</b> Payments are scored on arrival (lowest latency: nothing
 * waits for a watermark), and every feature is <em>point in time</em>: only payments of the card
 * with an event time at or before this one's count, and "previous" is the latest of those by event
 * time. A payment that arrives after a later one is therefore scored as if the later one had not
 * happened yet. State is pruned against the watermark, not against the payment: the hour before the
 * watermark is kept (plus the newest payment older than that, so "previous" stays exact), which is
 * all an on-time payment can need.
 *
 * <p>A payment at or behind the watermark is <em>late</em>. Policy: it is scored with the card's
 * state as it is (its hour may already be partly pruned, and a previous payment older than the kept
 * state reads as "none"), flagged {@code late=true} on its vector, counted in {@code lateEvents},
 * and it updates the state for the payments after it. It is never dropped, and it never sees
 * anything from after its own event time. Consumers may down-weight or skip late vectors for
 * training; the scorer scores them like any other.
 */
public class PaymentFeatures extends KeyedProcessFunction<String, Payment, FeatureRow> {
  private static final long serialVersionUID = 1L;

  /**
   * Merchant category codes fraud concentrates in: 4829 money transfer, 5967 direct-marketing
   * inbound teleservices, 6051 quasi-cash (crypto, money orders), 6540 stored-value card load, 7995
   * gambling.
   */
  public static final Set<String> HIGH_RISK_MCCS = Set.of("4829", "5967", "6051", "6540", "7995");

  static final long WINDOW_MILLIS = Duration.ofHours(1).toMillis();
  static final double NO_PREVIOUS_SECONDS = Duration.ofDays(30).toSeconds();
  static final String SPEC_HASH = FeatureLayout.PAYMENTS.specHash();

  /**
   * The card's payments with event time in the hour before the watermark or later (event time,
   * amount, country), plus the newest one older than that; pruned on every payment. A state TTL of
   * a little over an hour clears the list of a card gone quiet.
   */
  private transient ListState<Recent> recent;

  /**
   * The card's newest payment by event time (event time, country). Kept for the secs-since-prev cap
   * (30 days), then expired by TTL, after which the feature reads the same as "no previous".
   */
  private transient ValueState<Recent> last;

  private transient Counter featuresOut;
  private transient Counter lateEvents;
  private transient volatile long lastLatencyMillis;

  @Override
  public void open(OpenContext context) {
    ListStateDescriptor<Recent> recentDescriptor =
        new ListStateDescriptor<>("recent-1h", Recent.class);
    recentDescriptor.enableTimeToLive(ttl(Duration.ofMinutes(75)));
    recent = getRuntimeContext().getListState(recentDescriptor);
    ValueStateDescriptor<Recent> lastDescriptor = new ValueStateDescriptor<>("last", Recent.class);
    lastDescriptor.enableTimeToLive(ttl(Duration.ofDays(30)));
    last = getRuntimeContext().getState(lastDescriptor);
    featuresOut = getRuntimeContext().getMetricGroup().counter("featuresOut");
    lateEvents = getRuntimeContext().getMetricGroup().counter("lateEvents");
    getRuntimeContext().getMetricGroup().gauge("ingestToFeatureMillis", () -> lastLatencyMillis);
  }

  private static StateTtlConfig ttl(Duration duration) {
    return StateTtlConfig.newBuilder(duration)
        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
        .build();
  }

  @Override
  public void processElement(Payment p, Context ctx, Collector<FeatureRow> out) throws Exception {
    long t = p.eventTime;
    long watermark = ctx.timerService().currentWatermark();
    boolean late = watermark != Long.MIN_VALUE && t <= watermark;
    // Nothing an on-time payment (t > watermark) can need lies at or before this cutoff.
    long cutoff = watermark == Long.MIN_VALUE ? Long.MIN_VALUE : watermark - WINDOW_MILLIS;

    int count = 0;
    double sum = 0;
    Recent previous = null;
    Recent anchor = null; // the newest payment at or before the cutoff
    List<Recent> kept = new ArrayList<>();
    for (Recent r : recent.get()) {
      if (r.eventTime <= t) {
        if (r.eventTime > t - WINDOW_MILLIS) {
          count++;
          sum += r.amount;
        }
        if (previous == null || r.eventTime >= previous.eventTime) {
          previous = r;
        }
      }
      if (r.eventTime > cutoff) {
        kept.add(r);
      } else if (anchor == null || r.eventTime >= anchor.eventTime) {
        anchor = r;
      }
    }
    if (anchor != null) {
      kept.add(anchor);
    }
    Recent current = new Recent(t, p.amount, p.country);
    kept.add(current);
    recent.update(kept);

    // The newest payment by event time, kept for a month: "previous" after the hour's list
    // expires.
    Recent newest = last.value();
    if (newest != null
        && newest.eventTime <= t
        && (previous == null || newest.eventTime > previous.eventTime)) {
      previous = newest;
    }
    if (newest == null || t >= newest.eventTime) {
      last.update(current);
    }

    double secsSincePrev =
        previous == null
            ? NO_PREVIOUS_SECONDS
            : Math.min(NO_PREVIOUS_SECONDS, (t - previous.eventTime) / 1000.0);
    boolean countryChanged = previous != null && !previous.country.equals(p.country);

    FeatureRow row = new FeatureRow();
    row.eventId = p.eventId;
    row.entityId = p.cardId;
    row.eventTime = t;
    row.specHash = SPEC_HASH;
    row.values =
        new double[] {
          Math.log1p(p.amount),
          count,
          Math.log1p(sum),
          count == 0 ? 1.0 : p.amount / (sum / count),
          Math.log1p(secsSincePrev),
          countryChanged ? 1 : 0,
          "ECOM".equals(p.channel) ? 1 : 0,
          HIGH_RISK_MCCS.contains(p.merchantCategory) ? 1 : 0
        };
    row.ingestTime = p.ingestTime;
    row.featureTime = ctx.timerService().currentProcessingTime();
    row.late = late;
    lastLatencyMillis = row.featureTime - row.ingestTime;
    if (late) {
      lateEvents.inc();
    }
    featuresOut.inc();
    out.collect(row);
  }

  /** One earlier payment of the card, as much of it as the features need. */
  public static class Recent {
    public long eventTime;
    public double amount;
    public String country;

    public Recent() {}

    Recent(long eventTime, double amount, String country) {
      this.eventTime = eventTime;
      this.amount = amount;
      this.country = country;
    }
  }
}
