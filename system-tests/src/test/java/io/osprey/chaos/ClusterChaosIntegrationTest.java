package io.osprey.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.osprey.cli.OspreyCli;
import io.osprey.platform.config.Settings;
import io.osprey.platform.kafka.KafkaClients;
import io.osprey.schema.Transaction;
import io.osprey.schema.codec.JsonCodec;
import io.osprey.schema.topic.OspreyTopics;
import io.osprey.system.cluster.ClusterSettings;
import io.osprey.system.cluster.Launcher;
import io.osprey.system.cluster.LocalCluster;
import io.osprey.system.cluster.ProcessStatus;
import io.osprey.testing.PaymentLedger;
import io.osprey.testing.TopicReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Chaos on the multi-process cluster ({@code ./osprey cluster up}): while the simulator sends
 * payments, SIGKILLs one process at a time (a broker, a task manager, the job manager, a scorer,
 * the trainer) and restarts it as an orchestrator would, measuring per process how long until it is
 * healthy again and until a payment sent right after the kill has its prediction. At the end, with
 * the simulator stopped and the backlog drained: every payment sent has a prediction (or a dead
 * letter saying why not), no payment has two different decisions, and the trainer's model versions
 * on {@code models} follow each other with no gap and no repeat.
 *
 * <p>Opt-in (ten JVMs; minutes on two cores): {@code -Dosprey.cluster.chaos=true}, rounds with
 * {@code -Dosprey.cluster.chaos.rounds=N}, on SASL/SCRAM with ACLs with {@code
 * -Dosprey.cluster.chaos.secured=true} (deploy/cluster/README.md). The scorers run with the
 * cluster's guarantee ({@code cluster.scoring.guarantee}, exactly-once); {@code
 * -Dosprey.cluster.chaos.scoring.guarantee=at_least_once} shows what that prevents.
 */
@Timeout(value = 60, unit = TimeUnit.MINUTES)
class ClusterChaosIntegrationTest {
  private static final boolean ENABLED = Boolean.getBoolean("osprey.cluster.chaos");
  private static final boolean SECURED = Boolean.getBoolean("osprey.cluster.chaos.secured");
  // Unset: the cluster's default (cluster.scoring.guarantee); at_least_once shows what it prevents.
  private static final String SCORING_GUARANTEE =
      System.getProperty("osprey.cluster.chaos.scoring.guarantee", "");
  private static final int ROUNDS = Integer.getInteger("osprey.cluster.chaos.rounds", 1);
  private static final int RATE = Integer.getInteger("osprey.cluster.chaos.rate", 50);
  private static final Duration BETWEEN_KILLS =
      Duration.ofSeconds(Integer.getInteger("osprey.cluster.chaos.between.seconds", 20));
  private static final List<String> VICTIMS =
      List.of("kafka-2", "flink-taskmanager-1", "flink-jobmanager", "scorer-1", "trainer");
  private static final Duration RECOVERY_DEADLINE = Duration.ofMinutes(5);
  private static final Duration DRAIN_DEADLINE = Duration.ofMinutes(8);
  private static final OspreyTopics TOPICS = OspreyTopics.withPrefix("");

  private final JsonCodec<Transaction> json = JsonCodec.of(Transaction.class);

  @Test
  void killingEachProcessLosesNothingConflictsNothingAndKeepsModelVersionsContiguous()
      throws Exception {
    assumeTrue(ENABLED, "opt-in: -Dosprey.cluster.chaos=true (see deploy/cluster/README.md)");
    Path dir = Files.createTempDirectory("osprey-cluster-chaos-");
    Map<String, String> values =
        new HashMap<>(
            Map.ofEntries(
                Map.entry(ClusterSettings.DIR.key(), dir.toString()),
                Map.entry(ClusterSettings.FLINK_LIB.key(), "../flink-lib/target/lib"),
                Map.entry(ClusterSettings.INGEST_JOB_JAR.key(), "../stream-ingest/target"),
                Map.entry(ClusterSettings.KAFKA_SECURED.key(), String.valueOf(SECURED)),
                Map.entry("simulator.rate", String.valueOf(RATE)),
                Map.entry("simulator.malformed.rate", "0"),
                Map.entry("simulator.fraud.rate", "0.05"),
                Map.entry("simulator.label.delay", "1s"),
                Map.entry("ingest.maturity.window", "10s"),
                Map.entry("ingest.checkpoint.interval", "5s"),
                Map.entry("trainer.publish.every.examples", "128")));
    if (!SCORING_GUARANTEE.isBlank()) {
      values.put(ClusterSettings.SCORING_GUARANTEE.key(), SCORING_GUARANTEE);
    }
    Settings settings = Settings.of(values);
    System.out.printf(
        "chaos: scorers %s%n",
        ClusterSettings.SCORING_GUARANTEE.textOf(settings.get(ClusterSettings.SCORING_GUARANTEE)));
    LocalCluster cluster =
        LocalCluster.create(
            settings,
            new Launcher(OspreyCli.class.getName(), System.getProperty("java.class.path")),
            System.out);
    try {
      long start = System.nanoTime();
      cluster.up();
      System.out.printf("chaos: cluster up in %.1f s%n", (System.nanoTime() - start) / 1e9);
      List<ProcessStatus> status = cluster.status();
      System.out.print(ProcessStatus.table(status));
      assertThat(status).allMatch(ProcessStatus::healthy);

      KafkaClients kafka = cluster.clients();
      TopicReader predictions = new TopicReader(kafka, TOPICS.predictions().name());
      Map<String, List<Recovery>> recoveries = new LinkedHashMap<>();
      for (int round = 0; round < ROUNDS; round++) {
        for (String victim : VICTIMS) {
          awaitFlowing(predictions);
          Recovery recovery = killAndRestart(cluster, kafka, victim, round);
          recoveries.computeIfAbsent(victim, v -> new ArrayList<>()).add(recovery);
          System.out.printf(
              "chaos: round %d %-20s healthy after %5.1f s, probe scored after %5.1f s%n",
              round, victim, recovery.healthySeconds, recovery.scoredSeconds);
        }
      }
      cluster.stop("simulator");

      PaymentLedger ledger =
          new PaymentLedger(TopicReader.readAll(kafka, TOPICS.transactions().name()));
      await()
          .atMost(DRAIN_DEADLINE)
          .pollInterval(Duration.ofSeconds(2))
          .until(
              () -> {
                ledger.read(kafka);
                return ledger.unaccounted().isEmpty();
              });
      List<Long> versions = PaymentLedger.modelVersions(kafka);
      System.out.printf(
          "chaos: %d rounds; %,d payments, %,d predictions, %,d re-scored, %,d dead letters,"
              + " %,d with two decisions; model versions %s%n",
          ROUNDS,
          ledger.payments(),
          ledger.predictionCount(),
          ledger.rescored(),
          ledger.deadLettered(),
          ledger.conflicting().size(),
          versions.isEmpty()
              ? "none"
              : versions.get(0)
                  + ".."
                  + versions.get(versions.size() - 1)
                  + " ("
                  + versions.size()
                  + ")");
      recoveries.forEach(
          (victim, list) -> System.out.printf("chaos: recovery %-20s %s%n", victim, list));
      assertThat(ledger.unaccounted()).isEmpty();
      assertThat(ledger.conflicting()).isEmpty();
      assertThat(versions).isNotEmpty();
      for (int i = 1; i < versions.size(); i++) {
        assertThat(versions.get(i))
            .as("model version after %d", versions.get(i - 1))
            .isEqualTo(versions.get(i - 1) + 1);
      }
    } finally {
      cluster.down();
    }
  }

  /** Seconds from the SIGKILL until the process was healthy again and a fresh payment scored. */
  record Recovery(double healthySeconds, double scoredSeconds) {
    @Override
    public String toString() {
      return String.format("healthy %.1f s, scored %.1f s", healthySeconds, scoredSeconds);
    }
  }

  private Recovery killAndRestart(
      LocalCluster cluster, KafkaClients kafka, String victim, int round) throws Exception {
    try (KafkaConsumer<byte[], byte[]> watch = predictionWatch(kafka)) {
      long killed = System.nanoTime();
      assertThat(cluster.kill(victim)).as("%s was running", victim).isTrue();
      String probe = "probe-" + round + "-" + victim;
      sendProbe(kafka, probe);
      cluster.restart(victim);
      await()
          .atMost(RECOVERY_DEADLINE)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  cluster.check(victim).healthy()
                      && (!victim.startsWith("flink") || cluster.ingestJobRunning()));
      double healthy = (System.nanoTime() - killed) / 1e9;
      long deadline = System.nanoTime() + RECOVERY_DEADLINE.toNanos();
      while (!seen(watch, probe)) {
        assertThat(System.nanoTime()).as("probe %s scored in time", probe).isLessThan(deadline);
      }
      return new Recovery(healthy, (System.nanoTime() - killed) / 1e9);
    }
  }

  /**
   * Waits until the pipeline has scored {@code between.seconds} worth of simulated payments since
   * the last kill, so that checkpoints, offset commits and model publications happen in between.
   * Predictions are counted as records read, not as end offsets: exactly-once scorers also write a
   * transaction marker per partition and commit (every 100 ms), which at this rate would count
   * about as much as the predictions themselves and halve the wait.
   */
  private static void awaitFlowing(TopicReader predictions) {
    predictions.readNew(); // up to now
    long[] scored = {0};
    await()
        .atMost(RECOVERY_DEADLINE)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> (scored[0] += predictions.readNew().size()) >= RATE * BETWEEN_KILLS.toSeconds());
  }

  private static KafkaConsumer<byte[], byte[]> predictionWatch(KafkaClients kafka) {
    Map<String, Object> config = kafka.committedReader("osprey-chaos-probe");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(TOPICS.predictions().name(), Duration.ofSeconds(30)).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position); // fix the positions before the probe is sent
    return consumer;
  }

  private static boolean seen(KafkaConsumer<byte[], byte[]> watch, String eventId) {
    for (ConsumerRecord<byte[], byte[]> record : watch.poll(Duration.ofMillis(500))) {
      if (eventId.equals(TOPICS.predictions().deserializeValue(record.value()).getEventId())) {
        return true;
      }
    }
    return false;
  }

  private void sendProbe(KafkaClients kafka, String eventId) throws Exception {
    Transaction payment =
        Transaction.newBuilder()
            .setEventId(eventId)
            .setCardId("chaos-card")
            .setMerchantId("chaos-m")
            .setMerchantCategory("5411")
            .setAmount(12.5)
            .setCurrency("EUR")
            .setCountry("DE")
            .setChannel("POS")
            .setEventTime(System.currentTimeMillis())
            .build();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            kafka.idempotentProducer("osprey-chaos-probe"),
            new StringSerializer(),
            new ByteArraySerializer())) {
      producer
          .send(
              new ProducerRecord<>(
                  TOPICS.transactions().name(), "chaos-card", json.encode(payment)))
          .get(2, TimeUnit.MINUTES);
    }
  }
}
