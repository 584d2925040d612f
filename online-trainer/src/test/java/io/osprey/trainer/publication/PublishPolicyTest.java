package io.osprey.trainer.publication;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PublishPolicyTest {
  private static final long MINUTE = Duration.ofMinutes(1).toMillis();

  @Test
  void publishesEveryNExamplesOrAfterTheInterval() {
    PublishPolicy policy = new PublishPolicy(512, Duration.ofMinutes(1));

    assertThat(policy.isDue(511, 1_000)).isFalse();
    assertThat(policy.isDue(512, 1_000)).isTrue();
    assertThat(policy.isDue(1, MINUTE - 1)).isFalse();
    assertThat(policy.isDue(1, MINUTE)).isTrue();
  }

  @Test
  void neverRepublishesAnUnchangedModel() {
    PublishPolicy policy = new PublishPolicy(512, Duration.ofMinutes(1));
    assertThat(policy.isDue(0, 10 * MINUTE)).isFalse();
  }

  @Test
  void zeroExamplesMeansTimeOnly() {
    PublishPolicy policy = new PublishPolicy(0, Duration.ofSeconds(10));
    assertThat(policy.isDue(1_000_000, 9_999)).isFalse();
    assertThat(policy.isDue(1, 10_000)).isTrue();
  }

  @Test
  void eventTimeTriggerFiresOnTheStreamsTimeWhateverTheWallClock() {
    PublishPolicy policy = new PublishPolicy(2048, Duration.ofHours(1), Duration.ofMinutes(15));

    // A flat-out replay: 100 examples, 20 ms of wall-clock time, but 15 minutes of event time.
    assertThat(policy.due(100, 20, 15 * MINUTE - 1, false)).isEmpty();
    assertThat(policy.due(100, 20, 15 * MINUTE, false)).contains(PublishPolicy.Trigger.EVENT_TIME);
    // Whichever comes first: the count.
    assertThat(policy.due(2048, 20, MINUTE, false)).contains(PublishPolicy.Trigger.COUNT);
    // Zero turns the event-time trigger off.
    PublishPolicy countOnly = new PublishPolicy(2048, Duration.ofHours(1));
    assertThat(countOnly.due(100, 20, 1_000 * MINUTE, false)).isEmpty();
  }

  @Test
  void clearlyBetterPublishesAtOnceButNeverAnUnchangedModel() {
    PublishPolicy policy = new PublishPolicy(2048, Duration.ofHours(1), Duration.ofMinutes(15));

    assertThat(policy.due(64, 20, MINUTE, true)).contains(PublishPolicy.Trigger.CLEARLY_BETTER);
    assertThat(policy.due(0, 20, MINUTE, true)).isEmpty();
    assertThat(policy.due(64, 20, MINUTE, false)).isEmpty();
  }
}
