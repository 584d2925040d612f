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
 * <p>Payments are processed in arrival order, which gives the lowest latency. "Earlier" and
 * "previous" mean earlier in arrival; the hour window is on event time, and an earlier arrival with
 * a later event time is not counted (no feature from after the event). An event that arrives more
 * than an hour late finds the window already pruned. Proper out-of-order handling (buffer to a
 * watermark) is a later issue.
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
   * The card's payments of the last hour (event time, amount), pruned on every payment to the
   * window before it. A state TTL of a little over an hour clears the list of a card gone quiet.
   */
  private transient ListState<Recent> recent;

  /**
   * The card's previous payment (event time, country). Kept for the secs-since-prev cap (30 days),
   * then expired by TTL, after which the feature reads the same as "no previous".
   */
  private transient ValueState<Recent> last;

  private transient Counter featuresOut;
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
    int count = 0;
    double sum = 0;
    List<Recent> kept = new ArrayList<>();
    for (Recent r : recent.get()) {
      if (r.eventTime > t - WINDOW_MILLIS) {
        kept.add(r); // still useful to this or a later payment
        if (r.eventTime <= t) {
          count++;
          sum += r.amount;
        }
      }
    }
    kept.add(new Recent(t, p.amount, p.country));
    recent.update(kept);

    Recent previous = last.value();
    double secsSincePrev =
        previous == null
            ? NO_PREVIOUS_SECONDS
            : Math.min(NO_PREVIOUS_SECONDS, Math.max(0, (t - previous.eventTime) / 1000.0));
    boolean countryChanged = previous != null && !previous.country.equals(p.country);
    last.update(new Recent(t, p.amount, p.country));

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
    lastLatencyMillis = row.featureTime - row.ingestTime;
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
