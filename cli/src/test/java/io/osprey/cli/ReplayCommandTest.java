package io.osprey.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.platform.config.Settings;
import io.osprey.sources.replay.ReplayDataset;
import io.osprey.sources.replay.ReplayPlan;
import io.osprey.sources.simulator.SimulatedPaymentsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReplayCommandTest {
  private static final Path PAYMENTS = Path.of("payments.jsonl");

  @Test
  void theSimulatorWritesAFileThatItsPrintedFlagsReplayAsTheQualityRunDoes(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("payments.jsonl");
    int exit =
        new CommandLine(new OspreyCli())
            .execute("simulate", "--to-file", file.toString(), "--set", "simulator.max.events=300");
    assertThat(exit).isZero();
    assertThat(Files.readAllLines(file)).hasSize(300);

    ReplayDataset flags =
        plan(ComponentCommand.Simulate.replayFlags(file).toArray(String[]::new)).dataset();
    ReplayDataset simulator = SimulatedPaymentsFile.dataset(file);

    assertThat(flags.file()).isEqualTo(simulator.file());
    assertThat(flags.label()).isEqualTo(simulator.label());
    assertThat(flags.label().missingMeansUnlabelled()).isTrue();
    assertThat(flags.labelTime()).isEqualTo(simulator.labelTime());
    assertThat(flags.dropColumns()).isEqualTo(simulator.dropColumns()); // the label time too
    assertThat(flags.eventTime()).isEqualTo(simulator.eventTime());
    assertThat(flags.idColumn()).isEqualTo(simulator.idColumn());
    assertThat(flags.entityColumn()).isEqualTo(simulator.entityColumn());
    assertThat(flags.format()).isEqualTo(simulator.format());
  }

  @Test
  void withoutTheFlagsEveryRowNeedsALabelKnownAtAFixedDelay() throws Exception {
    ReplayDataset dataset =
        plan(
                "--file", PAYMENTS.toString(),
                "--entity-column", "cardId",
                "--label-column", "fraud",
                "--label-delay", "1h")
            .dataset();

    assertThat(dataset.label().missingMeansUnlabelled()).isFalse();
    assertThat(dataset.labelTime().of(Map.of(), 0)).isEqualTo(3_600_000L);
    assertThat(dataset.dropColumns()).isEmpty();
  }

  @Test
  void aRateLimitsEventsPerSecondBesideTheSpeed() throws Exception {
    String[] file = {"--file", PAYMENTS.toString(), "--entity-column", "cardId"};
    assertThat(plan(file).maxRate()).isEqualTo(ReplayPlan.NO_RATE_LIMIT);
    ReplayPlan limited =
        plan("--file", PAYMENTS.toString(), "--entity-column", "cardId", "--rate", "1000");
    assertThat(limited.maxRate()).isEqualTo(1000.0);
    assertThat(limited.speed()).isEqualTo(ReplayPlan.MAX_SPEED);
  }

  @Test
  void contradictoryOrIncompleteLabelFlagsAreRefused() {
    assertThatThrownBy(
            () -> plan("--file", "f.jsonl", "--entity-column", "card", "--labels-optional"))
        .hasMessageContaining("--labels-optional needs a --label-column");
    assertThatThrownBy(
            () ->
                plan(
                    "--file", "f.jsonl",
                    "--entity-column", "card",
                    "--label-column", "fraud",
                    "--label-time-column", "labelTime",
                    "--label-delay", "1h"))
        .hasMessageContaining("not both");
    assertThatThrownBy(() -> plan("flights", "--labels-optional"))
        .hasMessageContaining("declares its columns");
  }

  private static ReplayPlan plan(String... args) {
    ReplayCommand command = new ReplayCommand();
    new CommandLine(command).parseArgs(args);
    return command.plan(Settings.empty());
  }
}
