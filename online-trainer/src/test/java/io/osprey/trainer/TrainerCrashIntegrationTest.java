package io.osprey.trainer;

import static io.osprey.platform.testing.KafkaTestSupport.RECORD_DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.osprey.model.registry.ModelsTopicReader;
import io.osprey.model.signing.ModelSigningSettings;
import io.osprey.model.signing.TestSigning;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.platform.kafka.KafkaClients;
import io.osprey.platform.kafka.TopicAdmin;
import io.osprey.platform.metrics.MetricsEndpoint;
import io.osprey.platform.testing.KafkaBroker;
import io.osprey.platform.testing.KafkaTestSupport;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.topic.OspreyTopics;
import io.osprey.trainer.testing.SyntheticPayments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Exactly-once training: a trainer process is killed ({@code SIGKILL}, no shutdown hook) while it
 * trains and publishes; a new one takes over. The lineage of published models must have learned
 * from every example exactly once.
 */
class TrainerCrashIntegrationTest {
  private static final String PREFIX = "eos.";
  private static final int FIRST_WAVE = 2_000;
  private static final int SECOND_WAVE = 500;
  private static final Duration PROCESS_DEADLINE = Duration.ofMinutes(4);

  @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();
  private static OspreyTopics topics;

  @BeforeAll
  static void startKafka() {
    topics = OspreyTopics.withPrefix(PREFIX);
    TopicAdmin.ensureTopics(kafka.bootstrapServers(), topics.all(), 2);
  }

  @Test
  void aKilledTrainerNeitherLosesNorDoubleCountsExamples() throws Exception {
    String bootstrap = kafka.bootstrapServers();
    Settings settings =
        TestSigning.settings()
            .with(CommonSettings.BOOTSTRAP_SERVERS, bootstrap)
            .with(CommonSettings.TOPIC_PREFIX, PREFIX)
            .with(TrainerSettings.CONSUMER_GROUP, "eos-trainer")
            .with(TrainerSettings.BATCH_SIZE, 32)
            .with(TrainerSettings.PUBLISH_EVERY_EXAMPLES, 256)
            .with(TrainerSettings.GATE_ENABLED, false) // every consumed example is trained
            .with(TrainerSettings.METRICS_PORT, 0);
    SyntheticPayments payments = new SyntheticPayments(41, 0.05);
    KafkaTestSupport.send(bootstrap, topics.trainingExamples(), payments.next(FIRST_WAVE));

    // A trainer process, killed once it has published a few versions.
    Path log = Files.createTempFile("osprey-killed-trainer-", ".log");
    Process doomed = startTrainerProcess(settings, log);
    try {
      // A cold JVM loading ND4J's natives on a busy 2-core machine: give it the longer deadline,
      // and stop waiting at once if it dies.
      committed(
          bootstrap,
          envelopes -> latestExamples(envelopes) >= 2 * 256 || !doomed.isAlive(),
          PROCESS_DEADLINE,
          () -> describe(doomed, log));
      assertThat(doomed.isAlive()).as(() -> describe(doomed, log)).isTrue();
    } finally {
      doomed.destroyForcibly();
      assertThat(doomed.waitFor(RECORD_DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }

    // What the killed process got to commit; its open transaction, if any, is past the end.
    List<ModelEnvelope> beforeKill = committed(bootstrap, null, RECORD_DEADLINE, () -> "");
    long learnedBeforeKill = latestExamples(beforeKill);
    assertThat(learnedBeforeKill).isGreaterThanOrEqualTo(2 * 256);

    KafkaTestSupport.send(bootstrap, topics.trainingExamples(), payments.next(SECOND_WAVE));
    int total = FIRST_WAVE + SECOND_WAVE;
    Settings quickPublish = settings.with(TrainerSettings.PUBLISH_INTERVAL, Duration.ofSeconds(1));
    try (OnlineTrainer successor =
        OnlineTrainer.start(quickPublish, MetricsEndpoint.newRegistry())) {
      List<ModelEnvelope> envelopes =
          committed(bootstrap, all -> latestExamples(all) >= total, RECORD_DEADLINE, () -> "");

      // Every example once: the final lineage has learned from exactly what was sent...
      assertThat(latest(envelopes).getTrainingWindow().getExamples()).isEqualTo(total);
      assertThat(envelopes)
          .extracting(ModelEnvelope::getVersion)
          .doesNotHaveDuplicates()
          .isSorted();
      // ...and the successor trained exactly what the last committed model had not seen.
      await()
          .atMost(RECORD_DEADLINE)
          .until(() -> successor.examplesTrained() == total - learnedBeforeKill);
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static ModelEnvelope latest(List<ModelEnvelope> envelopes) {
    return envelopes.get(envelopes.size() - 1);
  }

  private static long latestExamples(List<ModelEnvelope> envelopes) {
    return envelopes.isEmpty() ? 0 : latest(envelopes).getTrainingWindow().getExamples();
  }

  /**
   * Committed envelopes on {@code models} in offset order (an aborted publication of the killed
   * process must not count): polled until {@code done} holds, or to the end of what is decided when
   * {@code done} is null.
   */
  private static List<ModelEnvelope> committed(
      String bootstrap,
      Predicate<List<ModelEnvelope>> done,
      Duration within,
      Supplier<String> context) {
    List<ModelEnvelope> envelopes = new ArrayList<>();
    try (ModelsTopicReader reader =
        ModelsTopicReader.connect(
            KafkaClients.plaintext(bootstrap), topics.models(), "crash-test-models")) {
      long deadline = System.nanoTime() + within.toNanos();
      // Each read goes to the last stable offsets of the moment (read_committed).
      envelopes.addAll(reader.readNew(Optional.empty(), within));
      while (done != null && !done.test(envelopes)) {
        assertThat(System.nanoTime())
            .as(
                () ->
                    envelopes.size()
                        + " committed envelopes by the deadline, the latest having learned "
                        + latestExamples(envelopes)
                        + " examples. "
                        + context.get())
            .isLessThan(deadline);
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200)); // the next poll of the topic
        envelopes.addAll(reader.readNew(Optional.empty(), within));
      }
    }
    // The model's envelopes share a key, hence a partition: offset order is version order.
    return envelopes;
  }

  /** Whether the process lives, and the end of its log: what a failure here needs to show. */
  private static String describe(Process process, Path log) {
    String state =
        process.isAlive()
            ? "The trainer process is alive"
            : "The trainer process exited with code " + process.exitValue();
    try {
      List<String> lines = Files.readAllLines(log);
      List<String> tail = lines.subList(Math.max(0, lines.size() - 40), lines.size());
      return state + "; the end of its log:\n" + String.join("\n", tail);
    } catch (IOException e) {
      return state + "; its log is unreadable: " + e;
    }
  }

  /** {@link TrainerMain} in a JVM of its own, on this test's classpath. */
  private static Process startTrainerProcess(Settings settings, Path log) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    String trust = "org.apache.avro.SERIALIZABLE_PACKAGES";
    command.add("-D" + trust + "=" + System.getProperty(trust, "io.osprey.schema"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(TrainerMain.class.getName());
    for (Map.Entry<String, String> entry : settingsOf(settings).entrySet()) {
      command.add(entry.getKey() + "=" + entry.getValue());
    }
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  private static Map<String, String> settingsOf(Settings settings) {
    Map<String, String> values = new java.util.HashMap<>();
    for (io.osprey.platform.config.Setting<?> setting :
        List.of(
            CommonSettings.BOOTSTRAP_SERVERS,
            CommonSettings.TOPIC_PREFIX,
            TrainerSettings.CONSUMER_GROUP,
            TrainerSettings.BATCH_SIZE,
            TrainerSettings.PUBLISH_EVERY_EXAMPLES,
            TrainerSettings.GATE_ENABLED,
            TrainerSettings.METRICS_PORT,
            ModelSigningSettings.SIGNING_KEY_FILE,
            ModelSigningSettings.TRUSTED_KEYS)) {
      values.put(setting.key(), String.valueOf(settings.get(setting)));
    }
    return values;
  }
}
