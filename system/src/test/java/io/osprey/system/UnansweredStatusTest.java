package io.osprey.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** When status requests of the Flink job that time out make it count as lost. */
class UnansweredStatusTest {
  private static final Duration LIMIT = EmbeddedFlink.UNANSWERED_LIMIT;
  private static final long NANO = 1;

  /** A clock the test moves; it starts at 0, a valid {@code nanoTime}. */
  private final AtomicLong clock = new AtomicLong();

  private final UnansweredStatus status = new UnansweredStatus(LIMIT, clock::get);

  private void advance(Duration by) {
    clock.addAndGet(by.toNanos());
  }

  @Test
  void timeoutsShorterThanTheLimitAreTolerated() {
    assertThat(status.timedOut()).isEmpty(); // the first, at nanoTime 0
    advance(LIMIT.minusNanos(NANO));

    assertThat(status.timedOut()).isEmpty();
  }

  @Test
  void noAnswerForTheLimitIsReported() {
    status.timedOut();
    advance(LIMIT);

    assertThat(status.timedOut())
        .hasValue("the Flink job has not answered a status request for " + LIMIT);
    advance(Duration.ofSeconds(5));
    assertThat(status.timedOut()).isPresent(); // and stays so while none is answered
  }

  @Test
  void theLimitCountsFromTheFirstUnansweredRequestNotFromStart() {
    advance(LIMIT.multipliedBy(3)); // answered all along

    assertThat(status.timedOut()).isEmpty();
  }

  @Test
  void anAnswerStartsTheCountAgain() {
    status.timedOut();
    advance(LIMIT.minusSeconds(1));
    status.answered();
    advance(Duration.ofSeconds(2)); // 61 s since the first timeout, 2 s since the answer

    assertThat(status.timedOut()).isEmpty();
    advance(LIMIT.minusNanos(NANO));
    assertThat(status.timedOut()).isEmpty();
    advance(Duration.ofNanos(NANO));
    assertThat(status.timedOut()).isPresent();
  }
}
