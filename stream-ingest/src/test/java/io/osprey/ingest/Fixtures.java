package io.osprey.ingest;

import io.osprey.ingest.model.Event;
import io.osprey.ingest.model.Example;
import io.osprey.ingest.model.FeatureRow;
import io.osprey.ingest.model.LabelEvent;
import io.osprey.ingest.model.RawRecord;
import io.osprey.ingest.parse.EventParser;
import io.osprey.ingest.parse.Outcome;
import io.osprey.schema.features.FeatureSpec;
import io.osprey.schema.features.FeatureSpecs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** Shared test data and named times for stream-ingest tests. */
public final class Fixtures {
  /** An arbitrary, fixed event time origin. */
  public static final long T0 = Instant.parse("2026-01-01T12:00:00Z").toEpochMilli();

  public static final long MINUTE = Duration.ofMinutes(1).toMillis();
  public static final long HOUR = Duration.ofHours(1).toMillis();

  /** The dataset specs shipped in deploy/ (tests run in the module's directory). */
  public static final java.nio.file.Path DATASET_SPECS =
      java.nio.file.Path.of("..", "deploy", "specs");

  /** The built-in payment spec, the job's default. */
  public static final FeatureSpec PAYMENTS = FeatureSpecs.load(FeatureSpecs.BUILTIN_PAYMENTS);

  private Fixtures() {}

  /** A valid transaction as a producer would write it in JSON. */
  public static String transactionJson(
      String eventId,
      String cardId,
      double amount,
      String country,
      String channel,
      String mcc,
      long eventTime) {
    return String.format(
        Locale.ROOT,
        "{\"eventId\":\"%s\",\"cardId\":\"%s\",\"merchantId\":\"m-1\",\"merchantCategory\":\"%s\","
            + "\"amount\":%s,\"currency\":\"EUR\",\"country\":\"%s\",\"channel\":\"%s\","
            + "\"eventTime\":%d}",
        eventId,
        cardId,
        mcc,
        Double.toString(amount),
        country,
        channel,
        eventTime);
  }

  public static String transactionJson(
      String eventId, String cardId, double amount, long eventTime) {
    return transactionJson(eventId, cardId, amount, "NL", "POS", "5411", eventTime);
  }

  /**
   * A Flink MiniCluster of one task manager with {@code slots} slots, for a job of that
   * parallelism.
   */
  public static MiniClusterExtension miniCluster(int slots) {
    return miniCluster(new Configuration(), slots);
  }

  /** The same with the cluster configuration {@code conf}. */
  public static MiniClusterExtension miniCluster(Configuration conf, int slots) {
    return new MiniClusterExtension(
        new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(conf)
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(slots)
            .build());
  }

  /**
   * {@code count} valid payments keyed by card, as a producer sends them: payment {@code i} is
   * {@code tx-i} of {@code card-(i % cards)}, three seconds after the one before, starting ten
   * minutes before {@code now}.
   */
  public static List<Map.Entry<String, byte[]>> recentPayments(int count, int cards, long now) {
    List<Map.Entry<String, byte[]>> payments = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String card = "card-" + (i % cards);
      long eventTime = now - Duration.ofMinutes(10).toMillis() + i * 3_000L;
      payments.add(
          Map.entry(card, utf8(transactionJson(paymentId(i), card, 5 + i % 50, eventTime))));
    }
    return payments;
  }

  /** The event ids of {@link #recentPayments}. */
  public static Set<String> recentPaymentIds(int count) {
    Set<String> ids = new LinkedHashSet<>();
    for (int i = 0; i < count; i++) {
      ids.add(paymentId(i));
    }
    return ids;
  }

  /**
   * Labels of every tenth of {@link #recentPayments} ({@code tx-0}, {@code tx-10}, ...), keyed by
   * event id; one in four says fraud.
   */
  public static List<Map.Entry<String, byte[]>> everyTenthLabelled(int count, long now) {
    List<Map.Entry<String, byte[]>> labels = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String id = paymentId(i * 10);
      labels.add(Map.entry(id, utf8(labelJson(id, i % 4 == 0, now))));
    }
    return labels;
  }

  private static String paymentId(int i) {
    return "tx-" + i;
  }

  /** Per event id, what its current example says (the one matured last, which supersedes). */
  public static Map<String, String> currentExamples(List<Example> examples) {
    Map<String, Example> latest = new TreeMap<>();
    for (Example e : examples) {
      latest.merge(e.features.eventId, e, (a, b) -> a.maturedTime >= b.maturedTime ? a : b);
    }
    Map<String, String> says = new TreeMap<>();
    latest.forEach(
        (id, e) ->
            says.put(
                id,
                "fraud=" + e.fraud + " labelTime=" + e.labelTime + " matured=" + e.maturedTime));
    return says;
  }

  public static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  public static String labelJson(String eventId, boolean fraud, long labelTime) {
    return String.format(
        Locale.ROOT,
        "{\"eventId\":\"%s\",\"fraud\":%s,\"labelTime\":%d,\"source\":\"analyst\"}",
        eventId,
        fraud,
        labelTime);
  }

  public static RawRecord raw(String topic, long offset, String key, byte[] value) {
    return new RawRecord(
        topic, 0, offset, T0, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
  }

  public static RawRecord raw(String topic, long offset, String key, String value) {
    return raw(topic, offset, key, value.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A payment as the job sees it after parsing: the JSON a producer would send, read by the real
   * parser with the built-in spec. Its ingest time is its event time.
   */
  public static Event payment(
      String eventId,
      String cardId,
      double amount,
      String country,
      String channel,
      String mcc,
      long eventTime) {
    return event(
        PAYMENTS,
        transactionJson(eventId, cardId, amount, country, channel, mcc, eventTime),
        eventTime);
  }

  /** {@code json} parsed and validated with {@code spec}; fails the test if it is rejected. */
  public static Event event(FeatureSpec spec, String json, long ingestTime) {
    RawRecord raw = raw("events", 0, null, json);
    raw.timestamp = ingestTime;
    Outcome<Event> outcome = new EventParser(1 << 20, spec).parse(raw, ingestTime);
    if (!outcome.isOk()) {
      throw new AssertionError("fixture rejected: " + outcome.rejected().reason + ": " + json);
    }
    return outcome.value();
  }

  public static FeatureRow vector(String eventId, String cardId) {
    FeatureRow row = new FeatureRow();
    row.eventId = eventId;
    row.entityId = cardId;
    row.eventTime = T0;
    row.specHash = "spec";
    row.values = new double[] {1, 2, 3};
    row.ingestTime = T0;
    row.featureTime = T0;
    return row;
  }

  public static LabelEvent label(String eventId, boolean fraud) {
    return label(eventId, fraud, T0 + HOUR);
  }

  public static LabelEvent label(String eventId, boolean fraud, long labelTime) {
    LabelEvent l = new LabelEvent();
    l.eventId = eventId;
    l.fraud = fraud;
    l.labelTime = labelTime;
    l.source = "analyst";
    l.sourceTopic = "labels";
    l.sourceOffset = 7;
    l.key = eventId.getBytes(StandardCharsets.UTF_8);
    l.rawValue = labelJson(eventId, fraud, l.labelTime).getBytes(StandardCharsets.UTF_8);
    return l;
  }
}
