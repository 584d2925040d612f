package io.osprey.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.schema.FeatureVector;
import io.osprey.schema.Transaction;
import io.osprey.schema.codec.JsonCodec;
import io.osprey.schema.features.FeatureSpecs;
import io.osprey.schema.topic.OspreyTopics;
import io.osprey.sources.simulator.SimulatedClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class ReadinessProbeTest {
  private static final long WALL = 1_790_000_000_000L;
  private static final OspreyTopics TOPICS = CommonSettings.topics(Settings.empty());

  @Test
  void theWarmupPaymentIsStampedOnTheSimulatorsClockNotTheWallClock() {
    AtomicLong wall = new AtomicLong(WALL);
    SimulatedClock clock = new SimulatedClock(200, 20, SimulatedClock.HEAD_START, wall::get);

    ProducerRecord<String, byte[]> record =
        ReadinessProbe.warmupRecord(
            TOPICS, FeatureSpecs.load("builtin:payments"), true, "osprey-warmup-1", clock.now());

    assertThat(record.topic()).isEqualTo(TOPICS.transactions().name());
    Transaction payment = JsonCodec.of(Transaction.class).decode(record.value());
    assertThat(payment.getEventTime()).isEqualTo(WALL - SimulatedClock.HEAD_START.toMillis());
    // the simulator's first payment, once the probe has waited 30 s, is not earlier
    wall.addAndGet(Duration.ofSeconds(30).toMillis());
    assertThat(clock.next()).isGreaterThanOrEqualTo(payment.getEventTime());
  }

  @Test
  void theVectorOfZerosIsStampedWithTheGivenEventTimeToo() {
    long eventTime = WALL - Duration.ofHours(3).toMillis();

    ProducerRecord<String, byte[]> record =
        ReadinessProbe.warmupRecord(
            TOPICS, FeatureSpecs.load("builtin:payments"), false, "osprey-warmup-2", eventTime);

    assertThat(record.topic()).isEqualTo(TOPICS.features().name());
    FeatureVector zeros = TOPICS.features().deserializeValue(record.value());
    assertThat(zeros.getEventTime()).isEqualTo(eventTime);
    assertThat(zeros.getValues()).containsOnly(0.0);
  }
}
