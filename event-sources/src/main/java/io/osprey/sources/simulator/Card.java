package io.osprey.sources.simulator;

/**
 * A simulated card holder's habits: where they shop, how much they usually spend, how often they
 * buy online.
 *
 * @param typicalAmount median purchase in the card's currency
 * @param ecomShare probability that a purchase is online
 */
record Card(
    String cardId,
    String homeCountry,
    String currency,
    double typicalAmount,
    double ecomShare,
    String deviceId) {}
