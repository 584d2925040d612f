package io.osprey.platform.kafka;

import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.platform.kafka.KafkaSecuritySettings.SaslMechanism;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * Every Kafka client of Osprey starts from here: one place decides where the brokers are and how a
 * client authenticates ({@link KafkaSecuritySettings}), and each named profile adds what its kind
 * of client needs. A component adds only its own specifics (linger, group id, client id) to the map
 * a profile returns; it never writes a bootstrap or security property itself.
 *
 * <p>The maps returned are fresh and mutable, so a caller may add to them.
 */
public final class KafkaClients {
  /** Kafka Streams' {@code application.id}, spelt here so that platform needs no Streams jar. */
  private static final String STREAMS_APPLICATION_ID = "application.id";

  private final String bootstrapServers;
  private final Map<String, Object> clientWide;
  private final String description;

  private KafkaClients(
      String bootstrapServers, Map<String, Object> clientWide, String description) {
    this.bootstrapServers = bootstrapServers;
    this.clientWide = Map.copyOf(clientWide);
    this.description = description;
  }

  /** Clients of the brokers and with the security of {@code settings}. */
  public static KafkaClients from(Settings settings) {
    return from(settings, System::getenv);
  }

  /**
   * As {@link #from(Settings)}, reading environment variables through {@code environment} (tests
   * pass a map).
   *
   * @throws IllegalArgumentException when a SASL protocol is chosen without a user
   */
  public static KafkaClients from(Settings settings, UnaryOperator<String> environment) {
    Map<String, Object> props = new HashMap<>();
    SecurityProtocol protocol = settings.get(KafkaSecuritySettings.PROTOCOL);
    props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol.name);
    String description = protocol.name;
    if (protocol == SecurityProtocol.SASL_PLAINTEXT || protocol == SecurityProtocol.SASL_SSL) {
      SaslMechanism mechanism = settings.get(KafkaSecuritySettings.SASL_MECHANISM);
      String user = settings.get(KafkaSecuritySettings.SASL_USERNAME);
      String password = settings.get(KafkaSecuritySettings.SASL_PASSWORD);
      if (password.isEmpty()) {
        String fromEnvironment = environment.apply(KafkaSecuritySettings.SASL_PASSWORD_ENV);
        password = fromEnvironment == null ? "" : fromEnvironment;
      }
      if (user.isEmpty()) {
        throw new IllegalArgumentException(
            KafkaSecuritySettings.PROTOCOL.key()
                + "="
                + protocol.name
                + " needs "
                + KafkaSecuritySettings.SASL_USERNAME.key());
      }
      props.put(SaslConfigs.SASL_MECHANISM, mechanism.kafkaName());
      props.put(SaslConfigs.SASL_JAAS_CONFIG, mechanism.jaasConfig(user, password));
      description += " as " + user + " (" + mechanism.kafkaName() + ")";
    }
    if (protocol == SecurityProtocol.SSL || protocol == SecurityProtocol.SASL_SSL) {
      putStore(
          props,
          settings.get(KafkaSecuritySettings.TRUSTSTORE_LOCATION),
          settings.get(KafkaSecuritySettings.TRUSTSTORE_PASSWORD),
          settings.get(KafkaSecuritySettings.TRUSTSTORE_TYPE),
          SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG,
          SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG,
          SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG);
      putStore(
          props,
          settings.get(KafkaSecuritySettings.KEYSTORE_LOCATION),
          settings.get(KafkaSecuritySettings.KEYSTORE_PASSWORD),
          settings.get(KafkaSecuritySettings.KEYSTORE_TYPE),
          SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG,
          SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG,
          SslConfigs.SSL_KEYSTORE_TYPE_CONFIG);
      String keyPassword = settings.get(KafkaSecuritySettings.KEY_PASSWORD);
      if (!keyPassword.isEmpty()) {
        props.put(SslConfigs.SSL_KEY_PASSWORD_CONFIG, keyPassword);
      }
      if (!settings.get(KafkaSecuritySettings.KEYSTORE_LOCATION).isEmpty()) {
        description += ", client certificate";
      }
    }
    // Anything else a cluster needs (timeouts, SSL details, OAuth) passes through unchanged; it
    // comes last so that a deliberate override wins over the typed keys.
    props.putAll(settings.withPrefix(KafkaSecuritySettings.CLIENT_PROPERTY_PREFIX));
    return new KafkaClients(settings.get(CommonSettings.BOOTSTRAP_SERVERS), props, description);
  }

  /** Unsecured clients of {@code bootstrapServers}: the embedded broker of tests and demo. */
  public static KafkaClients plaintext(String bootstrapServers) {
    return from(Settings.empty().with(CommonSettings.BOOTSTRAP_SERVERS, bootstrapServers));
  }

  private static void putStore(
      Map<String, Object> props,
      String location,
      String password,
      String type,
      String locationKey,
      String passwordKey,
      String typeKey) {
    if (location.isEmpty()) {
      return;
    }
    props.put(locationKey, location);
    props.put(typeKey, type.toUpperCase(Locale.ROOT));
    if (!password.isEmpty()) {
      props.put(passwordKey, password);
    }
  }

  /** The same security towards other brokers (a broker started after the settings were read). */
  public KafkaClients withBootstrapServers(String servers) {
    return new KafkaClients(servers, clientWide, description);
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The brokers and the security of every client: bootstrap plus the client-wide properties. */
  public Map<String, Object> common() {
    Map<String, Object> props = new HashMap<>(clientWide);
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return props;
  }

  /** An admin client. */
  public Map<String, Object> admin() {
    return common();
  }

  /** A consumer as Kafka configures it by default (read_uncommitted). */
  public Map<String, Object> reader(String clientId) {
    Map<String, Object> props = common();
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    return props;
  }

  /** A consumer that sees only committed transactions: what every reader of Osprey's output is. */
  public Map<String, Object> committedReader(String clientId) {
    Map<String, Object> props = reader(clientId);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return props;
  }

  /** A producer with Kafka's defaults apart from its client id. */
  public Map<String, Object> producer(String clientId) {
    Map<String, Object> props = common();
    props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    return props;
  }

  /** A producer whose retries never duplicate or reorder: acknowledged by all replicas. */
  public Map<String, Object> idempotentProducer(String clientId) {
    Map<String, Object> props = producer(clientId);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return props;
  }

  /** An idempotent producer that writes in transactions under {@code transactionalId}. */
  public Map<String, Object> transactionalProducer(String clientId, String transactionalId) {
    Map<String, Object> props = idempotentProducer(clientId);
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    return props;
  }

  /** A Kafka Streams application; its embedded clients inherit the client-wide properties. */
  public Properties streams(String applicationId) {
    Properties props = new Properties();
    props.putAll(common());
    props.put(STREAMS_APPLICATION_ID, applicationId);
    return props;
  }

  /**
   * The properties of a Flink {@code KafkaSource} or {@code KafkaSink} ({@code setProperties},
   * {@code setKafkaProducerConfig}): brokers and security; the connector's builder adds the rest.
   */
  public Properties flink() {
    Properties props = new Properties();
    common().forEach((key, value) -> props.setProperty(key, String.valueOf(value)));
    return props;
  }

  /** Where the clients connect and how they authenticate, without any secret: for logs. */
  @Override
  public String toString() {
    return bootstrapServers + " (" + description + ")";
  }
}
