package io.osprey.system;

import io.osprey.ingest.IngestSettings;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.platform.kafka.KafkaAcls;
import io.osprey.schema.topic.OspreyTopics;
import io.osprey.scoring.ScoringConfig;
import io.osprey.trainer.TrainerConfig;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AclBinding;

/**
 * Who may do what on a secured cluster: one Kafka user per component, and the least each needs.
 * Only the trainer and the CLI write {@code models} (a model decides every payment); producers of
 * payments write only {@code transactions} and {@code labels}. The same table is what a production
 * cluster's ACLs should say (README, Secured Kafka).
 */
public final class OspreyPrincipals {
  public static final String INGEST = "ingest";
  public static final String SCORER = "scorer";
  public static final String TRAINER = "trainer";
  public static final String CLI = "cli";
  public static final String PRODUCER = "producer";
  public static final String MONITOR = "monitor";

  public static final List<String> USERS = List.of(INGEST, SCORER, TRAINER, CLI, PRODUCER, MONITOR);

  private OspreyPrincipals() {}

  /** The ACLs of every user, for the topics, groups and transactional ids of {@code settings}. */
  public static List<AclBinding> acls(Settings settings) {
    OspreyTopics topics = CommonSettings.topics(settings);
    String ingestGroup = settings.get(IngestSettings.CONSUMER_GROUP);
    String scorerApplication = ScoringConfig.from(settings).applicationId();
    TrainerConfig trainer = TrainerConfig.from(settings);
    List<AclBinding> acls = new ArrayList<>();
    acls.addAll(
        KafkaAcls.forUser(PRODUCER)
            .writes(topics.transactions().name(), topics.labels().name())
            .bindings());
    acls.addAll(
        KafkaAcls.forUser(INGEST)
            .reads(topics.transactions().name(), topics.labels().name())
            .writes(
                topics.features().name(),
                topics.trainingExamples().name(),
                topics.deadLetters().name())
            .consumesInGroupsStartingWith(ingestGroup)
            // each exactly-once sink's transactional ids start with the group (KafkaEndpoints)
            .transactsAs(ingestGroup)
            .bindings());
    acls.addAll(
        KafkaAcls.forUser(SCORER)
            .reads(topics.features().name(), topics.models().name())
            .writes(topics.predictions().name(), topics.monitoring().name())
            // Kafka Streams names its group, internal topics and transactional ids after the
            // application id.
            .ownsTopicsStartingWith(scorerApplication)
            .consumesInGroupsStartingWith(scorerApplication)
            .transactsAs(scorerApplication)
            .bindings());
    acls.addAll(
        KafkaAcls.forUser(TRAINER)
            // features and predictions: the drift monitor beside the trainer reads them
            .reads(
                topics.trainingExamples().name(),
                topics.models().name(),
                topics.features().name(),
                topics.predictions().name())
            .writes(topics.models().name(), topics.monitoring().name())
            .consumesInGroupsStartingWith(trainer.consumerGroup())
            .transactsAs(trainer.transactionalId())
            .bindings());
    acls.addAll(
        KafkaAcls.forUser(CLI)
            .reads(topics.models().name())
            .writes(topics.models().name())
            .bindings());
    acls.addAll(
        KafkaAcls.forUser(MONITOR)
            .reads(topics.all().stream().map(t -> t.name()).toArray(String[]::new))
            .bindings());
    return acls;
  }
}
