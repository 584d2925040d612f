package io.osprey.ingest.pipeline;

import static io.osprey.ingest.Fixtures.labelJson;
import static io.osprey.ingest.Fixtures.transactionJson;
import static io.osprey.ingest.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.ingest.IngestSettings;
import io.osprey.ingest.JobMetrics;
import io.osprey.ingest.model.FeatureRow;
import io.osprey.ingest.model.Rejected;
import io.osprey.platform.config.Settings;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Records a hostile producer can send, through the pipeline without a broker and with Flink's
 * restart strategy on (so a failure would loop, as it did before issue 11): a 1 MB key, keys and
 * values that are not UTF-8, one event id on two cards. Each ends as a dead letter with its reason
 * or a counted duplicate, the job never restarts, and a payment sent after them is still scored.
 * What the Kafka sinks do with a record too large for the broker is SinkSizeGuardIntegrationTest's.
 */
class HostileInputIntegrationTest {
  private static final int PARALLELISM = 2;
  private static final byte[] SURROGATE = {(byte) 0xED, (byte) 0xA0, (byte) 0x80};

  private static final JobMetrics METRICS = new JobMetrics();

  @RegisterExtension static final MiniClusterExtension FLINK = METRICS.miniCluster(PARALLELISM);

  @Test
  void hostileRecordsAreAccountedForAndTheJobNeverRestarts() throws Exception {
    Settings settings =
        Settings.empty()
            .with(IngestSettings.CHECKPOINT_INTERVAL, Duration.ofSeconds(2))
            .with(IngestSettings.MATURITY_WINDOW, Duration.ofSeconds(2))
            .with(IngestSettings.MAX_RECORD_BYTES, 1024 * 1024)
            .with(IngestSettings.RESTART_STRATEGY, IngestSettings.RestartStrategy.FIXED_DELAY);
    long now = System.currentTimeMillis();
    byte[] megabyteKey = new byte[1_000_000];
    Arrays.fill(megabyteKey, (byte) 'k');

    try (PipelineRun run = PipelineRun.start("hostile", settings, PARALLELISM)) {
      TopicFeed transactions = run.transactions();
      transactions.send(megabyteKey, utf8(transactionJson("big-key", "card-1", 10, now)));
      transactions.send(SURROGATE, utf8(transactionJson("bad-key", "card-1", 10, now)));
      transactions.send(utf8("card-1"), withSurrogate(transactionJson("bad-XX", "card-1", 1, now)));
      transactions.send("card-1", utf8(transactionJson("shared-id", "card-1", 10, now)));
      transactions.send("card-2", utf8(transactionJson("shared-id", "card-2", 20, now)));
      run.labels().send(megabyteKey, utf8(labelJson("shared-id", true, now)));
      run.labels().send(utf8("shared-id"), withSurrogate(labelJson("shared-XX", true, now)));
      transactions.send(
          "card-3", utf8(transactionJson("after-the-hostile-ones", "card-3", 10, now)));

      // A payment sent after the hostile records is scored; the shared id is scored once.
      JobMetrics.await(
          () -> {
            assertThat(METRICS.count(run.jobId(), "dedupe-event-id", "duplicates")).isEqualTo(1);
            assertThat(ids(run.features())).contains("after-the-hostile-ones", "shared-id");
          });
      assertThat(ids(run.features()))
          .containsExactlyInAnyOrder("shared-id", "after-the-hostile-ones");

      // Two keys, one value and one label not UTF-8 or too large; the label with the 1 MB key.
      JobMetrics.await(() -> assertThat(run.deadLetters()).hasSizeGreaterThanOrEqualTo(5));
      List<Rejected> deadLetters = run.deadLetters();
      assertThat(deadLetters).hasSize(5);
      List<Rejected> keyTooLarge =
          deadLetters.stream().filter(d -> d.reason.startsWith("key_too_large")).toList();
      assertThat(keyTooLarge).hasSize(2);
      assertThat(keyTooLarge)
          .allSatisfy(
              d -> {
                assertThat(d.keyBytes).isEqualTo(megabyteKey.length);
                assertThat(d.truncated).isTrue();
                assertThat(d.valueBytes).isEqualTo(d.rawValue.length);
                // Cut to the key limit before the sink (the dead-letter cap).
                assertThat(d.key).hasSize(IngestSettings.MAX_KEY_BYTES.defaultValue());
              });
      assertThat(deadLetters)
          .extracting(d -> d.reason)
          .filteredOn(reason -> reason.contains("invalid UTF-8"))
          .hasSize(3);

      assertThat(run.job().getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
      assertThat(METRICS.jobGauge(run.jobId(), "numRestarts")).isZero();
    }
  }

  private static List<String> ids(List<FeatureRow> vectors) {
    return vectors.stream().map(v -> v.eventId).toList();
  }

  /** The text with its "XX" replaced by the three bytes ED A0 80 (an encoded UTF-16 surrogate). */
  private static byte[] withSurrogate(String text) {
    byte[] bytes = utf8(text);
    int at = text.indexOf("XX");
    byte[] out = new byte[bytes.length + 1];
    System.arraycopy(bytes, 0, out, 0, at);
    System.arraycopy(SURROGATE, 0, out, at, 3);
    System.arraycopy(bytes, at + 2, out, at + 3, bytes.length - at - 2);
    return out;
  }
}
