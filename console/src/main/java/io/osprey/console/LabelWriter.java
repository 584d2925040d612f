package io.osprey.console;

/** Where an analyst's verdict goes: {@code labels}, as any labelling client writes it. */
interface LabelWriter extends AutoCloseable {
  /** The source every console verdict carries on its label. */
  String SOURCE = "analyst";

  /**
   * Writes the label and returns once the broker has acknowledged it.
   *
   * @throws Exception when it was not written (the verdict then stays open)
   */
  void write(String eventId, boolean fraud, long labelTime) throws Exception;

  @Override
  void close();
}
