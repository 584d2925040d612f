package io.osprey.sources.simulator;

import java.util.List;

/**
 * A simulated card holder's habits: where they shop, how much they usually spend, how often they
 * buy online, and the device they pay with.
 *
 * @param typicalAmount median purchase in the card's currency
 * @param ecomShare probability that a purchase is online
 * @param favourites the merchants the holder returns to (most of their payments)
 */
record Card(
    String cardId,
    String homeCountry,
    String currency,
    double typicalAmount,
    double ecomShare,
    String deviceId,
    List<Merchant> favourites) {}
