package io.osprey.sources.replay;

/** How the replay gets a file's rows into event-time order. */
public enum EventOrder {
  /**
   * The file is already in event-time order (ties allowed): rows are streamed, so a file of any
   * size replays in constant memory. A row earlier than the one before it stops the replay with an
   * error that names it; nothing is reordered silently.
   */
  SORTED,
  /**
   * The rows in the slice are read into memory and sorted by event time (file order among equal
   * times) before the first one is sent. Bounded by {@code replay.max.sort.rows}; a larger slice is
   * refused before anything is sent.
   */
  SORT
}
