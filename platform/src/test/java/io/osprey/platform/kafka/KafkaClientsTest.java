package io.osprey.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.platform.config.Settings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {
  private static final Map<String, String> NO_ENVIRONMENT = Map.of();

  private static KafkaClients clients(Map<String, String> values, Map<String, String> env) {
    return KafkaClients.from(Settings.of(values), env::get);
  }

  @Test
  void plaintextByDefault() {
    Map<String, Object> admin = clients(Map.of(), NO_ENVIRONMENT).admin();

    assertThat(admin)
        .containsEntry("bootstrap.servers", "localhost:9092")
        .containsEntry("security.protocol", "PLAINTEXT")
        .doesNotContainKeys("sasl.jaas.config", "sasl.mechanism");
  }

  @Test
  void everyProfileCarriesTheSaslLogin() {
    KafkaClients kafka =
        clients(
            Map.of(
                "kafka.bootstrap.servers", "broker:9094",
                "kafka.security.protocol", "SASL_SSL",
                "kafka.sasl.mechanism", "SCRAM-SHA-512",
                "kafka.sasl.username", "trainer",
                "kafka.sasl.password", "pa\"ss",
                "kafka.ssl.truststore.location", "/etc/osprey/ca.p12",
                "kafka.ssl.truststore.password", "changeit"),
            NO_ENVIRONMENT);

    for (Map<String, Object> profile :
        List.of(
            kafka.admin(),
            kafka.committedReader("r"),
            kafka.idempotentProducer("p"),
            kafka.transactionalProducer("t", "tx"))) {
      assertThat(profile)
          .containsEntry("bootstrap.servers", "broker:9094")
          .containsEntry("security.protocol", "SASL_SSL")
          .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
          .containsEntry(
              "sasl.jaas.config",
              "org.apache.kafka.common.security.scram.ScramLoginModule required"
                  + " username=\"trainer\" password=\"pa\\\"ss\";")
          .containsEntry("ssl.truststore.location", "/etc/osprey/ca.p12")
          .containsEntry("ssl.truststore.type", "PKCS12")
          .containsEntry("ssl.truststore.password", "changeit");
    }
    assertThat(kafka.streams("osprey-scorer"))
        .containsEntry("application.id", "osprey-scorer")
        .containsEntry("security.protocol", "SASL_SSL");
    assertThat(kafka.flink()).containsEntry("sasl.mechanism", "SCRAM-SHA-512");
  }

  @Test
  void profilesSayWhatTheyAre() {
    KafkaClients kafka = clients(Map.of(), NO_ENVIRONMENT);

    assertThat(kafka.committedReader("r")).containsEntry("isolation.level", "read_committed");
    assertThat(kafka.idempotentProducer("p"))
        .containsEntry("acks", "all")
        .containsEntry("enable.idempotence", true);
    assertThat(kafka.transactionalProducer("p", "osprey-trainer-0"))
        .containsEntry("transactional.id", "osprey-trainer-0")
        .containsEntry("enable.idempotence", true);
  }

  @Test
  void passwordFromTheEnvironmentAndNeverInToString() {
    KafkaClients kafka =
        clients(
            Map.of("kafka.security.protocol", "SASL_PLAINTEXT", "kafka.sasl.username", "cli"),
            Map.of(KafkaSecuritySettings.SASL_PASSWORD_ENV, "from-env-secret"));

    assertThat((String) kafka.admin().get("sasl.jaas.config")).contains("from-env-secret");
    assertThat(kafka.toString()).contains("cli").doesNotContain("from-env-secret");
  }

  @Test
  void mutualTlsAndPassThrough() {
    KafkaClients kafka =
        clients(
            Map.of(
                "kafka.security.protocol", "SSL",
                "kafka.ssl.keystore.location", "/etc/osprey/scorer.p12",
                "kafka.ssl.keystore.password", "ks",
                "kafka.ssl.keystore.type", "jks",
                "kafka.client.ssl.endpoint.identification.algorithm", "",
                "kafka.client.request.timeout.ms", "5000"),
            NO_ENVIRONMENT);

    assertThat(kafka.idempotentProducer("p"))
        .containsEntry("ssl.keystore.location", "/etc/osprey/scorer.p12")
        .containsEntry("ssl.keystore.type", "JKS")
        .containsEntry("ssl.endpoint.identification.algorithm", "")
        .containsEntry("request.timeout.ms", "5000")
        .doesNotContainKey("sasl.jaas.config");
  }

  @Test
  void saslWithoutUserIsRefused() {
    assertThatThrownBy(() -> clients(Map.of("kafka.security.protocol", "SASL_SSL"), NO_ENVIRONMENT))
        .hasMessageContaining("kafka.sasl.username");
  }

  @Test
  void settingsNeverPrintPasswords() {
    Settings settings = Settings.of(Map.of("kafka.sasl.password", "hunter2", "a", "b"));

    assertThat(settings.toString()).doesNotContain("hunter2").contains("a=b");
  }
}
