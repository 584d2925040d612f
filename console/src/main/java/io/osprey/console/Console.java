package io.osprey.console;

import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.platform.kafka.KafkaClients;
import io.osprey.schema.features.FeatureSpecs;
import io.osprey.schema.topic.OspreyTopics;
import java.io.IOException;

/**
 * The live browser console: a {@link ConsoleFeed} reading the topics into a {@link ConsoleState}, a
 * {@link ConsoleServer} showing it, and a {@link ReviewDesk} through which analysts' verdicts
 * become labels. Started by the demo and, when {@code console.port} is set, by a scorer.
 *
 * <pre>
 *   try (Console console = Console.start(settings, reader, labeller, "127.0.0.1")) {
 *     ... http://localhost:console.port()/ ...
 *   }
 * </pre>
 */
public final class Console implements AutoCloseable {
  private final ConsoleFeed feed;
  private final LabelWriter labels;
  private final ConsoleServer server;

  private Console(ConsoleFeed feed, LabelWriter labels, ConsoleServer server) {
    this.feed = feed;
    this.labels = labels;
    this.server = server;
  }

  /**
   * Starts the console on {@code host} and {@code console.port}.
   *
   * @param reader clients allowed to read every topic the console shows
   * @param labeller clients allowed to write {@code labels}
   */
  public static Console start(
      Settings settings, KafkaClients reader, KafkaClients labeller, String host)
      throws IOException {
    OspreyTopics topics = CommonSettings.topics(settings);
    ReviewQueue queue = new ReviewQueue(settings.get(ConsoleSettings.REVIEW_QUEUE_SIZE));
    ConsoleState state =
        new ConsoleState(
            FeatureSpecs.load(settings.get(CommonSettings.FEATURE_SPEC)).layout(),
            settings.get(ConsoleSettings.HISTORY_SECONDS),
            queue);
    ConsoleFeed feed = new ConsoleFeed(reader, topics, state);
    LabelWriter labels = new KafkaLabelWriter(labeller, topics);
    try {
      feed.start();
      ConsoleServer server =
          ConsoleServer.start(
              host,
              settings.get(ConsoleSettings.PORT),
              () -> state.snapshot(System.currentTimeMillis()),
              new ReviewDesk(queue, labels, System::currentTimeMillis));
      return new Console(feed, labels, server);
    } catch (IOException | RuntimeException e) {
      feed.close();
      labels.close();
      throw e;
    }
  }

  /** The port the console listens on (the chosen one when {@code console.port} is 0). */
  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.close();
    feed.close();
    labels.close();
  }
}
