package io.osprey.sources.simulator;

/**
 * A payment decided but not yet sent: what a scenario (or a card holder) does, and from when. The
 * generator gives it an event id and an event time when it is its turn.
 *
 * @param due the earliest event time it may be sent at
 * @param pattern the behaviour that produced it ({@code normal} or a fraud scenario's name)
 */
record Draft(
    Card card,
    Merchant merchant,
    String terminalId,
    double amount,
    String channel,
    String deviceId,
    boolean fraud,
    String pattern,
    long due) {

  /** This payment card-present at one of {@code merchant}'s terminals, or online at its shop. */
  static Draft at(
      Card card,
      Merchant merchant,
      boolean online,
      int terminalChoice,
      double amount,
      String deviceId,
      boolean fraud,
      String pattern,
      long due) {
    boolean web = online && merchant.online();
    String terminal =
        web
            ? merchant.webTerminal()
            : merchant.terminals().get(Math.floorMod(terminalChoice, merchant.terminals().size()));
    return new Draft(
        card, merchant, terminal, amount, web ? "ECOM" : "POS", deviceId, fraud, pattern, due);
  }

  Draft asFraud(String fraudPattern) {
    return new Draft(
        card, merchant, terminalId, amount, channel, deviceId, true, fraudPattern, due);
  }
}
