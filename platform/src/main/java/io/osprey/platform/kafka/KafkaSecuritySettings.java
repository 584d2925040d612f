package io.osprey.platform.kafka;

import io.osprey.platform.config.Setting;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * How every Osprey Kafka client authenticates and encrypts: read once by {@link KafkaClients}, so a
 * secured cluster needs these keys set in one place, not per component. Passwords are never logged;
 * {@code kafka.sasl.password} may instead come from the environment variable {@value
 * #SASL_PASSWORD_ENV}, so it need not sit in a properties file.
 */
public final class KafkaSecuritySettings {
  /** The environment variable read when {@code kafka.sasl.password} is not set. */
  public static final String SASL_PASSWORD_ENV = "OSPREY_KAFKA_SASL_PASSWORD";

  /**
   * Prefix of any other Kafka client property, passed through to every client as is: {@code
   * kafka.client.ssl.endpoint.identification.algorithm=} becomes {@code
   * ssl.endpoint.identification.algorithm=}.
   */
  public static final String CLIENT_PROPERTY_PREFIX = "kafka.client.";

  public static final Setting<SecurityProtocol> PROTOCOL =
      Setting.choice(
          "kafka.security.protocol",
          "How clients talk to the brokers: PLAINTEXT, SSL (TLS, mTLS with a keystore),"
              + " SASL_PLAINTEXT or SASL_SSL.",
          SecurityProtocol.class,
          SecurityProtocol.PLAINTEXT);

  public static final Setting<SaslMechanism> SASL_MECHANISM =
      Setting.choice(
          "kafka.sasl.mechanism",
          "SASL mechanism for the SASL protocols: SCRAM-SHA-256, SCRAM-SHA-512 or PLAIN.",
          SaslMechanism.class,
          SaslMechanism.SCRAM_SHA_256);

  public static final Setting<String> SASL_USERNAME =
      Setting.text("kafka.sasl.username", "SASL user (the principal ACLs name).", "");

  public static final Setting<String> SASL_PASSWORD =
      Setting.text(
          "kafka.sasl.password",
          "SASL password; when unset, read from " + SASL_PASSWORD_ENV + ". Never logged.",
          "");

  public static final Setting<String> TRUSTSTORE_LOCATION =
      Setting.text(
          "kafka.ssl.truststore.location",
          "Truststore with the CA that signed the brokers' certificates (SSL, SASL_SSL).",
          "");

  public static final Setting<String> TRUSTSTORE_PASSWORD =
      Setting.text("kafka.ssl.truststore.password", "Truststore password. Never logged.", "");

  public static final Setting<String> TRUSTSTORE_TYPE =
      Setting.text("kafka.ssl.truststore.type", "Truststore type: PKCS12, JKS or PEM.", "PKCS12");

  public static final Setting<String> KEYSTORE_LOCATION =
      Setting.text(
          "kafka.ssl.keystore.location",
          "Keystore with this client's certificate, for mutual TLS; empty for none.",
          "");

  public static final Setting<String> KEYSTORE_PASSWORD =
      Setting.text("kafka.ssl.keystore.password", "Keystore password. Never logged.", "");

  public static final Setting<String> KEYSTORE_TYPE =
      Setting.text("kafka.ssl.keystore.type", "Keystore type: PKCS12, JKS or PEM.", "PKCS12");

  public static final Setting<String> KEY_PASSWORD =
      Setting.text(
          "kafka.ssl.key.password",
          "Password of the private key in the keystore, if it differs. Never logged.",
          "");

  /** The SASL mechanisms Osprey configures a login module for. */
  public enum SaslMechanism {
    SCRAM_SHA_256("SCRAM-SHA-256", "org.apache.kafka.common.security.scram.ScramLoginModule"),
    SCRAM_SHA_512("SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule"),
    PLAIN("PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule");

    private final String kafkaName;
    private final String loginModule;

    SaslMechanism(String kafkaName, String loginModule) {
      this.kafkaName = kafkaName;
      this.loginModule = loginModule;
    }

    /** The name Kafka's {@code sasl.mechanism} expects. */
    public String kafkaName() {
      return kafkaName;
    }

    /** A {@code sasl.jaas.config} value logging in as {@code username}. */
    public String jaasConfig(String username, String password) {
      return loginModule
          + " required username=\""
          + quoted(username)
          + "\" password=\""
          + quoted(password)
          + "\";";
    }

    private static String quoted(String value) {
      return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    @Override
    public String toString() {
      return kafkaName;
    }
  }

  private KafkaSecuritySettings() {}
}
