package io.osprey.ingest.monitor;

import java.util.Objects;
import org.apache.flink.configuration.Configuration;

/**
 * Whether the job's restarts are reported: {@link #none()}, or as alerts on a {@code monitoring}
 * topic ({@link RestartAlerts}). Applied to the job's configuration, where Flink reads status
 * listeners from.
 */
public sealed interface RestartReporting {

  /** Restarts are not reported (Flink still counts them in {@code numRestarts}). */
  static RestartReporting none() {
    return new None();
  }

  /** Each restart is an alert on the {@code monitoring} topic of these brokers and prefix. */
  static RestartReporting toMonitoring(String bootstrapServers, String topicPrefix) {
    return new ToMonitoring(bootstrapServers, topicPrefix);
  }

  /** Adds what this reporting needs to the job's configuration. */
  void configure(Configuration conf);

  /** Not reported. */
  record None() implements RestartReporting {
    @Override
    public void configure(Configuration conf) {}
  }

  /** Reported by {@link RestartAlerts}. */
  record ToMonitoring(String bootstrapServers, String topicPrefix) implements RestartReporting {
    public ToMonitoring {
      Objects.requireNonNull(bootstrapServers, "bootstrapServers");
      Objects.requireNonNull(topicPrefix, "topicPrefix");
    }

    @Override
    public void configure(Configuration conf) {
      RestartAlerts.configure(conf, bootstrapServers, topicPrefix);
    }
  }
}
