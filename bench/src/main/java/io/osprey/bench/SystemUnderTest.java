package io.osprey.bench;

/** What the load driver needs to know about a running system. */
interface SystemUnderTest extends AutoCloseable {
  String name();

  String bootstrapServers();

  /** Where payments go in (JSON). */
  String inputTopic();

  /** Where one JSON result per payment, carrying its {@code eventId}, comes out. */
  String resultTopic();

  @Override
  void close();
}
