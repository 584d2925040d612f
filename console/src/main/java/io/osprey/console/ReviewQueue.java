package io.osprey.console;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The analyst's queue: predictions marked REVIEW, newest first, each with its reason codes and
 * features, and what the analyst decided. A verdict is taken in two steps so that a double
 * submission can never write two labels: {@link #claim} reserves the item (only one caller wins),
 * then {@link #decided} records the verdict once the label is on {@code labels}, or {@link
 * #release} frees it again when the label could not be written. Thread-safe.
 *
 * <p>The queue lives in memory: a console restarted forgets earlier verdicts, and an event that has
 * dropped out of the queue (older than its {@code capacity} newest REVIEWs) can no longer be judged
 * here. Verdicts are remembered longer than their items ({@link #VERDICTS_KEPT}), so a second
 * verdict on an event judged a while ago is still refused as a double submission.
 */
final class ReviewQueue {
  /** One REVIEW prediction as the analyst sees it. */
  record Item(
      String eventId,
      String entityId,
      double score,
      double threshold,
      long modelVersion,
      long scoredTime,
      List<Map<String, Object>> reasons,
      List<Map<String, Object>> features) {}

  /** What became of a claim. */
  enum Claim {
    /** The caller holds the item and must write the label, then call decided or release. */
    CLAIMED,
    /** No such event in the queue (never a REVIEW, or dropped out of it). */
    UNKNOWN,
    /** A verdict was already given, or is being written by another request. */
    ALREADY_DECIDED
  }

  static final int VERDICTS_KEPT = 10_000;
  private static final String PENDING = "pending";

  private final int capacity;
  // insertion order = arrival order; iterated backwards for newest first
  private final LinkedHashMap<String, Item> items = new LinkedHashMap<>();
  private final Map<String, String> verdicts =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > Math.max(VERDICTS_KEPT, capacity);
        }
      };

  ReviewQueue(int capacity) {
    this.capacity = capacity;
  }

  synchronized void add(Item item) {
    if (items.containsKey(item.eventId())) {
      return; // a re-scored event keeps its place and its verdict
    }
    items.put(item.eventId(), item);
    if (items.size() > capacity) {
      Iterator<String> oldest = items.keySet().iterator();
      oldest.next();
      oldest.remove(); // its verdict, if any, stays: see the class comment
    }
  }

  synchronized Claim claim(String eventId) {
    if (verdicts.containsKey(eventId)) {
      return Claim.ALREADY_DECIDED;
    }
    if (!items.containsKey(eventId)) {
      return Claim.UNKNOWN;
    }
    verdicts.put(eventId, PENDING);
    return Claim.CLAIMED;
  }

  synchronized void decided(String eventId, String verdict) {
    verdicts.put(eventId, verdict);
  }

  synchronized void release(String eventId) {
    verdicts.remove(eventId);
  }

  /** The verdict given on {@code eventId} ("fraud", "legitimate", "pending"), or null. */
  synchronized String verdict(String eventId) {
    return verdicts.get(eventId);
  }

  /** Up to {@code limit} items, newest first, each with its verdict (null while open). */
  synchronized List<Map<String, Object>> newestFirst(int limit) {
    List<Item> all = new ArrayList<>(items.values());
    List<Map<String, Object>> view = new ArrayList<>();
    for (int i = all.size() - 1; i >= 0 && view.size() < limit; i--) {
      Item item = all.get(i);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("eventId", item.eventId());
      row.put("entityId", item.entityId());
      row.put("score", item.score());
      row.put("threshold", item.threshold());
      row.put("modelVersion", item.modelVersion());
      row.put("scoredTime", item.scoredTime());
      row.put("reasons", item.reasons());
      row.put("features", item.features());
      row.put("verdict", verdicts.get(item.eventId()));
      view.add(row);
    }
    return view;
  }

  synchronized int open() {
    return (int) items.keySet().stream().filter(id -> !verdicts.containsKey(id)).count();
  }
}
