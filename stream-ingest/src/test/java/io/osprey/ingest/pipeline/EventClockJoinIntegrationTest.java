package io.osprey.ingest.pipeline;

import static io.osprey.ingest.Fixtures.T0;
import static io.osprey.ingest.Fixtures.currentExamples;
import static io.osprey.ingest.Fixtures.labelJson;
import static io.osprey.ingest.Fixtures.transactionJson;
import static io.osprey.ingest.Fixtures.utf8;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.ingest.Fixtures;
import io.osprey.ingest.IngestSettings;
import io.osprey.ingest.IngestSettings.MaturityClock;
import io.osprey.ingest.model.Example;
import io.osprey.ingest.model.Rejected;
import io.osprey.platform.config.Settings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The label join on the event clock ({@code ingest.maturity.clock=event}), as a replay of history
 * runs it, through the streaming pipeline without a broker: labels sent before their payments wait
 * for them, a label inside the window decides the example, one after it corrects the example, and a
 * label whose payment never comes is a join dead letter; all decided by the records' own times, not
 * by when they arrive. The feeds then end, and the end of input matures everything.
 */
class EventClockJoinIntegrationTest {
  private static final int PARALLELISM = 2;
  private static final long HOUR = Duration.ofHours(1).toMillis();
  private static final int PAYMENTS = 40;

  @RegisterExtension static final MiniClusterExtension FLINK = Fixtures.miniCluster(PARALLELISM);

  @Test
  void labelsCountByTheirOwnTimeNotByTheirArrival() throws Exception {
    Settings settings =
        Settings.empty()
            .with(IngestSettings.MATURITY_CLOCK, MaturityClock.EVENT)
            .with(IngestSettings.MATURITY_WINDOW, Duration.ofHours(1))
            .with(IngestSettings.LABEL_CORRECTION_HORIZON, Duration.ofDays(1))
            .with(IngestSettings.RESTART_STRATEGY, IngestSettings.RestartStrategy.NONE);
    Map<String, String> expected = new TreeMap<>();
    try (PipelineRun run = PipelineRun.start("event-clock", settings, PARALLELISM)) {
      // Labels first: on the event clock they wait for their payments, whenever those arrive.
      for (int i = 0; i < PAYMENTS; i++) {
        long t = T0 + i * 90_000L;
        String id = "tx-" + i;
        switch (i % 10) {
          case 0 -> {
            run.labels().send(id, utf8(labelJson(id, true, t + HOUR / 2))); // decides
            expected.put(id, "fraud=true labelTime=" + (t + HOUR / 2) + " matured=" + (t + HOUR));
          }
          case 5 -> {
            run.labels().send(id, utf8(labelJson(id, true, t + 3 * HOUR))); // corrects
            expected.put(
                id, "fraud=true labelTime=" + (t + 3 * HOUR) + " matured=" + (t + 3 * HOUR));
          }
          default -> expected.put(id, "fraud=false labelTime=null matured=" + (t + HOUR));
        }
      }
      run.labels().send("tx-never", utf8(labelJson("tx-never", true, T0)));
      for (int i = 0; i < PAYMENTS; i++) {
        String card = "card-" + i % 4;
        run.transactions()
            .send(card, utf8(transactionJson("tx-" + i, card, 10 + i, T0 + i * 90_000L)));
      }
      run.finish();

      List<Example> examples = run.trainingExamples();
      assertThat(examples).hasSize(PAYMENTS + PAYMENTS / 10); // one each, and the corrections
      assertThat(currentExamples(examples)).isEqualTo(expected);
      assertThat(run.deadLetters())
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.stage).isEqualTo(Rejected.JOIN);
                assertThat(new String(d.key, UTF_8)).isEqualTo("tx-never");
              });
    }
  }
}
