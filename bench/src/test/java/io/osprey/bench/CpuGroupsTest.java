package io.osprey.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CpuGroupsTest {
  private final CpuGroups.Namer namer = CpuGroups.namer();

  @Test
  void flinkTaskThreadsGoToTheGroupOfTheirChain() {
    assertThat(namer.groupOf("keyed-features (2/2)#0")).isEqualTo(CpuGroups.FLINK_KEYS);
    assertThat(namer.groupOf("label-keys (1/2)#0")).isEqualTo(CpuGroups.FLINK_KEYS);
    assertThat(namer.groupOf("gather-keys -> dedupe-event-id -> features-sink: Writer (1/2)#0"))
        .isEqualTo(CpuGroups.FLINK_JOIN);
    assertThat(namer.groupOf("dedupe -> entity-features (1/2)#0"))
        .isEqualTo(CpuGroups.FLINK_FEATURES);
    assertThat(namer.groupOf("AsyncOperations-thread-1")).isEqualTo(CpuGroups.FLINK_OTHER);
  }

  @Test
  void threadsNoGroupClaimsAreTheBrokers() {
    assertThat(namer.groupOf("data-plane-kafka-request-handler-0")).isEqualTo(CpuGroups.REST);
  }
}
