package io.osprey.ingest.keys;

import static io.osprey.ingest.Fixtures.HOUR;
import static io.osprey.ingest.Fixtures.MINUTE;
import static io.osprey.ingest.Fixtures.T0;
import static io.osprey.ingest.keys.KeyedFeaturesTest.GROUPS;
import static io.osprey.ingest.keys.KeyedFeaturesTest.SPEC;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.ingest.Fixtures;
import io.osprey.ingest.model.EventKeys;
import io.osprey.ingest.model.FeatureRow;
import io.osprey.ingest.model.KeyLabel;
import io.osprey.ingest.model.KeyPart;
import io.osprey.ingest.model.KeyRequest;
import io.osprey.ingest.model.LabelEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * Every keyed state the keyed stages keep is reclaimed: a key (a terminal, an event id) that goes
 * quiet leaves nothing behind once its TTL has passed and traffic of other keys has swept the state
 * (the heap backend's incremental cleanup; RocksDB's compaction filter does the same in the
 * background), and the states without a TTL are emptied by their timers. So a flood of distinct
 * keys (a key per IP address, per forged terminal id) costs state for the TTL only. One test per
 * state, by its name: a state added without a TTL or a timer fails here.
 */
class KeyedStateExpiryTest {
  private static final int KEYS = 500;

  /** Past every TTL of the keyed spec (its longest window is a day, plus 15 minutes of slack). */
  private static final long PAST_EVERY_TTL = Duration.ofHours(36).toMillis();

  /** Rounds of new traffic after the jump: each state access sweeps one entry. */
  private static final int SWEEP_ROUNDS = 4;

  @Test
  void aQuietKeysHistoryLastEventAndLabelsExpire() throws Exception {
    String hash = SPEC.hash();
    List<String> states = List.of("key-history-" + hash, "key-last-" + hash, "key-labels-" + hash);
    try (var harness = keyedFeatures(false)) {
      harness.setStateTtlProcessingTime(0);
      for (int i = 0; i < KEYS; i++) {
        harness.processElement1(terminalRequest("a-" + i, "t-a" + i, T0 + i), 0);
        harness.processElement2(terminalLabel("a-" + i, "t-a" + i), 0);
      }
      assertThat(keysByState(harness, states, "terminalId=t-a")).isEqualTo(each(states, KEYS));

      harness.setStateTtlProcessingTime(PAST_EVERY_TTL);
      for (int round = 0; round < SWEEP_ROUNDS; round++) {
        for (int i = 0; i < KEYS; i++) {
          String id = "b-" + round + "-" + i;
          harness.processElement1(terminalRequest(id, "t-b" + i, T0 + HOUR + round * MINUTE), 0);
          harness.processElement2(terminalLabel(id, "t-b" + i), 0);
        }
      }

      assertThat(keysByState(harness, states, "terminalId=t-a")).isEqualTo(each(states, 0));
      assertThat(keysByState(harness, states, "terminalId=t-b")).isEqualTo(each(states, KEYS));
    }
  }

  @Test
  void requestsWaitingForTheWatermarkLeaveNothingOnceItPasses() throws Exception {
    String waiting = "key-waiting-" + SPEC.hash();
    try (var harness = keyedFeatures(true)) {
      for (int i = 0; i < KEYS; i++) {
        harness.processElement1(terminalRequest("a-" + i, "t-a" + i, T0 + i), T0 + i);
      }
      assertThat(keysByState(harness, List.of(waiting), "terminalId="))
          .containsEntry(waiting, KEYS);

      harness.processBothWatermarks(new Watermark(T0 + KEYS));

      assertThat(harness.extractOutputValues()).hasSize(KEYS);
      assertThat(keysByState(harness, List.of(waiting), "terminalId=")).containsEntry(waiting, 0);
    }
  }

  @Test
  void anEventsKeysAndLabelsThatNeverMeetTheirEventExpire() throws Exception {
    List<String> states = List.of("event-keys", "labels-before-event");
    try (var harness =
        ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
            new LabelKeys(Duration.ofDays(1), Duration.ofMinutes(10)),
            (EventKeys k) -> k.eventId,
            (LabelEvent l) -> l.eventId,
            Types.STRING)) {
      harness.setStateTtlProcessingTime(0);
      for (int i = 0; i < KEYS; i++) {
        harness.processElement1(EventKeys.of("a-" + i, T0, new String[] {"terminalId=t-1"}), 0);
        harness.processElement2(Fixtures.label("a-unknown-" + i, true), 0); // no such event
      }
      assertThat(keysByState(harness, states, "a-")).isEqualTo(each(states, KEYS));

      harness.setStateTtlProcessingTime(PAST_EVERY_TTL);
      for (int round = 0; round < SWEEP_ROUNDS; round++) {
        for (int i = 0; i < KEYS; i++) {
          String id = "b-" + round + "-" + i;
          harness.processElement1(EventKeys.of(id, T0, new String[] {"terminalId=t-1"}), 0);
          harness.processElement2(Fixtures.label(id + "-unknown", true), 0);
        }
      }

      assertThat(keysByState(harness, states, "a-")).isEqualTo(each(states, 0));
    }
  }

  @Test
  void aVectorThatNeverCompletesIsDroppedAfterTheHorizonAndACompleteOneAtOnce() throws Exception {
    Duration horizon = Duration.ofMinutes(10);
    try (var harness =
        ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
            new GatherKeys(GROUPS, horizon),
            (FeatureRow r) -> r.eventId,
            (KeyPart p) -> p.eventId,
            Types.STRING)) {
      harness.setProcessingTime(0);
      for (int i = 0; i < KEYS; i++) {
        harness.processElement1(vector("lost-" + i), 0); // its key parts never come
      }
      FeatureRow whole = vector("whole");
      harness.processElement1(whole, 0);
      for (int g = 0; g < GROUPS.size(); g++) {
        harness.processElement2(
            KeyPart.of(
                Fixtures.event(
                    SPEC, KeyedFeaturesTest.json("whole", "card-1", "m-1", "t-1", null, 5, T0), T0),
                g,
                new double[whole.values.length],
                T0),
            0);
      }
      assertThat(harness.extractOutputValues()).extracting(r -> r.eventId).containsExactly("whole");
      assertThat(harness.numKeyedStateEntries()).isEqualTo(KEYS);

      harness.setProcessingTime(horizon.toMillis());

      assertThat(harness.numKeyedStateEntries()).isZero();
      assertThat(harness.extractOutputValues()).hasSize(1);
    }
  }

  private static KeyedTwoInputStreamOperatorTestHarness<String, KeyRequest, KeyLabel, KeyPart>
      keyedFeatures(boolean eventTime) throws Exception {
    return ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
        new KeyedFeatures(GROUPS, eventTime, Duration.ofMinutes(5)),
        r -> r.key,
        l -> l.key,
        Types.STRING);
  }

  /** How many keys starting with {@code prefix} each named state holds. */
  private static Map<String, Integer> keysByState(
      KeyedTwoInputStreamOperatorTestHarness<String, ?, ?, ?> harness,
      List<String> states,
      String prefix) {
    Map<String, Integer> counts = new TreeMap<>();
    for (String state : states) {
      try (var keys =
          harness
              .getOperator()
              .<String>getKeyedStateBackend()
              .getKeys(state, VoidNamespace.INSTANCE)) {
        counts.put(state, (int) keys.filter(k -> k.startsWith(prefix)).count());
      }
    }
    return counts;
  }

  /** {@code count} for each of {@code states}. */
  private static Map<String, Integer> each(List<String> states, int count) {
    Map<String, Integer> counts = new TreeMap<>();
    states.forEach(s -> counts.put(s, count));
    return counts;
  }

  private static KeyRequest terminalRequest(String id, String terminal, long time) {
    return KeyRequest.of(
        "terminalId=" + terminal,
        1,
        KeyedFeaturesTest.event(id, "card-" + id, terminal, null, 1, time));
  }

  private static KeyLabel terminalLabel(String id, String terminal) {
    KeyLabel l = new KeyLabel();
    l.key = "terminalId=" + terminal;
    l.eventId = id;
    l.fraud = true;
    l.labelTime = T0 + 2 * HOUR;
    return l;
  }

  private static FeatureRow vector(String id) {
    FeatureRow row = Fixtures.vector(id, "card-1");
    row.values = new double[SPEC.layout().names().size()];
    return row;
  }
}
