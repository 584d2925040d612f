package io.osprey.sources.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Bad input of the kinds production sees: bytes that are not JSON, wrong types, missing fields,
 * absurd values and records far larger than any payment. Ingest must dead-letter each with a
 * reason.
 */
final class MalformedRecords {
  private static final int HUGE_BYTES = 200 * 1024;

  private MalformedRecords() {}

  static byte[] next(Random random, long eventTime) {
    switch (random.nextInt(5)) {
      case 0:
        byte[] garbage = new byte[16 + random.nextInt(64)];
        random.nextBytes(garbage);
        garbage[0] = '{';
        return garbage;
      case 1:
        return json("\"amount\":\"twelve\"", eventTime);
      case 2:
        return ("{\"eventId\":\"bad-" + random.nextInt() + "\",\"cardId\":\"card-1\"}")
            .getBytes(StandardCharsets.UTF_8);
      case 3:
        return json("\"amount\":-1e12", eventTime);
      default:
        StringBuilder huge = new StringBuilder(HUGE_BYTES + 200);
        huge.append("{\"padding\":\"");
        huge.append("x".repeat(HUGE_BYTES));
        huge.append("\",");
        String body = new String(json("\"amount\":10", eventTime), StandardCharsets.UTF_8);
        return huge.append(body.substring(1)).toString().getBytes(StandardCharsets.UTF_8);
    }
  }

  private static byte[] json(String amountField, long eventTime) {
    return ("{\"eventId\":\"bad-"
            + Long.toHexString(System.nanoTime())
            + "\",\"cardId\":\"card-1\",\"merchantId\":\"m-1\",\"merchantCategory\":\"5411\","
            + amountField
            + ",\"currency\":\"EUR\",\"country\":\"DE\",\"channel\":\"POS\",\"eventTime\":"
            + eventTime
            + "}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
