package io.osprey.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an analyst's verdict request into at most one label. The body must be {@code {"verdict":
 * "fraud"}} or {@code {"verdict": "legitimate"}}; the event must be in the {@link ReviewQueue} and
 * not yet judged. Every refusal says why and writes nothing; a label the broker did not acknowledge
 * leaves the verdict open, so the analyst can try again.
 */
final class ReviewDesk {
  private static final Logger LOG = LoggerFactory.getLogger(ReviewDesk.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final int MAX_BODY_BYTES = 1_024;

  /** An HTTP status and what the caller is told. */
  record Outcome(int status, String message) {
    boolean written() {
      return status == 200;
    }
  }

  private final ReviewQueue queue;
  private final LabelWriter labels;
  private final LongSupplier clock;

  ReviewDesk(ReviewQueue queue, LabelWriter labels, LongSupplier clock) {
    this.queue = queue;
    this.labels = labels;
    this.clock = clock;
  }

  Outcome submit(String eventId, byte[] body) {
    if (eventId == null || eventId.isBlank()) {
      return new Outcome(400, "the event id is missing: POST /api/review/{eventId}");
    }
    if (body.length > MAX_BODY_BYTES) {
      return new Outcome(413, "the body is over " + MAX_BODY_BYTES + " bytes");
    }
    Boolean fraud = parseVerdict(body);
    if (fraud == null) {
      return new Outcome(
          400, "the body must be {\"verdict\": \"fraud\"} or {\"verdict\": \"legitimate\"}");
    }
    switch (queue.claim(eventId)) {
      case UNKNOWN:
        return new Outcome(404, "event " + eventId + " is not in the review queue");
      case ALREADY_DECIDED:
        return new Outcome(
            409, "event " + eventId + " already has a verdict (" + queue.verdict(eventId) + ")");
      case CLAIMED:
      default:
        break;
    }
    String verdict = fraud ? "fraud" : "legitimate";
    try {
      labels.write(eventId, fraud, clock.getAsLong());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      queue.release(eventId);
      return new Outcome(503, "interrupted before the label was acknowledged; try again");
    } catch (Exception e) {
      queue.release(eventId);
      LOG.warn("Label for {} not written: {}", eventId, e.toString());
      return new Outcome(503, "the label could not be written (" + e.getMessage() + "); try again");
    }
    queue.decided(eventId, verdict);
    return new Outcome(200, "event " + eventId + " labelled " + verdict);
  }

  /** True for fraud, false for legitimate, null for anything else. */
  private static Boolean parseVerdict(byte[] body) {
    try {
      JsonNode node = JSON.readTree(body);
      if (node == null || !node.isObject() || node.size() != 1) {
        return null;
      }
      JsonNode verdict = node.get("verdict");
      if (verdict == null || !verdict.isTextual()) {
        return null;
      }
      return switch (verdict.textValue()) {
        case "fraud" -> Boolean.TRUE;
        case "legitimate" -> Boolean.FALSE;
        default -> null;
      };
    } catch (IOException e) {
      return null;
    }
  }
}
