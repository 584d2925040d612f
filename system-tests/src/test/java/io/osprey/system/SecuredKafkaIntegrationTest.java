package io.osprey.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.platform.kafka.EmbeddedKafka;
import io.osprey.platform.kafka.KafkaClients;
import io.osprey.platform.kafka.KafkaSecuritySettings;
import io.osprey.platform.kafka.TopicAdmin;
import io.osprey.schema.topic.OspreyTopics;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded broker secured as the demo secures it ({@code demo.kafka.secured=true}): SCRAM
 * logins and {@link OspreyPrincipals}' ACLs. Who may write the {@code models} topic is the point: a
 * model decides every payment.
 */
class SecuredKafkaIntegrationTest {
  private static final OspreyTopics TOPICS = OspreyTopics.withPrefix("");
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startSecuredBroker() {
    kafka = EmbeddedKafka.startTemporarySecured(OspreyPrincipals.USERS);
    kafka.grant(OspreyPrincipals.acls(Settings.empty()));
    TopicAdmin.ensureTopics(kafka.superUserClients(), TOPICS.all(), 1);
  }

  @AfterAll
  static void stopBroker() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void producersCannotWriteModels() {
    assertThatThrownBy(() -> send(kafka.clients(OspreyPrincipals.PRODUCER), TOPICS.models().name()))
        .hasCauseInstanceOf(TopicAuthorizationException.class);
    assertThatThrownBy(() -> send(kafka.clients(OspreyPrincipals.SCORER), TOPICS.models().name()))
        .hasCauseInstanceOf(TopicAuthorizationException.class);
  }

  @Test
  void theTrainerAndTheCliCanWriteModels() throws Exception {
    assertThat(send(kafka.clients(OspreyPrincipals.TRAINER), TOPICS.models().name()).offset())
        .isNotNegative();
    assertThat(send(kafka.clients(OspreyPrincipals.CLI), TOPICS.models().name()).offset())
        .isNotNegative();
  }

  @Test
  void producersWriteOnlyPaymentsAndLabels() throws Exception {
    KafkaClients producer = kafka.clients(OspreyPrincipals.PRODUCER);

    assertThat(send(producer, TOPICS.transactions().name()).offset()).isNotNegative();
    assertThat(send(producer, TOPICS.labels().name()).offset()).isNotNegative();
    assertThatThrownBy(() -> send(producer, TOPICS.predictions().name()))
        .hasCauseInstanceOf(TopicAuthorizationException.class);
  }

  @Test
  void anUnauthenticatedClientCannotWriteAnything() {
    KafkaClients anonymous = KafkaClients.plaintext(kafka.bootstrapServers());

    assertThatThrownBy(() -> send(anonymous, TOPICS.models().name()))
        .hasCauseInstanceOf(TimeoutException.class);
  }

  @Test
  void aWrongPasswordIsRefused() {
    KafkaClients impostor =
        KafkaClients.from(
            kafka
                .clientSettings(OspreyPrincipals.TRAINER)
                .with(KafkaSecuritySettings.SASL_PASSWORD, "guessed"),
            name -> null);

    assertThatThrownBy(() -> send(impostor, TOPICS.models().name()))
        .hasCauseInstanceOf(SaslAuthenticationException.class);
  }

  @Test
  void theClientSettingsNameTheBrokerAndTheUser() {
    Settings settings = kafka.clientSettings(OspreyPrincipals.CLI);

    assertThat(settings.get(CommonSettings.BOOTSTRAP_SERVERS)).isEqualTo(kafka.bootstrapServers());
    assertThat(settings.get(KafkaSecuritySettings.SASL_USERNAME)).isEqualTo("cli");
    assertThat(settings.toString())
        .doesNotContain(settings.get(KafkaSecuritySettings.SASL_PASSWORD));
  }

  /**
   * One record to {@code topic}, acknowledged; a refusal surfaces as the cause of the send's {@link
   * ExecutionException}.
   */
  private static RecordMetadata send(KafkaClients clients, String topic) throws Exception {
    Map<String, Object> config = clients.idempotentProducer("security-test");
    // An unauthenticated client never gets metadata; fail in seconds, not after a minute.
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      byte[] key = "probe".getBytes(StandardCharsets.UTF_8); // models is compacted: keys needed
      return producer.send(new ProducerRecord<>(topic, key, key)).get();
    }
  }
}
