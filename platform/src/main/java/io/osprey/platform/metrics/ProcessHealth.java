package io.osprey.platform.metrics;

import java.util.Optional;

/**
 * What a process says about itself on {@code /health} and {@code /ready}. Alive means "do not
 * restart me": the process has not failed for good. Ready means "send me work": it has its
 * partitions, its state is restored and it serves (or trains) a model. Each component owns its own
 * answer; the endpoint only turns it into a status code.
 */
public interface ProcessHealth {
  /** Always alive and ready: for an endpoint that only serves metrics. */
  ProcessHealth ALWAYS = new ProcessHealth() {};

  /** Why the process has failed and should be restarted, or empty while it is alive. */
  default Optional<String> failure() {
    return Optional.empty();
  }

  /** Why the process should not get work yet, or empty when it is ready. */
  default Optional<String> notReady() {
    return Optional.empty();
  }
}
