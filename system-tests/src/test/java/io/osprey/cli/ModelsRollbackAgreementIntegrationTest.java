package io.osprey.cli;

import static io.osprey.platform.testing.KafkaTestSupport.RECORD_DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.model.registry.ModelLineage;
import io.osprey.model.registry.ModelRegistry;
import io.osprey.model.registry.Republication;
import io.osprey.model.signing.ModelSigningSettings;
import io.osprey.model.signing.TestSigning;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Setting;
import io.osprey.platform.config.Settings;
import io.osprey.platform.kafka.TopicAdmin;
import io.osprey.platform.metrics.MetricsEndpoint;
import io.osprey.platform.testing.KafkaBroker;
import io.osprey.platform.testing.KafkaTestSupport;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.topic.OspreyTopics;
import io.osprey.trainer.OnlineTrainer;
import io.osprey.trainer.TrainerSettings;
import io.osprey.trainer.testing.PretrainedChampions;
import io.osprey.trainer.testing.SyntheticPayments;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ./osprey models rollback} and the trainer's own rollback mean the same "previous good
 * champion". The operator rolls back v3; the network that then serves (v2's) turns out to be
 * degraded, and the trainer rolls it back too: to v1, the version the CLI names as previous good,
 * never to v3, which the operator had taken off. Afterwards neither of them goes back to a network
 * someone rolled back from.
 */
class ModelsRollbackAgreementIntegrationTest {
  private static final String PREFIX = "agree.";
  private static final String MODEL = "fraud";

  @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();

  @Test
  void theCliAndTheTrainerAgreeOnThePreviousGoodChampion() throws Exception {
    Settings settings =
        TestSigning.settings()
            .with(CommonSettings.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
            .with(CommonSettings.TOPIC_PREFIX, PREFIX);
    OspreyTopics topics = CommonSettings.topics(settings);
    TopicAdmin.ensureTopics(kafka.bootstrapServers(), topics.all(), 2);
    ModelEnvelope v1 = PretrainedChampions.champion(MODEL, 1, false);
    ModelEnvelope v2 =
        PretrainedChampions.champion(MODEL, 2, true); // learned the pattern upside down
    ModelEnvelope v3 = PretrainedChampions.champion(MODEL, 3, false);
    KafkaTestSupport.send(
        kafka.bootstrapServers(),
        topics.models(),
        List.of(Map.entry(MODEL, v1), Map.entry(MODEL, v2), Map.entry(MODEL, v3)));

    // The operator takes v3 off: v2's network serves again as v4.
    assertThat(models(settings, "rollback")).isZero();
    ModelLineage afterCli;
    try (ModelRegistry cli = ModelRegistry.connect(settings)) {
      afterCli = cli.lineage(MODEL);
    }
    ModelEnvelope v4 = afterCli.champion().orElseThrow();
    assertThat(v4.getVersion()).isEqualTo(4);
    assertThat(v4.getChecksum()).isEqualTo(v2.getChecksum());
    assertThat(v4.getMetrics()).containsEntry(Republication.ROLLED_BACK_FROM, 3.0);
    // What the CLI would roll back to next: not v3 (taken off), not v2 (serving as v4).
    assertThat(afterCli.previousGood()).map(ModelEnvelope::getVersion).hasValue(1L);

    // The trainer finds v4 degraded on its hold-out and rolls it back on its own.
    KafkaTestSupport.send(
        kafka.bootstrapServers(),
        topics.trainingExamples(),
        new SyntheticPayments(31, 0.1).next(1_200));
    Settings trainer =
        settings
            .with(TrainerSettings.CONSUMER_GROUP, "agreement-trainer")
            .with(TrainerSettings.BATCH_SIZE, 32)
            .with(TrainerSettings.PUBLISH_EVERY_EXAMPLES, 400)
            // By count only: against a degraded champion the clearly-better trigger would publish
            // a challenger first, before the hold-out holds enough labels to judge a rollback.
            .with(TrainerSettings.PUBLISH_EVERY_EVENT_TIME, Duration.ZERO)
            .with(TrainerSettings.PUBLISH_CLEARLY_BETTER_Z, 0.0)
            .with(TrainerSettings.HOLDOUT_FRACTION, 0.5)
            .with(TrainerSettings.GATE_MIN_LABELS, 100)
            // Its own candidates never win here: the champion after it is the one it restored.
            .with(TrainerSettings.GATE_MIN_IMPROVEMENT, 2.0);
    ModelEnvelope v5;
    try (OnlineTrainer running = OnlineTrainer.start(trainer, MetricsEndpoint.newRegistry())) {
      v5 =
          KafkaTestSupport.readUntil(
                  kafka.bootstrapServers(),
                  topics.models(),
                  records -> records.stream().anyMatch(r -> r.value().getVersion() >= 5),
                  RECORD_DEADLINE)
              .stream()
              .map(ConsumerRecord::value)
              .filter(e -> e.getVersion() == 5)
              .findFirst()
              .orElseThrow();
    }
    assertThat(v5.getMetrics()).containsEntry(Republication.ROLLED_BACK_FROM, 4.0);
    assertThat(v5.getParentVersion()).isEqualTo(afterCli.previousGood().orElseThrow().getVersion());
    assertThat(v5.getChecksum()).isEqualTo(v1.getChecksum());

    // Both rollbacks are on record for the CLI: nothing earlier is good any more, so a second
    // `models rollback` refuses rather than serve v2's network again (which the trainer rolled
    // back from) or v3 (which the operator took off).
    long latest;
    try (ModelRegistry cli = ModelRegistry.connect(settings)) {
      ModelLineage afterTrainer = cli.lineage(MODEL);
      assertThat(afterTrainer.champion()).map(ModelEnvelope::getVersion).hasValue(5L);
      assertThat(afterTrainer.rolledBack()).containsExactlyInAnyOrder(3L, 4L);
      assertThat(afterTrainer.previousGood()).isEmpty();
      latest = afterTrainer.latest().orElseThrow().getVersion();
    }
    assertThat(models(settings, "rollback")).isNotZero();
    try (ModelRegistry cli = ModelRegistry.connect(settings)) {
      assertThat(cli.lineage(MODEL).latest()).map(ModelEnvelope::getVersion).hasValue(latest);
    }
  }

  /** Runs {@code ./osprey models <command>} against this test's broker and topics. */
  private static int models(Settings settings, String command) {
    List<String> args = new ArrayList<>(List.of("models", command));
    for (Setting<String> setting :
        List.of(
            CommonSettings.BOOTSTRAP_SERVERS,
            CommonSettings.TOPIC_PREFIX,
            ModelSigningSettings.SIGNING_KEY_FILE,
            ModelSigningSettings.TRUSTED_KEYS)) {
      args.add("--set");
      args.add(setting.key() + "=" + settings.get(setting));
    }
    return OspreyCli.commandLine().execute(args.toArray(String[]::new));
  }
}
