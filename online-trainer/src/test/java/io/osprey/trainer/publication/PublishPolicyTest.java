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
}
