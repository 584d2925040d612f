package io.osprey.scoring;

import static io.osprey.scoring.ScoringFixtures.FAR_FROM_HOME;
import static io.osprey.scoring.ScoringFixtures.envelope;
import static io.osprey.scoring.ScoringFixtures.vector;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.osprey.model.signing.TestSigning;
import io.osprey.platform.config.Settings;
import io.osprey.schema.FeatureVector;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.Prediction;
import io.osprey.schema.topic.OspreyTopics;
import io.osprey.scoring.ScoringSettings.EmittedDecisionsMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An event scored again (ingest replays from its last checkpoint after a crash) keeps the decision
 * it was given first, even when a newer model with another threshold is served by then.
 */
class EmittedDecisionsTest {
  private static final OspreyTopics TOPICS = OspreyTopics.withPrefix("test.");

  @TempDir Path stateDir;

  private final MeterRegistry registry = new SimpleMeterRegistry();
  private TopologyTestDriver driver;
  private TestInputTopic<String, FeatureVector> features;
  private TestInputTopic<String, ModelEnvelope> models;
  private TestOutputTopic<String, Prediction> predictions;

  private void start(EmittedDecisionsMode mode, Duration retention) {
    Settings settings =
        TestSigning.settings()
            .with(ScoringSettings.STATE_DIR, stateDir.toString())
            .with(ScoringSettings.EMITTED_DECISIONS, mode)
            .with(ScoringSettings.DECISION_RETENTION, retention);
    ScoringMetrics metrics = new ScoringMetrics(registry);
    Properties props = ScoringTopology.streamsConfig(settings);
    props.put(CountingDeserializationHandler.METRICS_CONFIG, metrics);
    driver =
        new TopologyTestDriver(
            new ScoringTopology(metrics, event -> {})
                .buildTopology(ScoringConfig.from(settings), TOPICS),
            props);
    features =
        driver.createInputTopic(
            TOPICS.features().name(),
            TOPICS.features().keySerde().serializer(),
            TOPICS.features().valueSerde().serializer());
    models =
        driver.createInputTopic(
            TOPICS.models().name(),
            TOPICS.models().keySerde().serializer(),
            TOPICS.models().valueSerde().serializer());
    predictions =
        driver.createOutputTopic(
            TOPICS.predictions().name(),
            TOPICS.predictions().keySerde().deserializer(),
            TOPICS.predictions().valueSerde().deserializer());
  }

  @AfterEach
  void stop() {
    if (driver != null) {
      driver.close();
    }
  }

  @Test
  void anEventScoredAgainUnderANewerModelGetsItsFirstDecision() {
    start(EmittedDecisionsMode.REPLICATED, Duration.ofHours(1));
    publish(envelope(1, 0.0001)); // every score is above: DECLINE
    Prediction first = score("e1");
    assertThat(first.getDecision()).isEqualTo(DecisionBands.DECLINE);

    publish(envelope(2, 1.0)); // every score is below: APPROVE
    driver.advanceWallClockTime(Duration.ofMinutes(5));
    Prediction again = score("e1");
    Prediction other = score("e2");

    assertThat(again).isEqualTo(first);
    assertThat(other.getModelVersion()).isEqualTo(2);
    assertThat(other.getDecision()).isEqualTo(DecisionBands.APPROVE);
    assertThat(registry.get("osprey.scoring.decisions.replayed").counter().count()).isEqualTo(1.0);
  }

  @Test
  void pastTheRetentionAnEventIsScoredAfresh() {
    start(EmittedDecisionsMode.LOCAL, Duration.ofMinutes(10));
    publish(envelope(1, 0.0001));
    assertThat(score("e1").getModelVersion()).isEqualTo(1);

    publish(envelope(2, 1.0));
    driver.advanceWallClockTime(Duration.ofMinutes(11));
    Prediction again = score("e1");

    assertThat(again.getModelVersion()).isEqualTo(2);
    assertThat(again.getDecision()).isEqualTo(DecisionBands.APPROVE);
  }

  @Test
  void switchedOffEveryVectorIsScoredByTheServedModel() {
    start(EmittedDecisionsMode.OFF, Duration.ofHours(1));
    publish(envelope(1, 0.0001));
    score("e1");
    publish(envelope(2, 1.0));

    assertThat(score("e1").getModelVersion()).isEqualTo(2);
    assertThat(registry.get("osprey.scoring.decisions.replayed").counter().count()).isZero();
  }

  private void publish(ModelEnvelope envelope) {
    models.pipeInput(envelope.getName(), envelope);
  }

  private Prediction score(String eventId) {
    features.pipeInput("card-1", vector(eventId, FAR_FROM_HOME));
    KeyValue<String, Prediction> record = predictions.readKeyValue();
    assertThat(record.key).isEqualTo(eventId);
    assertThat(predictions.isEmpty()).isTrue();
    return record.value;
  }
}
