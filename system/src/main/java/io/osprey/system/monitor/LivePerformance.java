package io.osprey.system.monitor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Precision and recall of the decisions actually served, measured once labels mature: each
 * prediction (flagged or not) is matched by event id with its training example (fraud or not),
 * whichever arrives first waiting for the other. Unmatched entries are bounded so that a long run
 * cannot grow memory without limit; the oldest are forgotten first.
 */
public final class LivePerformance {
  private static final int MAX_PENDING = 500_000;

  private final Map<String, Boolean> flaggedByEvent = bounded();
  private final Map<String, Boolean> fraudByEvent = bounded();
  private long truePositives;
  private long falsePositives;
  private long falseNegatives;
  private long trueNegatives;

  public synchronized void onPrediction(String eventId, boolean flagged) {
    Boolean fraud = fraudByEvent.remove(eventId);
    if (fraud == null) {
      flaggedByEvent.put(eventId, flagged);
    } else {
      count(flagged, fraud);
    }
  }

  public synchronized void onMaturedLabel(String eventId, boolean fraud) {
    Boolean flagged = flaggedByEvent.remove(eventId);
    if (flagged == null) {
      fraudByEvent.put(eventId, fraud);
    } else {
      count(flagged, fraud);
    }
  }

  private void count(boolean flagged, boolean fraud) {
    if (flagged && fraud) {
      truePositives++;
    } else if (flagged) {
      falsePositives++;
    } else if (fraud) {
      falseNegatives++;
    } else {
      trueNegatives++;
    }
  }

  /** Precision of flags so far, or NaN before anything was flagged. */
  public synchronized double precision() {
    long flagged = truePositives + falsePositives;
    return flagged == 0 ? Double.NaN : (double) truePositives / flagged;
  }

  /** Recall of fraud so far, or NaN before any fraud matured. */
  public synchronized double recall() {
    long fraud = truePositives + falseNegatives;
    return fraud == 0 ? Double.NaN : (double) truePositives / fraud;
  }

  public synchronized long matured() {
    return truePositives + falsePositives + falseNegatives + trueNegatives;
  }

  private static Map<String, Boolean> bounded() {
    return new LinkedHashMap<>() {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > MAX_PENDING;
      }
    };
  }
}
