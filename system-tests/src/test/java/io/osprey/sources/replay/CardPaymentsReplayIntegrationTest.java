package io.osprey.sources.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.cli.OspreyCli;
import io.osprey.ingest.model.Event;
import io.osprey.ingest.model.RawRecord;
import io.osprey.ingest.parse.EventParser;
import io.osprey.ingest.parse.Outcome;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.platform.testing.KafkaBroker;
import io.osprey.schema.Label;
import io.osprey.schema.codec.JsonCodec;
import io.osprey.schema.features.FeatureSpec;
import io.osprey.schema.features.FeatureSpecs;
import io.osprey.schema.topic.OspreyTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A generic card-payments CSV replayed with the command the spec's header and the stream-ingest
 * README give, against a real broker: every event it sends parses under
 * deploy/specs/card-payments.yaml, the label column is gone from the events and arrives as labels 7
 * days of event time later, named by the transaction id the events carry.
 */
class CardPaymentsReplayIntegrationTest {
  @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();

  private static final Path SPEC = Path.of("..", "deploy", "specs", "card-payments.yaml");

  @Test
  void theReadmeCommandReplaysACsvThatTheSpecReads(@TempDir Path dir) throws Exception {
    Path csv =
        Files.write(
            dir.resolve("payments.csv"),
            List.of(
                "transaction_id,customer_id,terminal_id,tx_datetime,tx_amount,tx_fraud",
                "0,596,3156,2018-04-01 00:00:31,57.16,0",
                "1,4961,3412,2018-04-01 00:02:10,81.51,0",
                "2,2,1365,2018-04-01 00:07:56,146.00,0",
                "3,4128,8737,2018-04-01 00:09:29,64.49,1",
                "4,927,9906,2018-04-01 00:10:34,50.99,0"));
    Settings settings =
        Settings.empty()
            .with(CommonSettings.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
            .with(CommonSettings.TOPIC_PREFIX, "cards.")
            .with(CommonSettings.TOPIC_PARTITIONS, 1);
    OspreyTopics topics = CommonSettings.topics(settings);

    int exit =
        new CommandLine(new OspreyCli())
            .execute(
                "replay",
                "--file",
                csv.toString(),
                "--id-column",
                "transaction_id",
                "--entity-column",
                "customer_id",
                "--time-column",
                "tx_datetime",
                "--label-column",
                "tx_fraud",
                "--label-delay",
                "7d",
                "--progress",
                "off",
                "--set",
                CommonSettings.BOOTSTRAP_SERVERS.key() + "=" + kafka.bootstrapServers(),
                "--set",
                CommonSettings.TOPIC_PREFIX.key() + "=cards.",
                "--set",
                CommonSettings.TOPIC_PARTITIONS.key() + "=1");
    assertThat(exit).isZero();

    FeatureSpec spec = FeatureSpecs.load(SPEC.toString());
    EventParser parser = new EventParser(64 * 1024, spec);
    long now = System.currentTimeMillis();
    List<ConsumerRecord<String, byte[]>> events =
        SentRecords.readAtLeast(kafka.bootstrapServers(), topics.transactions(), 5);
    assertThat(events).hasSize(5);
    long t0 = Instant.parse("2018-04-01T00:00:31Z").toEpochMilli();
    for (ConsumerRecord<String, byte[]> record : events) {
      Outcome<Event> parsed =
          parser.parse(
              new RawRecord("transactions", 0, record.offset(), now, null, record.value()), now);
      assertThat(parsed.isOk()).as(String.valueOf(parsed.rejected())).isTrue();
      assertThat(new String(record.value(), java.nio.charset.StandardCharsets.UTF_8))
          .doesNotContain("tx_fraud");
      assertThat(record.key()).isEqualTo(parsed.value().entityId);
    }
    Event first =
        parser
            .parse(new RawRecord("transactions", 0, 0, now, null, events.get(0).value()), now)
            .value();
    assertThat(first.eventId).isEqualTo("0");
    assertThat(first.entityId).isEqualTo("596");
    assertThat(first.eventTime).isEqualTo(t0);

    List<Label> labels =
        SentRecords.readAtLeast(kafka.bootstrapServers(), topics.labels(), 5).stream()
            .map(r -> JsonCodec.of(Label.class).decode(r.value()))
            .toList();
    assertThat(labels).extracting(Label::getEventId).containsExactly("0", "1", "2", "3", "4");
    assertThat(labels)
        .extracting(Label::getFraud)
        .containsExactly(false, false, false, true, false);
    assertThat(labels.get(0).getLabelTime()).isEqualTo(t0 + Duration.ofDays(7).toMillis());
  }
}
