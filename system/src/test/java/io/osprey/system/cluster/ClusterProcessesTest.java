package io.osprey.system.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterProcessesTest {
  @TempDir Path dir;

  /** A process that runs until signalled, printing one line first. */
  public static final class Sleeper {
    public static void main(String[] args) throws InterruptedException {
      System.out.println("sleeper up");
      Thread.sleep(Duration.ofMinutes(5).toMillis());
    }
  }

  private ProcessSpec sleeper(ClusterLayout layout, String name) {
    return ProcessSpec.java(
        name,
        layout.dir(),
        List.of("-Xmx32m"),
        System.getProperty("java.class.path"),
        Sleeper.class.getName(),
        List.of(),
        Map.of());
  }

  @Test
  void startsDetachedWithPidFileAndLogThenStopsWithSigterm() throws Exception {
    ClusterLayout layout = ClusterLayout.openOrCreate(dir, 3, 2, false);
    ClusterProcesses processes = new ClusterProcesses(layout);

    ProcessHandle started = processes.start(sleeper(layout, "one"));

    assertThat(Files.readString(layout.pidFile("one")).trim())
        .isEqualTo(String.valueOf(started.pid()));
    assertThat(processes.find("one")).map(ProcessHandle::pid).contains(started.pid());
    // starting it again while it runs is a no-op
    assertThat(processes.start(sleeper(layout, "one")).pid()).isEqualTo(started.pid());
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> Files.readString(layout.logFile("one")).contains("sleeper up"));

    assertThat(processes.stop("one", Duration.ofSeconds(30))).isTrue();
    assertThat(started.isAlive()).isFalse();
    assertThat(layout.pidFile("one")).doesNotExist();
    assertThat(processes.find("one")).isEmpty();
  }

  @Test
  void killEndsTheProcessAtOnce() throws Exception {
    ClusterLayout layout = ClusterLayout.openOrCreate(dir, 3, 2, false);
    ClusterProcesses processes = new ClusterProcesses(layout);
    ProcessHandle started = processes.start(sleeper(layout, "victim"));

    assertThat(processes.kill("victim")).isTrue();

    assertThat(started.isAlive()).isFalse();
    assertThat(processes.find("victim")).isEmpty();
    assertThat(processes.kill("victim")).isFalse();
  }

  @Test
  void aPidFileNamingAnotherProgramIsNotTrusted() throws Exception {
    ClusterLayout layout = ClusterLayout.openOrCreate(dir, 3, 2, false);
    Files.createDirectories(layout.pidFile("kafka-1").getParent());
    // this test's own JVM: alive, but not a process of this cluster
    Files.writeString(layout.pidFile("kafka-1"), ProcessHandle.current().pid() + "\n");

    ClusterProcesses processes = new ClusterProcesses(layout);

    assertThat(processes.find("kafka-1")).isEqualTo(Optional.empty());
    assertThat(processes.kill("kafka-1")).isFalse();
  }

  @Test
  void theLayoutKeepsItsPortsAcrossOpens() throws Exception {
    ClusterLayout first = ClusterLayout.openOrCreate(dir, 3, 2, false);
    ClusterLayout again = ClusterLayout.openOrCreate(dir, 3, 2, false);

    assertThat(again.bootstrapServers()).isEqualTo(first.bootstrapServers());
    assertThat(again.bootstrapServers().split(",")).hasSize(3);
    assertThat(again.kafkaClusterId()).isEqualTo(first.kafkaClusterId()).hasSize(22);
    assertThat(again.flinkRestPort()).isEqualTo(first.flinkRestPort());
    assertThat(ClusterLayout.open(dir).scorerHttpPort(2)).isEqualTo(first.scorerHttpPort(2));
  }
}
