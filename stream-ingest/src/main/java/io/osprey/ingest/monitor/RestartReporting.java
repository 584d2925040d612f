package io.osprey.ingest.monitor;

import io.osprey.platform.kafka.KafkaClients;
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

  /**
   * Each restart is an alert on the {@code monitoring} topic of this prefix, sent by a producer of
   * {@code kafka} (its brokers and client security).
   */
  static RestartReporting toMonitoring(KafkaClients kafka, String topicPrefix) {
    return new ToMonitoring(kafka, topicPrefix);
  }

  /** Adds what this reporting needs to the job's configuration. */
  void configure(Configuration conf);

  /** Not reported. */
  record None() implements RestartReporting {
    @Override
    public void configure(Configuration conf) {}
  }

  /** Reported by {@link RestartAlerts}. */
  record ToMonitoring(KafkaClients kafka, String topicPrefix) implements RestartReporting {
    public ToMonitoring {
      Objects.requireNonNull(kafka, "kafka");
      Objects.requireNonNull(topicPrefix, "topicPrefix");
    }

    @Override
    public void configure(Configuration conf) {
      RestartAlerts.configure(conf, kafka, topicPrefix);
    }
  }
}
