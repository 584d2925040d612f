package io.osprey.ingest.keys;

import static io.osprey.ingest.Fixtures.MINUTE;
import static io.osprey.ingest.Fixtures.T0;
import static io.osprey.ingest.Fixtures.labelJson;
import static io.osprey.ingest.Fixtures.utf8;
import static io.osprey.ingest.keys.KeyedFeaturesTest.column;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.ingest.IngestSettings;
import io.osprey.ingest.IngestSettings.MaturityClock;
import io.osprey.ingest.JobMetrics;
import io.osprey.ingest.model.Example;
import io.osprey.ingest.model.FeatureRow;
import io.osprey.ingest.model.Rejected;
import io.osprey.ingest.pipeline.PipelineRun;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bad input for keyed and label-aware features, through the whole pipeline on the event clock
 * (replays, where every outcome is decided by event time) with Flink's restart strategy on, so a
 * crash would show as a restart: {@code by:} fields absent, empty, longer than 1 KB in characters
 * or only in UTF-8 bytes (the entity's own label-aware key included), a key of exactly 1 KB (a key
 * like any other), thousands of distinct keys, a label for no event and a label for an event the
 * job has long forgotten. Every event gets its vector (the refused keys' columns at their
 * empty-history values, each refusal counted by reason) or a dead letter with its reason; every
 * label is applied or an orphan dead letter; the ledger adds up and the job never restarts.
 */
class KeyedHostileInputIntegrationTest {
  private static final int PARALLELISM = 2;
  private static final int DISTINCT = 2_000;
  private static final int LABELLED = 40;
  private static final long OLD = T0 - Duration.ofDays(30).toMillis();

  private static final JobMetrics METRICS = new JobMetrics();

  @RegisterExtension static final MiniClusterExtension FLINK = METRICS.miniCluster(PARALLELISM);

  /** A payment of the keyed spec; null terminal or device: the field is absent. */
  private record Pay(
      String id, String card, String merchant, String terminal, String device, long t) {
    String json() {
      return KeyedFeaturesTest.json(id, card, merchant, terminal, device, 7, t);
    }
  }

  @Test
  void badKeysManyKeysAndStrayLabelsAreAccountedForAndTheJobNeverRestarts() throws Exception {
    Settings settings =
        Settings.empty()
            .with(CommonSettings.FEATURE_SPEC, KeyedHistory.SPEC_PATH)
            .with(IngestSettings.MATURITY_CLOCK, MaturityClock.EVENT)
            .with(IngestSettings.CHECKPOINT_INTERVAL, Duration.ofSeconds(2))
            .with(IngestSettings.RESTART_STRATEGY, IngestSettings.RestartStrategy.FIXED_DELAY);
    String kilobyte = "y".repeat(KeyGroups.MAX_KEY_BYTES);
    List<Pay> hostile =
        List.of(
            new Pay("no-keys", "card-bad", "m-1", null, null, T0),
            new Pay("empty-keys", "card-bad", "m-1", "", "", T0 + MINUTE),
            new Pay("long-terminal", "card-bad", "m-1", "x".repeat(1025), "d-1", T0 + 2 * MINUTE),
            // 342 characters, 1,026 bytes in UTF-8: too long only in bytes.
            new Pay("wide-terminal", "card-bad", "m-1", "€".repeat(342), "d-1", T0 + 3 * MINUTE),
            new Pay("long-merchant", "card-bad", "m".repeat(2000), "t-1", "d-1", T0 + 4 * MINUTE),
            // The entity's own label-aware group (card_fraud_1d) is keyed by the card id.
            new Pay("long-card", "c".repeat(2000), "m-1", "t-1", "d-1", T0 + 5 * MINUTE),
            new Pay("kilobyte-1", "card-bad", "m-1", kilobyte, "d-1", T0 + 6 * MINUTE),
            new Pay("kilobyte-2", "card-bad", "m-1", kilobyte, "d-1", T0 + 7 * MINUTE));
    Pay emptyMerchant = new Pay("empty-merchant", "card-bad", "", "t-1", "d-1", T0 + 8 * MINUTE);
    Pay old = new Pay("old", "card-old", "m-old", "t-old", "d-old", OLD);
    List<Pay> distinct = new ArrayList<>();
    for (int i = 0; i < DISTINCT; i++) {
      long t = T0 + 10 * MINUTE + i * 100L;
      distinct.add(new Pay("k-" + i, "card-" + i % 20, "m-" + i % 5, "t-" + i, "d-" + i, t));
    }

    try (PipelineRun run = PipelineRun.start("keyed-hostile", settings, PARALLELISM)) {
      JobID id = run.jobId();
      send(run, List.of(old));
      send(run, hostile);
      send(run, List.of(emptyMerchant));
      send(run, distinct);
      for (int i = 0; i < LABELLED; i++) { // within the maturity window: applied
        Pay p = distinct.get(i * (DISTINCT / LABELLED));
        run.labels().send(p.id(), utf8(labelJson(p.id(), i % 2 == 0, p.t() + 5_000)));
      }
      // The join forgets "old" once its clock is an hour (the correction horizon) past its
      // example; a label for it after that can only be an orphan.
      JobMetrics.await(
          () ->
              assertThat(METRICS.values(id, "label-join", "currentOutputWatermark"))
                  .hasSize(PARALLELISM)
                  .allSatisfy(
                      w -> assertThat(w).isGreaterThan(OLD + Duration.ofHours(2).toMillis())));
      run.labels().send("old", utf8(labelJson("old", true, T0 + 3_600_000)));
      run.labels().send("nobody", utf8(labelJson("tx-unknown", true, T0)));
      run.finish();

      Map<String, FeatureRow> vectors =
          run.features().stream().collect(Collectors.toMap(r -> r.eventId, Function.identity()));
      assertThat(vectors).hasSize(1 + hostile.size() + DISTINCT);
      for (String refused : List.of("no-keys", "empty-keys", "long-terminal", "wide-terminal")) {
        FeatureRow v = vectors.get(refused);
        assertThat(v.values[column("terminal_sum_1h")]).as(refused).isZero();
        assertThat(v.values[column("terminal_since_last")]).as(refused).isEqualTo(86_400.0);
        assertThat(v.values[column("terminal_fraud_rate_1d")]).as(refused).isEqualTo(-1.0);
      }
      assertThat(vectors.get("no-keys").values[column("device_cards_1h")]).isZero();
      assertThat(vectors.get("long-merchant").values[column("merchant_count_1h")]).isZero();
      // Exactly 1 KB is a key: the second payment at that terminal sees the first.
      FeatureRow second = vectors.get("kilobyte-2");
      assertThat(second.values[column("terminal_sum_1h")]).isEqualTo(7.0);
      assertThat(second.values[column("terminal_since_last")]).isEqualTo(60.0);

      List<Rejected> deadLetters = run.deadLetters();
      assertThat(deadLetters)
          .extracting(d -> d.stage + " " + new String(d.key, StandardCharsets.UTF_8))
          .containsExactlyInAnyOrder("validate card-bad", "join old", "join nobody");
      assertThat(deadLetters)
          .filteredOn(d -> d.stage.equals(Rejected.JOIN))
          .allSatisfy(d -> assertThat(d.reason).contains("correction horizon"));
      assertThat(deadLetters)
          .filteredOn(d -> d.stage.equals("validate"))
          .allSatisfy(d -> assertThat(d.reason).contains("merchantId"));
      List<Example> examples = run.trainingExamples();
      assertThat(examples).filteredOn(e -> e.labelTime != null).hasSize(LABELLED);

      // The refusals, by reason: terminal and device of "no-keys" and "empty-keys"; the terminals
      // over 1 KB in characters or in bytes, the merchant and the card over 1 KB.
      assertThat(METRICS.count(id, "key-requests", "keyAbsent")).isEqualTo(2);
      assertThat(METRICS.count(id, "key-requests", "keyEmpty")).isEqualTo(2);
      assertThat(METRICS.count(id, "key-requests", "keyOversize")).isEqualTo(4);
      assertThat(METRICS.count(id, "gather-keys", "incompleteVectors")).isZero();
      // Labels reach both label-aware keys of their event (terminal, card), the forgotten event's
      // included: the join has forgotten it, its keys' windows have not. The label of no event
      // reaches no key.
      assertThat(METRICS.count(id, "label-keys", "labelsRouted")).isEqualTo(2 * (LABELLED + 1));

      // The ledger, as without keys.
      long in = METRICS.count(id, "parse-transactions", "recordsIn");
      assertThat(in).isEqualTo(2 + hostile.size() + DISTINCT);
      assertThat(METRICS.count(id, "entity-features", "featuresOut")).isEqualTo(vectors.size());
      assertThat(METRICS.count(id, "parse-transactions", "deadLetters")).isEqualTo(1);
      assertThat(METRICS.count(id, "dedupe", "duplicates")).isZero();
      long labelsIn = METRICS.count(id, "parse-labels", "recordsIn");
      assertThat(labelsIn).isEqualTo(LABELLED + 2);
      assertThat(METRICS.count(id, "label-join", "labelsApplied")).isEqualTo(LABELLED);
      assertThat(METRICS.count(id, "label-join", "deadLetters")).isEqualTo(2);
      assertThat(
              METRICS.count(id, "label-join", "labelsSuperseded")
                  + METRICS.count(id, "label-join", "labelsDuplicate")
                  + METRICS.count(id, "parse-labels", "deadLetters"))
          .isZero();
      assertThat(METRICS.jobGauge(id, "numRestarts")).isZero();
    }
  }

  /** Keyed by the card, as a producer would; a card id too long for a Kafka key by "long". */
  private static void send(PipelineRun run, List<Pay> payments) {
    payments.forEach(
        p -> run.transactions().send(p.card().length() > 100 ? "long" : p.card(), utf8(p.json())));
  }
}
