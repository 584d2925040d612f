package io.osprey.bench.simulated;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The "new" features of issue 13, computed in plain Java over a simulated payments file because the
 * spec language cannot say them yet: aggregates keyed by terminal, device and merchant, and
 * label-aware ones (frauds whose verdict was known before the event). Every value is point in time:
 * payments of the key before this one in the window, verdicts known before its event time. Each
 * feature names the spec line it stands in for ({@link #NAMES}), so the figures can be redone with
 * the real job once the syntax is there.
 */
final class StandInFeatures {
  /** The stand-in features, each with the spec line it stands for. */
  static final List<String> NAMES =
      List.of(
          "terminal_tx_1h        {function: count, by: terminalId, window: 1h}",
          "terminal_frauds_1h    {function: fraud_count, by: terminalId, window: 1h}",
          "terminal_fraud_rate_1h {function: fraud_rate, by: terminalId, window: 1h, min_events: 1}",
          "merchant_fraud_rate_1h {function: fraud_rate, by: merchantId, window: 1h, min_events: 1}",
          "device_cards_1h       {function: distinct_count, field: cardId, by: deviceId, window: 1h}",
          "device_tx_1h          {function: count, by: deviceId, window: 1h}",
          "device_frauds_24h     {function: fraud_count, by: deviceId, window: 24h}",
          "card_merchants_1h     {function: distinct_count, field: merchantId, window: 1h}",
          "card_device_changed   {function: changed, field: deviceId, window: 30d}");

  private static final long HOUR = Duration.ofHours(1).toMillis();

  private final KeyedWindow terminal = new KeyedWindow(HOUR, LabelledPayment::terminalId);
  private final KeyedWindow merchant = new KeyedWindow(HOUR, LabelledPayment::merchantId);
  private final KeyedWindow device = new KeyedWindow(HOUR, LabelledPayment::deviceId);
  private final KeyedWindow deviceDay =
      new KeyedWindow(Duration.ofHours(24).toMillis(), LabelledPayment::deviceId);
  private final KeyedWindow card = new KeyedWindow(HOUR, LabelledPayment::cardId);
  private final Map<String, String> lastDevice = new HashMap<>();

  /** The features of {@code p}; payments must come in event-time order. */
  double[] next(LabelledPayment p) {
    long t = p.eventTime();
    ArrayDeque<LabelledPayment> byTerminal = terminal.before(p);
    ArrayDeque<LabelledPayment> byMerchant = merchant.before(p);
    ArrayDeque<LabelledPayment> byDevice = device.before(p);
    ArrayDeque<LabelledPayment> byDeviceDay = deviceDay.before(p);
    ArrayDeque<LabelledPayment> byCard = card.before(p);
    int terminalCount = KeyedWindow.count(byTerminal);
    int terminalFrauds = KeyedWindow.knownFrauds(byTerminal, t);
    int merchantCount = KeyedWindow.count(byMerchant);
    String previousDevice = lastDevice.put(p.cardId(), p.deviceId());
    double[] values = {
      Math.log1p(terminalCount),
      terminalFrauds,
      rate(terminalFrauds, terminalCount),
      rate(KeyedWindow.knownFrauds(byMerchant, t), merchantCount),
      KeyedWindow.distinct(byDevice, LabelledPayment::cardId),
      Math.log1p(KeyedWindow.count(byDevice)),
      KeyedWindow.knownFrauds(byDeviceDay, t),
      KeyedWindow.distinct(byCard, LabelledPayment::merchantId),
      previousDevice != null && !previousDevice.equals(p.deviceId()) ? 1 : 0
    };
    terminal.add(p);
    merchant.add(p);
    device.add(p);
    deviceDay.add(p);
    card.add(p);
    return values;
  }

  private static double rate(int frauds, int count) {
    return count == 0 ? 0 : (double) frauds / count;
  }
}
