package io.osprey.console;

import io.osprey.platform.config.Setting;

/** Keys of the browser console (served by the demo and, when its port is set, by a scorer). */
public final class ConsoleSettings {
  public static final Setting<Integer> PORT =
      Setting.integer(
          "console.port",
          "Port of the browser console (http://localhost:<port>/); 0 picks a free port, -1 turns"
              + " it off. The demo binds it to demo.bind.address, a scorer to metrics.bind.address.",
          9405,
          -1,
          65_535);
  public static final Setting<Integer> REVIEW_QUEUE_SIZE =
      Setting.integer(
          "console.review.queue.size",
          "REVIEW predictions the analyst queue keeps (newest first); older ones drop out.",
          200,
          1,
          10_000);
  public static final Setting<Integer> HISTORY_SECONDS =
      Setting.integer(
          "console.history.seconds",
          "Seconds of throughput, latency, model and quality history the charts show.",
          300,
          10,
          86_400);

  private ConsoleSettings() {}
}
