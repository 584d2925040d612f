package io.osprey.trainer.drift;

import io.osprey.model.drift.DriftStatistics;
import io.osprey.model.drift.PageHinkley;
import io.osprey.model.drift.QuantileBins;
import io.osprey.model.drift.ReferenceProfiles;
import io.osprey.schema.BinnedDistribution;
import io.osprey.schema.ReferenceProfile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares what is served now with the reference profile of the model that serves it, and says so
 * as {@link DriftReading}s. Pure: the {@link DriftMonitor} feeds it records and publishes what it
 * returns, tests feed it numbers.
 *
 * <ul>
 *   <li><b>Which model:</b> the version named by the latest model-scored prediction (the fallback
 *       rule has no reference). A window is compared, when it closes, with the reference of the
 *       version serving then. Windows keep the raw values and do not start again when the version
 *       changes: in the demo a champion may be promoted every few thousand examples and scorer
 *       tasks swap one after the other, so windows that started again at each change could only
 *       fill between two changes, which kept them small for a stream whose fraud comes in bursts.
 *   <li><b>Features:</b> tumbling windows of {@code windowEvents} feature vectors; each full window
 *       gives, per feature, the population stability index and the KS distance on the reference's
 *       bins.
 *   <li><b>Predictions:</b> the same over each version's own scores, and the share of its DECLINE
 *       decisions against its reference's share of scores at or above the threshold: the scores
 *       depend on the model, so a window holds the predictions of one version only (a window per
 *       version, of the latest few), whichever order scorer tasks swap in.
 *   <li><b>Performance:</b> each matured label of an event a model decided adds that decision's
 *       error (flagged and legitimate, or approved and fraud) to one two-sided Page-Hinkley test
 *       over the served champions' decisions, whichever version made them: champions change every
 *       few thousand examples in the demo, and labels mature seconds to weeks after the decision,
 *       so a test per version would rarely see enough labels of the version it watches. An alarm is
 *       a reading at the test's statistic, named after the version that decided the labelled event;
 *       every {@code windowEvents} labels there is a reading of where the test stands.
 * </ul>
 */
public final class DriftWatch {
  private static final int REMEMBERED_DECISIONS = 200_000;
  private static final int SCORE_WINDOWS_KEPT = 4;

  /**
   * The performance readings' names: the served decisions' error, and (an alarm of the two-sided
   * test only) its fall; the periodic reading is the larger of the two statistics.
   */
  static final String ERROR_RISE = "error";

  static final String ERROR_FALL = "error_fall";

  private final DriftConfig config;
  private final Map<Long, Reference> references = new LinkedHashMap<>();
  private final Map<String, Decided> decisions =
      new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Decided> eldest) {
          return size() > REMEMBERED_DECISIONS;
        }
      };
  private final PageHinkley performance;
  private long servedVersion;
  private FeatureWindow features;
  private final Map<Long, ScoreWindow> scores = new LinkedHashMap<>(); // by version, latest few
  private long labels;
  private long labelsStart = Long.MAX_VALUE;
  private long labelsEnd = Long.MIN_VALUE;

  /** A served model's reference. */
  private record Reference(String specHash, ReferenceProfile profile) {}

  /** What the served model decided for one event. */
  private record Decided(long version, boolean flagged) {}

  public DriftWatch(DriftConfig config) {
    this.config = config;
    this.performance =
        new PageHinkley(
            config.performanceDelta(), config.performanceLambda(), config.performanceMinLabels());
  }

  /** A model's reference profile (from a trusted envelope); unknown formats are ignored. */
  public void reference(long version, String specHash, ReferenceProfile profile) {
    if (!ReferenceProfiles.readable(profile)) {
      return;
    }
    references.put(version, new Reference(specHash, profile));
    while (references.size() > 20) {
      references.remove(references.keySet().iterator().next());
    }
  }

  /** The version whose reference live data is compared with (0: none yet). */
  public long servedVersion() {
    return servedVersion;
  }

  /** A feature vector: kept in the current window, which may close. */
  public List<DriftReading> onFeatures(String specHash, List<Double> values, long eventTime) {
    if (servedVersion == 0) {
      return List.of(); // the fallback rule serves: nothing to compare with
    }
    FeatureWindow window = features;
    if (window == null || !window.fits(specHash, values.size())) {
      window = features = new FeatureWindow(specHash, values.size(), config.windowEvents());
    }
    window.add(values, eventTime);
    if (window.count < config.windowEvents()) {
      return List.of();
    }
    features = null;
    Reference reference = references.get(servedVersion);
    return reference == null ? List.of() : window.readings(reference);
  }

  /** A prediction: names the served version; kept in the score window, which may close. */
  public List<DriftReading> onPrediction(
      String eventId,
      long modelVersion,
      boolean fallback,
      double score,
      String decision,
      long eventTime) {
    if (fallback || modelVersion <= 0) {
      return List.of();
    }
    servedVersion = modelVersion; // windows go on: they are compared when they close
    boolean flagged = !"APPROVE".equals(decision);
    decisions.put(eventId, new Decided(modelVersion, flagged));
    ScoreWindow window = scores.get(modelVersion);
    if (window == null) {
      window = new ScoreWindow(modelVersion, config.windowEvents());
      scores.put(modelVersion, window);
      while (scores.size() > SCORE_WINDOWS_KEPT) {
        scores.remove(scores.keySet().iterator().next()); // a version that served briefly
      }
    }
    window.add(score, "DECLINE".equals(decision), eventTime);
    if (window.count < config.windowEvents()) {
      return List.of();
    }
    scores.remove(modelVersion);
    Reference reference = references.get(modelVersion);
    return reference == null ? List.of() : window.readings(reference);
  }

  /** A matured label: the served decision's error goes to the performance test. */
  public List<DriftReading> onMatured(String eventId, boolean fraud, long eventTime) {
    Decided decided = decisions.remove(eventId);
    if (decided == null) {
      return List.of();
    }
    labels++;
    labelsStart = Math.min(labelsStart, eventTime);
    labelsEnd = Math.max(labelsEnd, eventTime);
    if (performance.add(decided.flagged() != fraud ? 1 : 0)) {
      // the test restarted: report the statistic as it crossed the threshold, and which way
      String name =
          performance.lastDirection() == PageHinkley.Direction.FALL ? ERROR_FALL : ERROR_RISE;
      return List.of(performanceReading(name, performance.lastAlarm(), decided.version()));
    }
    if (labels % config.windowEvents() == 0) {
      return List.of(performanceReading(ERROR_RISE, performance.statistic(), decided.version()));
    }
    return List.of();
  }

  private DriftReading performanceReading(String name, double value, long version) {
    DriftReading reading =
        new DriftReading(
            DriftReading.PERFORMANCE,
            name,
            "page_hinkley",
            value,
            config.performanceLambda(),
            labels,
            version,
            labelsStart,
            labelsEnd);
    if (reading.alert()) {
      labels = 0;
      labelsStart = Long.MAX_VALUE;
      labelsEnd = Long.MIN_VALUE;
    }
    return reading;
  }

  /** One window of raw feature vectors, binned when it closes. */
  private final class FeatureWindow {
    final String specHash;
    final double[][] rows;
    int count;
    long start = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;

    FeatureWindow(String specHash, int width, int size) {
      this.specHash = specHash;
      this.rows = new double[width][size];
    }

    boolean fits(String specHash, int width) {
      return this.specHash.equals(specHash) && width == rows.length;
    }

    void add(List<Double> values, long eventTime) {
      for (int f = 0; f < rows.length; f++) {
        rows[f][count] = values.get(f);
      }
      count++;
      start = Math.min(start, eventTime);
      end = Math.max(end, eventTime);
    }

    /** PSI and KS per feature on {@code reference}'s bins; none if it describes other vectors. */
    List<DriftReading> readings(Reference reference) {
      List<BinnedDistribution> bins = reference.profile().getFeatures();
      if (!reference.specHash().equals(specHash) || bins.size() != rows.length) {
        return List.of();
      }
      List<DriftReading> readings = new ArrayList<>();
      for (int f = 0; f < rows.length; f++) {
        long[] counts = QuantileBins.counts(bins.get(f).getEdges(), rows[f]);
        List<Double> shares = bins.get(f).getShares();
        String name = bins.get(f).getName();
        readings.add(reading(name, "psi", DriftStatistics.psi(shares, counts)));
        readings.add(reading(name, "ks", DriftStatistics.ks(shares, counts)));
      }
      return readings;
    }

    private DriftReading reading(String name, String statistic, double value) {
      double threshold = "psi".equals(statistic) ? config.psiThreshold() : config.ksThreshold();
      return new DriftReading(
          DriftReading.FEATURE,
          name,
          statistic,
          value,
          threshold,
          count,
          servedVersion,
          start,
          end);
    }
  }

  /** One window of one version's scores and decisions, binned when it closes. */
  private final class ScoreWindow {
    final long version;
    final double[] scores;
    int count;
    long declines;
    long start = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;

    ScoreWindow(long version, int size) {
      this.version = version;
      this.scores = new double[size];
    }

    void add(double score, boolean declined, long eventTime) {
      scores[count++] = score;
      if (declined) {
        declines++;
      }
      start = Math.min(start, eventTime);
      end = Math.max(end, eventTime);
    }

    List<DriftReading> readings(Reference reference) {
      BinnedDistribution bins = reference.profile().getScores();
      long[] counts = QuantileBins.counts(bins.getEdges(), scores);
      double declineDifference =
          Math.abs((double) declines / count - reference.profile().getDeclineShare());
      return List.of(
          reading(
              "score", "psi", DriftStatistics.psi(bins.getShares(), counts), config.psiThreshold()),
          reading(
              "score", "ks", DriftStatistics.ks(bins.getShares(), counts), config.ksThreshold()),
          reading(
              "decline_share",
              "share_difference",
              declineDifference,
              config.declineShareThreshold()));
    }

    private DriftReading reading(String name, String statistic, double value, double threshold) {
      return new DriftReading(
          DriftReading.PREDICTION, name, statistic, value, threshold, count, version, start, end);
    }
  }
}
