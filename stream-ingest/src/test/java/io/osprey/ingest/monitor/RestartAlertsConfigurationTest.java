package io.osprey.ingest.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.platform.kafka.KafkaClients;
import io.osprey.platform.kafka.KafkaSecuritySettings;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.junit.jupiter.api.Test;

/** The restart alerts' producer is a {@link KafkaClients} profile, security included. */
class RestartAlertsConfigurationTest {

  @Test
  void theClientSecurityReachesTheAlertProducer() {
    KafkaClients secured =
        KafkaClients.from(
            Settings.empty()
                .with(CommonSettings.BOOTSTRAP_SERVERS, "broker-1:9093")
                .with(KafkaSecuritySettings.PROTOCOL, SecurityProtocol.SASL_PLAINTEXT)
                .with(KafkaSecuritySettings.SASL_USERNAME, "ingest")
                .with(KafkaSecuritySettings.SASL_PASSWORD, "secret"),
            name -> null);
    Configuration conf = new Configuration();

    RestartAlerts.configure(conf, secured, "prod.");

    Map<String, String> producer = RestartAlerts.producerProperties(conf);
    assertThat(producer)
        .containsEntry("bootstrap.servers", "broker-1:9093")
        .containsEntry("security.protocol", "SASL_PLAINTEXT")
        .containsEntry("client.id", "osprey-ingest-restart-alerts")
        .containsKey("sasl.jaas.config");
    secured
        .producer("osprey-ingest-restart-alerts")
        .forEach((key, value) -> assertThat(producer).containsEntry(key, String.valueOf(value)));
    assertThat(conf.get(RestartAlerts.TOPIC_PREFIX)).isEqualTo("prod.");
  }

  @Test
  void theBrokersAloneStillConfigureAnUnsecuredProducer() {
    Configuration conf = new Configuration();
    conf.set(RestartAlerts.BOOTSTRAP_SERVERS, "localhost:9092");

    assertThat(RestartAlerts.producerProperties(conf))
        .containsEntry("bootstrap.servers", "localhost:9092")
        .containsEntry("security.protocol", "PLAINTEXT");
  }
}
