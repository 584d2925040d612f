package io.osprey.ingest.pipeline;

import static io.osprey.ingest.Fixtures.everyTenthLabelled;
import static io.osprey.ingest.Fixtures.labelJson;
import static io.osprey.ingest.Fixtures.recentPaymentIds;
import static io.osprey.ingest.Fixtures.recentPayments;
import static io.osprey.ingest.Fixtures.transactionJson;
import static io.osprey.ingest.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.ingest.Fixtures;
import io.osprey.ingest.IngestSettings;
import io.osprey.ingest.JobMetrics;
import io.osprey.ingest.model.Example;
import io.osprey.ingest.model.FeatureRow;
import io.osprey.ingest.model.Rejected;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.schema.features.FeatureSpec;
import io.osprey.schema.features.FeatureSpecs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The pipeline on a Flink MiniCluster (parallelism 2), fed and read without a broker ({@link
 * PipelineRun}), on the processing clock of live traffic: every input ends as exactly one feature
 * vector, dead letter (with its reason) or counted duplicate, and the job's metrics say so; a late
 * event is scored and flagged; each card's payments are processed in order; early, late, repeated
 * and orphan labels all end as training examples or dead letters.
 */
class IngestPipelineIntegrationTest {
  private static final int PARALLELISM = 2;
  private static final java.nio.file.Path CARD_ONLY =
      Fixtures.DATASET_SPECS.resolve("payments-card.yaml");
  private static final FeatureSpec CARD_ONLY_SPEC = FeatureSpecs.load(CARD_ONLY.toString());
  private static final int CARDS = 20;
  private static final int TRANSACTIONS = 200;
  private static final int LABELLED = 20;
  private static final Duration MATURITY = Duration.ofSeconds(10);
  // Early labels wait at the join for their vectors; 15 s leaves room for a slow start on 2 cores.
  private static final Duration ORPHAN_HORIZON = Duration.ofSeconds(15);

  /** Keeps every metric of the job, so the test can read the counters a user would see. */
  private static final JobMetrics METRICS = new JobMetrics();

  @RegisterExtension static final MiniClusterExtension FLINK = METRICS.miniCluster(PARALLELISM);

  @Test
  void everyInputEndsAsAVectorADeadLetterOrACountedDuplicate() throws Exception {
    // The card-only payments spec: this test's late and per-card expectations are the entity
    // stage's. With the default spec's merchant-keyed features the fixture's cards, which share one
    // merchant and interleave out of event-time order, also flag vectors late at the merchant key
    // (keyed stages: KeyedReplayIntegrationTest, IngestJobIntegrationTest).
    Settings settings =
        Settings.empty()
            .with(CommonSettings.FEATURE_SPEC, CARD_ONLY.toString())
            .with(IngestSettings.MATURITY_WINDOW, MATURITY)
            .with(IngestSettings.ORPHAN_LABEL_HORIZON, ORPHAN_HORIZON)
            .with(IngestSettings.CHECKPOINT_INTERVAL, Duration.ofSeconds(2))
            .with(IngestSettings.RESTART_STRATEGY, IngestSettings.RestartStrategy.NONE);

    long now = System.currentTimeMillis();
    // Each card pays every few seconds over the last ten minutes.
    List<Map.Entry<String, byte[]>> transactions =
        new ArrayList<>(recentPayments(TRANSACTIONS, CARDS, now));
    Set<String> validIds = new HashSet<>(recentPaymentIds(TRANSACTIONS));
    transactions.add(transactions.get(3)); // producer retries: counted, not emitted twice
    transactions.add(transactions.get(7));
    byte[] huge = new byte[100 * 1024];
    Arrays.fill(huge, (byte) '{');
    List<Map.Entry<String, byte[]>> malformed =
        List.of(
            Map.entry("card-x", utf8("not json")),
            Map.entry("card-x", utf8("{\"eventId\":\"bad-1\"}")),
            Map.entry("card-x", utf8(transactionJson("bad-2", "card-x", -1, now))),
            Map.entry("card-x", utf8(transactionJson("bad-3", "card-x", 1, "NL", "FAX", "1", now))),
            Map.entry("card-x", huge));
    transactions.addAll(malformed);

    // Half the labels come before their transactions (they wait), half after (within maturity).
    List<Map.Entry<String, byte[]>> earlyLabels = new ArrayList<>();
    List<Map.Entry<String, byte[]>> lateLabels = new ArrayList<>();
    List<Map.Entry<String, byte[]>> labels = everyTenthLabelled(LABELLED, now);
    for (int i = 0; i < labels.size(); i++) {
      (i % 2 == 0 ? earlyLabels : lateLabels).add(labels.get(i));
    }
    lateLabels.add(Map.entry("nobody", utf8(labelJson("tx-unknown", true, now)))); // orphan
    lateLabels.add(Map.entry("nobody", utf8("{\"eventId\": 42}"))); // wrong type
    lateLabels.add(lateLabels.get(0)); // a repeated label: superseded within the window, counted
    // An hour behind everything else: late, scored and flagged, not dropped.
    String lateId = "tx-late";
    Map.Entry<String, byte[]> lateTransaction =
        Map.entry(
            "card-0",
            utf8(transactionJson(lateId, "card-0", 10, now - Duration.ofHours(1).toMillis())));

    try (PipelineRun run = PipelineRun.start("pipeline", settings, PARALLELISM)) {
      JobID id = run.jobId();
      run.labels().sendAll(earlyLabels);
      run.transactions().sendAll(transactions);
      run.labels().sendAll(lateLabels);

      JobMetrics.await(() -> assertThat(run.features()).hasSizeGreaterThanOrEqualTo(TRANSACTIONS));
      // Once the features operator's watermark has passed the late event, send it.
      JobMetrics.await(
          () ->
              assertThat(METRICS.values(id, "entity-features", "currentInputWatermark"))
                  .hasSize(PARALLELISM)
                  .allSatisfy(
                      w -> assertThat(w).isGreaterThan(now - Duration.ofMinutes(5).toMillis())));
      run.transactions().sendAll(List.of(lateTransaction));
      validIds.add(lateId);

      JobMetrics.await(
          () -> assertThat(run.features()).hasSizeGreaterThanOrEqualTo(TRANSACTIONS + 1));
      List<FeatureRow> vectors = run.features();
      assertThat(vectors).hasSize(TRANSACTIONS + 1);
      assertThat(vectors.stream().map(v -> v.eventId).collect(Collectors.toSet()))
          .isEqualTo(validIds);
      assertThat(vectors)
          .filteredOn(v -> v.late)
          .singleElement()
          .satisfies(v -> assertThat(v.eventId).isEqualTo(lateId));
      assertThat(vectors)
          .allSatisfy(
              v -> {
                assertThat(v.specHash).isEqualTo(CARD_ONLY_SPEC.hash());
                assertThat(v.values).hasSize(CARD_ONLY_SPEC.layout().size());
                assertThat(v.ingestTime).isGreaterThanOrEqualTo(now);
              });

      // Each card's payments were processed in order: its k-th payment saw k-1 in the hour.
      Map<String, List<FeatureRow>> byCard =
          vectors.stream().filter(v -> !v.late).collect(Collectors.groupingBy(v -> v.entityId));
      assertThat(byCard).hasSize(CARDS);
      byCard.forEach(
          (card, list) -> {
            List<FeatureRow> sorted =
                list.stream().sorted(Comparator.comparingLong(v -> v.eventTime)).toList();
            for (int k = 0; k < sorted.size(); k++) {
              assertThat(sorted.get(k).values[1]).as(card + " #" + k).isEqualTo((double) k);
            }
          });

      // 5 bad transactions, 1 bad label, 1 orphan label (after its horizon).
      JobMetrics.await(
          () -> assertThat(run.deadLetters()).hasSizeGreaterThanOrEqualTo(malformed.size() + 2));
      List<Rejected> deadLetters = run.deadLetters();
      assertThat(deadLetters).hasSize(malformed.size() + 2);
      List<Rejected> fromTransactions =
          deadLetters.stream()
              .filter(d -> d.sourceTopic.equals(run.transactions().name()))
              .toList();
      assertThat(fromTransactions)
          .extracting(d -> d.stage)
          .containsExactlyInAnyOrder("parse", "parse", "validate", "validate", "parse");
      assertThat(fromTransactions).filteredOn(d -> d.truncated).hasSize(1);
      assertThat(deadLetters).allSatisfy(d -> assertThat(d.reason).isNotBlank());
      assertThat(deadLetters)
          .extracting(d -> new String(d.key, StandardCharsets.UTF_8))
          .containsOnly("card-x", "nobody");
      assertThat(deadLetters)
          .extracting(d -> d.stage + ": " + d.reason)
          .anySatisfy(reason -> assertThat(reason).startsWith("join: no transaction"));

      // Every vector matures: 20 with their label, the rest as negatives after the window.
      JobMetrics.await(
          () -> assertThat(run.trainingExamples()).hasSizeGreaterThanOrEqualTo(TRANSACTIONS + 1));
      List<Example> examples = run.trainingExamples();
      assertThat(examples).hasSize(TRANSACTIONS + 1);
      List<Example> labelled = examples.stream().filter(e -> e.labelTime != null).toList();
      assertThat(labelled).hasSize(LABELLED);
      assertThat(labelled).filteredOn(e -> e.fraud).hasSize(LABELLED / 4);
      assertThat(examples)
          .filteredOn(e -> e.labelTime == null)
          .allSatisfy(e -> assertThat(e.fraud).isFalse());

      // The ledger: every input record ends as exactly one vector, dead letter or counted
      // duplicate (transactions), or applied, superseded/duplicate, dead letter (labels).
      int transactionsSent = transactions.size() + 1;
      int labelsSent = earlyLabels.size() + lateLabels.size();
      JobMetrics.await(
          () -> {
            long in = METRICS.count(id, "parse-transactions", "recordsIn");
            long vectorsOut = METRICS.count(id, "entity-features", "featuresOut");
            long deadLettered = METRICS.count(id, "parse-transactions", "deadLetters");
            long duplicates = METRICS.count(id, "dedupe", "duplicates");
            assertThat(in).isEqualTo(transactionsSent);
            assertThat(vectorsOut + deadLettered + duplicates).isEqualTo(in);
            assertThat(List.of(vectorsOut, deadLettered, duplicates))
                .containsExactly((long) TRANSACTIONS + 1, (long) malformed.size(), 2L);
            assertThat(METRICS.count(id, "entity-features", "lateEvents")).isEqualTo(1);

            long labelsIn = METRICS.count(id, "parse-labels", "recordsIn");
            assertThat(labelsIn).isEqualTo(labelsSent);
            assertThat(
                    METRICS.count(id, "parse-labels", "deadLetters")
                        + METRICS.count(id, "label-join", "deadLetters")
                        + METRICS.count(id, "label-join", "labelsApplied")
                        + METRICS.count(id, "label-join", "labelsSuperseded")
                        + METRICS.count(id, "label-join", "labelsDuplicate"))
                .isEqualTo(labelsIn);
            assertThat(METRICS.count(id, "label-join", "labelsApplied")).isEqualTo(LABELLED);
          });
    }
  }
}
