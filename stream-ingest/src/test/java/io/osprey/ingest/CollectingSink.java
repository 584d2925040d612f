package io.osprey.ingest;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A sink that keeps what it receives in this JVM (the MiniCluster runs here), under a name, so a
 * test can run the job with in-memory outputs.
 */
public final class CollectingSink<T> implements Sink<T> {
  private static final long serialVersionUID = 1L;
  private static final Map<String, Queue<Object>> RECEIVED = new ConcurrentHashMap<>();

  private final String name;

  /** A new, empty sink of this name. */
  public CollectingSink(String name) {
    this(name, true);
  }

  /** The sink of this name; {@code reset} empties what it received so far. */
  public CollectingSink(String name, boolean reset) {
    this.name = name;
    if (reset) {
      RECEIVED.put(name, new ConcurrentLinkedQueue<>());
    } else {
      RECEIVED.putIfAbsent(name, new ConcurrentLinkedQueue<>());
    }
  }

  @SuppressWarnings("unchecked")
  public List<T> received() {
    return (List<T>) List.copyOf(RECEIVED.get(name));
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) {
    Queue<Object> queue = RECEIVED.get(name);
    return new SinkWriter<>() {
      @Override
      public void write(T element, Context context) {
        queue.add(element);
      }

      @Override
      public void flush(boolean endOfInput) {}

      @Override
      public void close() {}
    };
  }
}
