package io.osprey.sources.simulator;

/** A simulated merchant with its ISO 18245 category code. */
record Merchant(String merchantId, String category, String country) {}
