package io.osprey.schema.codec;

import io.osprey.schema.Transaction;

/** Sample records shared by the codec tests. */
final class Samples {
  private Samples() {}

  static Transaction transaction() {
    return Transaction.newBuilder()
        .setEventId("e-1")
        .setCardId("card-7")
        .setMerchantId("m-3")
        .setMerchantCategory("5411")
        .setAmount(42.5)
        .setCurrency("EUR")
        .setCountry("DE")
        .setChannel("POS")
        .setEventTime(1_700_000_000_000L)
        .setDeviceId("dev-1")
        .setIpAddress(null)
        .build();
  }
}
