package io.osprey.platform.kafka;

import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.platform.kafka.KafkaSecuritySettings.SaslMechanism;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * The security of a secured {@link EmbeddedKafka}: the SCRAM users and their passwords, and the
 * broker properties that make it authenticate and authorise.
 *
 * <p>Clients use SASL/SCRAM-SHA-256 on the client listener. The controller listener uses SASL/PLAIN
 * with a static user list instead, because SCRAM credentials are stored in the metadata the
 * controller serves: it cannot need them to let the broker in. No listener accepts anonymous
 * connections, and the {@code StandardAuthorizer} denies whatever no ACL allows.
 *
 * <p>Passwords are generated on first use and kept next to the broker's data in a file only the
 * owner may read, so a restarted demo logs in with the credentials its metadata holds. The local
 * multi-process cluster (system, {@code LocalCluster}) secures each of its nodes the same way.
 */
public final class BrokerSecurity {
  /** The user allowed everything: the broker itself, and whoever creates topics and ACLs. */
  public static final String SUPER_USER = "admin";

  static final String CREDENTIALS_FILE = "osprey-credentials.properties";
  private static final SaslMechanism CLIENT_MECHANISM = SaslMechanism.SCRAM_SHA_256;

  private final Map<String, String> passwords;

  private BrokerSecurity(Map<String, String> passwords) {
    this.passwords = Map.copyOf(passwords);
  }

  /**
   * The credentials of the broker in {@code logDir}: those written when it was formatted, or new
   * ones for {@code users} and the super user when it is about to be.
   *
   * @throws IllegalStateException when the directory holds a broker formatted without them
   */
  public static BrokerSecurity load(Path logDir, Collection<String> users) throws IOException {
    Path file = logDir.resolve(CREDENTIALS_FILE);
    if (Files.exists(file)) {
      Properties stored = new Properties();
      try (Reader reader = Files.newBufferedReader(file)) {
        stored.load(reader);
      }
      Map<String, String> passwords = new LinkedHashMap<>();
      stored.stringPropertyNames().forEach(u -> passwords.put(u, stored.getProperty(u)));
      for (String user : users) {
        if (!passwords.containsKey(user)) {
          throw new IllegalStateException(
              "the secured broker in " + logDir + " has no credentials for '" + user + "'");
        }
      }
      return new BrokerSecurity(passwords);
    }
    if (Files.exists(logDir.resolve("meta.properties"))) {
      throw new IllegalStateException(
          "the broker in "
              + logDir
              + " was formatted without security; secure a new data directory instead");
    }
    Map<String, String> passwords = new LinkedHashMap<>();
    SecureRandom random = new SecureRandom();
    passwords.put(SUPER_USER, newPassword(random));
    users.forEach(user -> passwords.putIfAbsent(user, newPassword(random)));
    Properties stored = new Properties();
    stored.putAll(passwords);
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try (Writer writer = Files.newBufferedWriter(file)) {
      stored.store(writer, "SCRAM passwords of the embedded broker's users");
    }
    return new BrokerSecurity(passwords);
  }

  private static String newPassword(SecureRandom random) {
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The formatter's {@code --add-scram} arguments: one SCRAM credential per user. */
  public List<String> scramArguments() {
    List<String> arguments = new ArrayList<>();
    passwords.forEach(
        (user, password) ->
            arguments.add(
                CLIENT_MECHANISM.kafkaName() + "=[name=" + user + ",password=" + password + "]"));
    return arguments;
  }

  /** Turns the unsecured broker properties into secured ones (same ports, loopback). */
  public void secure(Properties props, int brokerPort, int controllerPort) {
    String admin = passwords.get(SUPER_USER);
    props.put(
        "listeners",
        "SASL_PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    props.put("advertised.listeners", "SASL_PLAINTEXT://127.0.0.1:" + brokerPort);
    props.put("inter.broker.listener.name", "SASL_PLAINTEXT");
    props.put(
        "listener.security.protocol.map",
        "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
    props.put("sasl.enabled.mechanisms", CLIENT_MECHANISM.kafkaName());
    props.put("sasl.mechanism.inter.broker.protocol", CLIENT_MECHANISM.kafkaName());
    props.put(
        "listener.name.sasl_plaintext."
            + CLIENT_MECHANISM.kafkaName().toLowerCase(java.util.Locale.ROOT)
            + ".sasl.jaas.config",
        CLIENT_MECHANISM.jaasConfig(SUPER_USER, admin));
    props.put("sasl.mechanism.controller.protocol", SaslMechanism.PLAIN.kafkaName());
    props.put("listener.name.controller.sasl.enabled.mechanisms", SaslMechanism.PLAIN.kafkaName());
    // The PLAIN login module reads its users from user_<name> options: here only the super user,
    // which is who the broker is when it talks to its controller.
    props.put(
        "listener.name.controller.plain.sasl.jaas.config",
        "org.apache.kafka.common.security.plain.PlainLoginModule required"
            + " username=\""
            + SUPER_USER
            + "\" password=\""
            + admin
            + "\" user_"
            + SUPER_USER
            + "=\""
            + admin
            + "\";");
    props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    props.put("super.users", "User:" + SUPER_USER);
    props.put("allow.everyone.if.no.acl.found", "false");
  }

  /**
   * The client settings of {@code user} without the password, for a process that gets it from
   * {@link KafkaSecuritySettings#SASL_PASSWORD_ENV} instead of its command line.
   */
  public Settings settingsWithoutPassword(String user) {
    password(user);
    return Settings.empty()
        .with(KafkaSecuritySettings.PROTOCOL, SecurityProtocol.SASL_PLAINTEXT)
        .with(KafkaSecuritySettings.SASL_MECHANISM, CLIENT_MECHANISM)
        .with(KafkaSecuritySettings.SASL_USERNAME, user);
  }

  /** {@code user}'s password. */
  public String password(String user) {
    String password = passwords.get(user);
    if (password == null) {
      throw new IllegalArgumentException("the broker has no user '" + user + "'");
    }
    return password;
  }

  /** The client settings of {@code user}. */
  public Settings settings(String user) {
    String password = passwords.get(user);
    if (password == null) {
      throw new IllegalArgumentException("the embedded broker has no user '" + user + "'");
    }
    return Settings.empty()
        .with(KafkaSecuritySettings.PROTOCOL, SecurityProtocol.SASL_PLAINTEXT)
        .with(KafkaSecuritySettings.SASL_MECHANISM, CLIENT_MECHANISM)
        .with(KafkaSecuritySettings.SASL_USERNAME, user)
        .with(KafkaSecuritySettings.SASL_PASSWORD, password);
  }

  public KafkaClients clients(String bootstrap, String user) {
    return KafkaClients.from(
        settings(user).with(CommonSettings.BOOTSTRAP_SERVERS, bootstrap), name -> null);
  }
}
