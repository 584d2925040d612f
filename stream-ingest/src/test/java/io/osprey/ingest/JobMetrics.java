package io.osprey.ingest;

import io.osprey.platform.testing.KafkaTestSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.groups.OperatorMetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.awaitility.Awaitility;
import org.awaitility.core.ThrowingRunnable;

/**
 * The job's metrics as a user would read them (operator name, counter name), kept by an in-memory
 * reporter added to the MiniCluster's configuration.
 */
public final class JobMetrics {
  private final InMemoryReporter reporter = InMemoryReporter.createWithRetainedMetrics();

  /**
   * A MiniCluster of one task manager with {@code slots} slots, {@code conf} and this reporter: the
   * ingest integration tests' cluster.
   */
  public MiniClusterExtension miniCluster(Configuration conf, int slots) {
    return Fixtures.miniCluster(addTo(conf), slots);
  }

  /** The same with Flink's default configuration. */
  public MiniClusterExtension miniCluster(int slots) {
    return miniCluster(new Configuration(), slots);
  }

  /** {@code conf} with this reporter added; pass it to the MiniCluster. */
  public Configuration addTo(Configuration conf) {
    return reporter.addToConfiguration(conf);
  }

  /** The sum over subtasks of a counter of the named operator. */
  public long count(JobID job, String operator, String counter) {
    return values(job, operator, counter).stream().mapToLong(Long::longValue).sum();
  }

  /** One value per subtask of a counter or gauge of the named operator. */
  public List<Long> values(JobID job, String operator, String metric) {
    List<Long> values = new ArrayList<>();
    for (OperatorMetricGroup group : reporter.findOperatorMetricGroups(job, operator)) {
      Metric m = reporter.getMetricsByGroup(group).get(metric);
      if (m instanceof Counter c) {
        values.add(c.getCount());
      } else if (m instanceof Gauge<?> g && g.getValue() instanceof Number n) {
        values.add(n.longValue());
      }
    }
    return values;
  }

  /**
   * A job-level gauge (e.g. {@code numRestarts}, kept by the job manager); fails when the job has
   * none of that name.
   */
  public long jobGauge(JobID job, String name) {
    for (Metric m : reporter.findMetrics(job, ".*\\." + name).values()) {
      if (m instanceof Gauge<?> g && g.getValue() instanceof Number n) {
        return n.longValue();
      }
    }
    throw new AssertionError("no job gauge " + name + " in " + identifiers(job, ".*" + name));
  }

  /** The identifiers of the job's metrics that match {@code regex}, e.g. a state backend's own. */
  public Set<String> identifiers(JobID job, String regex) {
    return reporter.findMetrics(job, regex).keySet();
  }

  /** Polls {@code assertion} until it holds, up to the shared record deadline. */
  public static void await(ThrowingRunnable assertion) {
    Awaitility.await()
        .atMost(KafkaTestSupport.RECORD_DEADLINE)
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(assertion);
  }
}
