package io.osprey.trainer.learning;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts a learner's gradient steps that were not taken because they would have made its state
 * non-finite, and logs the 1st, 10th, 100th... so a stream of them is visible but never a flood.
 */
final class RefusedSteps {
  private static final Logger LOG = LoggerFactory.getLogger(RefusedSteps.class);

  private long count;

  void refused(String learner) {
    count++;
    if (Long.toString(count).matches("10*")) {
      LOG.warn(
          "{}: {} gradient step(s) not taken so far (the loss or a weight would not have been"
              + " finite); the model keeps its previous weights",
          learner,
          count);
    }
  }

  long count() {
    return count;
  }
}
