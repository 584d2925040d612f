package io.osprey.console;

import io.osprey.model.registry.Republication;
import io.osprey.schema.DeadLetter;
import io.osprey.schema.FeatureVector;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.MonitoringEvent;
import io.osprey.schema.Prediction;
import io.osprey.schema.Reason;
import io.osprey.schema.TrainingExample;
import io.osprey.schema.features.FeatureLayout;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the console shows, folded from the records {@link ConsoleFeed} reads: a per-second
 * timeline (throughput, end-to-end latency, served model versions, live quality), the model history
 * from {@code models}, dead letters by reason, drift events from {@code monitoring}, and the {@link
 * ReviewQueue}. Records arrive on the feed's thread; {@link #tick} closes a second; {@link
 * #snapshot} is read by the HTTP threads. Every method is synchronized (a few hundred records per
 * second: contention is not a concern).
 */
final class ConsoleState {
  static final List<String> SERIES =
      List.of(
          "throughput",
          "review",
          "deadLetters",
          "latencyP50",
          "latencyP99",
          "servedVersion",
          "challengerVersion",
          "precision",
          "recall",
          "prAuc",
          "featurePsiMax",
          "scorePsi",
          "errorPageHinkley");
  private static final int REMEMBERED_FEATURES = 20_000;
  private static final int REMEMBERED_SCORES = 200_000;
  private static final int QUALITY_WINDOW = 2_000;
  private static final int DRIFT_KEPT = 200;
  private static final int REASONS_KEPT = 50;
  private static final int REASON_LENGTH = 80;
  private static final int QUEUE_SHOWN = 50;

  private final FeatureLayout layout;
  private final Timeline timeline;
  private final ReviewQueue queue;
  private final LiveQuality quality = new LiveQuality(QUALITY_WINDOW, REMEMBERED_SCORES);
  private final Map<String, FeatureVector> recentFeatures =
      new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, FeatureVector> eldest) {
          return size() > REMEMBERED_FEATURES;
        }
      };
  private final TreeMap<Long, Map<String, Object>> models = new TreeMap<>();
  private final Map<String, Long> deadLettersByReason = new HashMap<>();
  private final Deque<Map<String, Object>> drift = new ArrayDeque<>();
  // the latest drift reading per metric (drift.<scope>.<feature>.<statistic>), for the panel's
  // table
  private final Map<String, Map<String, Object>> driftReadings = new TreeMap<>();
  private long driftVersion; // the model version of the newest reading

  // the second being filled
  private long predictionsThisSecond;
  private long reviewsThisSecond;
  private long deadLettersThisSecond;
  private final List<Long> latenciesThisSecond = new ArrayList<>();

  private long predictions;
  private long deadLetters;
  private long servedVersion;
  private long challengerVersion;

  ConsoleState(FeatureLayout layout, int historySeconds, ReviewQueue queue) {
    this.layout = layout;
    this.timeline = new Timeline(historySeconds, SERIES);
    this.queue = queue;
  }

  synchronized void onFeatures(FeatureVector vector) {
    recentFeatures.put(vector.getEventId(), vector);
  }

  synchronized void onPrediction(Prediction prediction, long arrivedAt) {
    predictions++;
    predictionsThisSecond++;
    latenciesThisSecond.add(Math.max(0, arrivedAt - prediction.getIngestTime()));
    servedVersion = prediction.getModelVersion();
    challengerVersion =
        prediction.getChallengerVersion() == null ? 0 : prediction.getChallengerVersion();
    boolean flagged = !"APPROVE".equals(prediction.getDecision());
    quality.onPrediction(prediction.getEventId(), prediction.getScore(), flagged);
    if ("REVIEW".equals(prediction.getDecision())) {
      reviewsThisSecond++;
      queue.add(reviewItem(prediction, recentFeatures.get(prediction.getEventId())));
    }
  }

  private ReviewQueue.Item reviewItem(Prediction prediction, FeatureVector vector) {
    List<Map<String, Object>> reasons = new ArrayList<>();
    for (Reason reason : prediction.getReasons()) {
      reasons.add(pair("feature", reason.getFeature(), "contribution", reason.getContribution()));
    }
    List<Map<String, Object>> features = new ArrayList<>();
    if (vector != null) {
      List<Double> values = vector.getValues();
      boolean named =
          layout.specHash().equals(vector.getSpecHash()) && layout.size() == values.size();
      for (int i = 0; i < values.size(); i++) {
        features.add(pair("name", named ? layout.names().get(i) : "f" + i, "value", values.get(i)));
      }
    }
    return new ReviewQueue.Item(
        prediction.getEventId(),
        prediction.getEntityId(),
        prediction.getScore(),
        prediction.getThreshold(),
        prediction.getModelVersion(),
        prediction.getScoredTime(),
        reasons,
        features);
  }

  private static Map<String, Object> pair(String k1, Object v1, String k2, Object v2) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(k1, v1);
    map.put(k2, v2 instanceof Double d && !Double.isFinite(d) ? null : v2);
    return map;
  }

  synchronized void onMatured(TrainingExample example) {
    quality.onMatured(example.getFeatures().getEventId(), example.getFraud());
  }

  synchronized void onDeadLetter(DeadLetter letter) {
    deadLetters++;
    deadLettersThisSecond++;
    if (deadLettersByReason.size() < REASONS_KEPT || deadLettersByReason.containsKey(key(letter))) {
      deadLettersByReason.merge(key(letter), 1L, Long::sum);
    } else {
      deadLettersByReason.merge(letter.getStage() + ": (other reasons)", 1L, Long::sum);
    }
  }

  /**
   * Reasons name the offending field and often its value: the text after the first colon goes and
   * numbers become N, so that reasons group ("record of N bytes ...") and keep the field's name.
   */
  static String key(DeadLetter letter) {
    String reason = letter.getReason();
    int colon = reason.indexOf(':');
    String head = colon > 0 ? reason.substring(0, colon) : reason;
    head = head.replaceAll("-?\\d+([.,]\\d+)*", "N").strip();
    if (head.length() > REASON_LENGTH) {
      head = head.substring(0, REASON_LENGTH) + "…";
    }
    return letter.getStage() + ": " + head;
  }

  /**
   * Drift on {@code monitoring}: alerts (severity WARN or CRITICAL) and the actions they set off
   * ({@code drift.action.*}) go to the newest-first list; every drift reading also updates the
   * latest reading of its metric and the drift chart's series (the largest feature PSI, the scores'
   * PSI, the performance test's statistic) of the model version it is about.
   */
  synchronized void onMonitoring(MonitoringEvent event) {
    boolean reading = "drift".equals(event.getKind());
    boolean action = event.getMetric().startsWith("drift.action.");
    if (!reading && !action) {
      return;
    }
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("time", event.getTime());
    row.put("component", event.getComponent());
    row.put("metric", event.getMetric());
    row.put("feature", event.getFeature());
    row.put("statistic", event.getStatistic());
    row.put("value", Double.isFinite(event.getValue()) ? event.getValue() : null);
    row.put("threshold", event.getThreshold());
    row.put("severity", event.getSeverity());
    row.put("modelVersion", event.getModelVersion());
    row.put("windowStart", event.getWindowStart());
    row.put("windowEnd", event.getWindowEnd());
    row.put("detail", event.getDetail());
    if (reading) {
      long version = event.getModelVersion() == null ? 0 : event.getModelVersion();
      if (version != driftVersion) {
        driftReadings.clear(); // readings of the model that served before are history now
        driftVersion = version;
      }
      driftReadings.put(event.getMetric(), row);
    }
    if (action || !"INFO".equals(event.getSeverity())) {
      drift.addFirst(row);
      if (drift.size() > DRIFT_KEPT) {
        drift.removeLast();
      }
    }
  }

  /**
   * The largest latest value among readings whose metric starts with {@code prefix} and ends so.
   */
  private Double latestDrift(String prefix, String suffix) {
    Double largest = null;
    for (Map.Entry<String, Map<String, Object>> e : driftReadings.entrySet()) {
      if (e.getKey().startsWith(prefix)
          && e.getKey().endsWith(suffix)
          && e.getValue().get("value") instanceof Double value) {
        largest = largest == null ? value : Math.max(largest, value);
      }
    }
    return largest;
  }

  synchronized void onModel(ModelEnvelope envelope) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("name", envelope.getName());
    row.put("version", envelope.getVersion());
    row.put("role", envelope.getRole());
    row.put("parentVersion", envelope.getParentVersion());
    row.put("createdAt", envelope.getCreatedAt());
    Double rolledBackFrom = envelope.getMetrics().get(Republication.ROLLED_BACK_FROM);
    row.put("rolledBackFrom", rolledBackFrom == null ? null : rolledBackFrom.longValue());
    Double prAuc = envelope.getMetrics().get("pr_auc");
    row.put("prAuc", prAuc == null || !Double.isFinite(prAuc) ? null : prAuc);
    row.put("threshold", envelope.getThreshold());
    models.put(envelope.getVersion(), row);
  }

  /** Closes second {@code epochSecond}: one point on every chart. */
  synchronized void tick(long epochSecond) {
    Map<String, Double> point = new HashMap<>();
    point.put("throughput", (double) predictionsThisSecond);
    point.put("review", (double) reviewsThisSecond);
    point.put("deadLetters", (double) deadLettersThisSecond);
    if (!latenciesThisSecond.isEmpty()) {
      long[] sorted = latenciesThisSecond.stream().mapToLong(Long::longValue).toArray();
      Arrays.sort(sorted);
      point.put("latencyP50", (double) sorted[(int) Math.floor(0.5 * (sorted.length - 1))]);
      point.put("latencyP99", (double) sorted[(int) Math.floor(0.99 * (sorted.length - 1))]);
    }
    if (predictions > 0) {
      point.put("servedVersion", (double) servedVersion);
      point.put("challengerVersion", (double) challengerVersion);
    }
    point.put("precision", quality.precision());
    point.put("recall", quality.recall());
    point.put("prAuc", quality.prAuc());
    putIfKnown(point, "featurePsiMax", latestDrift("drift.feature.", ".psi"));
    putIfKnown(point, "scorePsi", latestDrift("drift.prediction.score.", ".psi"));
    putIfKnown(point, "errorPageHinkley", latestDrift("drift.performance.", ".page_hinkley"));
    timeline.add(epochSecond, point);
    predictionsThisSecond = 0;
    reviewsThisSecond = 0;
    deadLettersThisSecond = 0;
    latenciesThisSecond.clear();
  }

  private static void putIfKnown(Map<String, Double> point, String series, Double value) {
    if (value != null) {
      point.put(series, value);
    }
  }

  /** What the page draws, as plain maps and lists (serialized to JSON by the server). */
  synchronized Map<String, Object> snapshot(long now) {
    Map<String, Object> snapshot = new LinkedHashMap<>();
    snapshot.put("now", now);
    snapshot.put("timeline", timeline.columns());
    Map<String, Object> totals = new LinkedHashMap<>();
    totals.put("predictions", predictions);
    totals.put("deadLetters", deadLetters);
    totals.put("matured", quality.maturedTotal());
    totals.put("reviewOpen", queue.open());
    snapshot.put("totals", totals);
    Map<String, Object> modelView = new LinkedHashMap<>();
    modelView.put("servedVersion", predictions == 0 ? null : servedVersion);
    modelView.put("challengerVersion", challengerVersion == 0 ? null : challengerVersion);
    modelView.put("history", new ArrayList<>(models.descendingMap().values()));
    snapshot.put("models", modelView);
    List<Map<String, Object>> reasons = new ArrayList<>();
    deadLettersByReason.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
        .forEach(e -> reasons.add(pair("reason", e.getKey(), "count", e.getValue())));
    snapshot.put("deadLetters", reasons);
    snapshot.put("drift", new ArrayList<>(drift));
    snapshot.put("driftReadings", new ArrayList<>(driftReadings.values()));
    snapshot.put("review", queue.newestFirst(QUEUE_SHOWN));
    return snapshot;
  }
}
