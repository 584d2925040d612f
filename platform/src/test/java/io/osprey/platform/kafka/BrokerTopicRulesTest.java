package io.osprey.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BrokerTopicRulesTest {
  private static final BrokerTopicRules ONE_NODE_DEMO = new BrokerTopicRules(1, 1, 1);
  private static final BrokerTopicRules PRODUCTION = new BrokerTopicRules(3, 3, 2);

  @Test
  void zeroTakesTheBrokersDefault() {
    assertThat(ONE_NODE_DEMO.replicationFactorFor(0)).isEqualTo((short) 1);
    assertThat(PRODUCTION.replicationFactorFor(0)).isEqualTo((short) 3);
  }

  @Test
  void anExplicitFactorWithinTheRulesIsKept() {
    assertThat(PRODUCTION.replicationFactorFor(2)).isEqualTo((short) 2);
  }

  @Test
  void refusesAFactorBelowMinInsyncReplicasNamingTheSetting() {
    assertThatThrownBy(() -> PRODUCTION.replicationFactorFor(1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("topics.replication.factor=1")
        .hasMessageContaining("min.insync.replicas=2")
        .hasMessageContaining("topics.create=false");
  }

  @Test
  void refusesABrokerDefaultBelowMinInsyncReplicas() {
    assertThatThrownBy(() -> new BrokerTopicRules(3, 1, 2).replicationFactorFor(0))
        .hasMessageContaining(
            "topics.replication.factor=0 (the brokers' default.replication.factor=1)")
        .hasMessageContaining("at least 2");
  }

  @Test
  void refusesMoreReplicasThanBrokers() {
    assertThatThrownBy(() -> ONE_NODE_DEMO.replicationFactorFor(3))
        .hasMessageContaining("topics.replication.factor=3")
        .hasMessageContaining("1 broker(s)");
  }
}
