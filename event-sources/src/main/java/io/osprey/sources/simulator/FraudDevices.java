package io.osprey.sources.simulator;

import java.util.Random;

/**
 * The devices fraudsters pay from: half the time one of a small pool they reuse across many cards
 * (a rig, an emulator farm), half the time a device never seen before. Only the pool's reuse across
 * cards gives it away, and only to features keyed by device.
 */
final class FraudDevices {
  private final int pool;

  FraudDevices(int pool) {
    this.pool = pool;
  }

  String pick(Random random) {
    return random.nextBoolean()
        ? "dev-r" + random.nextInt(pool)
        : "dev-x" + Integer.toString(random.nextInt(Integer.MAX_VALUE), 36);
  }
}
