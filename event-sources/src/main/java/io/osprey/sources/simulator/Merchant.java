package io.osprey.sources.simulator;

import java.util.List;

/**
 * A simulated merchant with its ISO 18245 category code and the terminals that take its payments.
 *
 * @param terminals its card-present terminals (at least one)
 * @param webTerminal the gateway of its online shop; null when it sells only in store
 */
record Merchant(
    String merchantId,
    String category,
    String country,
    List<String> terminals,
    String webTerminal) {

  boolean online() {
    return webTerminal != null;
  }
}
