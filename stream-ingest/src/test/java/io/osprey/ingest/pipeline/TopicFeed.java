package io.osprey.ingest.pipeline;

import io.osprey.ingest.model.RawRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A topic without a broker: records a test hands to the job while it runs, in partitions as Kafka
 * keeps them (one key, one partition, so an entity's records keep their order), read by a Flink
 * {@link Source} of {@link RawRecord}s exactly as the job's Kafka source delivers them. The records
 * stay in this JVM, where the MiniCluster runs, under the feed's name.
 *
 * <p>Readers wait for more records until {@link #end()}; then the source is finished once every
 * partition is read, and the job ends (event-time timers fire at the end of input).
 */
public final class TopicFeed {
  private static final Map<String, Partitions> FEEDS = new ConcurrentHashMap<>();

  private final String name;
  private final Partitions partitions;

  /** A new, empty feed; dead letters name {@code name} as their source topic. */
  public TopicFeed(String name, int partitions) {
    this.name = name;
    this.partitions = new Partitions(partitions);
    FEEDS.put(name, this.partitions);
  }

  public String name() {
    return name;
  }

  /** Appends a record to the partition of its key, as a producer keying by it would. */
  public void send(String key, byte[] value) {
    send(key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
  }

  public void send(byte[] key, byte[] value) {
    int partition = key == null ? 0 : Math.floorMod(Arrays.hashCode(key), partitions.count());
    List<RawRecord> records = partitions.records.get(partition);
    synchronized (records) {
      records.add(
          new RawRecord(name, partition, records.size(), System.currentTimeMillis(), key, value));
    }
  }

  public void sendAll(List<Map.Entry<String, byte[]>> records) {
    records.forEach(r -> send(r.getKey(), r.getValue()));
  }

  /** No more records: readers finish once they have read every partition. */
  public void end() {
    partitions.ended.set(true);
  }

  public Source<RawRecord, Split, Set<Integer>> source() {
    return new FeedSource(name, partitions.count());
  }

  /** The records of one feed, per partition, and whether it has ended. */
  private static final class Partitions {
    final List<List<RawRecord>> records = new ArrayList<>();
    final AtomicBoolean ended = new AtomicBoolean();

    Partitions(int count) {
      for (int i = 0; i < count; i++) {
        records.add(new CopyOnWriteArrayList<>());
      }
    }

    int count() {
      return records.size();
    }
  }

  /** One partition of a feed and how far it has been read. */
  public record Split(String feed, int partition, long position) implements SourceSplit {
    @Override
    public String splitId() {
      return feed + "-" + partition;
    }
  }

  private record FeedSource(String feed, int partitions)
      implements Source<RawRecord, Split, Set<Integer>> {
    @Override
    public Boundedness getBoundedness() {
      return Boundedness.BOUNDED; // once the feed has ended; batch runs need it said up front
    }

    @Override
    public SplitEnumerator<Split, Set<Integer>> createEnumerator(
        SplitEnumeratorContext<Split> context) {
      return new Assigner(context, feed, partitions, Set.of());
    }

    @Override
    public SplitEnumerator<Split, Set<Integer>> restoreEnumerator(
        SplitEnumeratorContext<Split> context, Set<Integer> assigned) {
      return new Assigner(context, feed, partitions, assigned);
    }

    @Override
    public SimpleVersionedSerializer<Split> getSplitSerializer() {
      return new SplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<Set<Integer>> getEnumeratorCheckpointSerializer() {
      return new AssignedSerializer();
    }

    @Override
    public SourceReader<RawRecord, Split> createReader(SourceReaderContext context) {
      return new Reader(FEEDS.get(feed));
    }
  }

  /**
   * Gives reader {@code i} the partitions {@code p} with {@code p % readers == i}, as Kafka does,
   * once: it remembers (in its checkpoint) which readers have theirs, because a job restored from a
   * savepoint registers its readers again while they already hold their splits, with positions.
   */
  private static final class Assigner implements SplitEnumerator<Split, Set<Integer>> {
    private final SplitEnumeratorContext<Split> context;
    private final String feed;
    private final int partitions;
    private final Set<Integer> assigned;

    Assigner(
        SplitEnumeratorContext<Split> context, String feed, int partitions, Set<Integer> assigned) {
      this.context = context;
      this.feed = feed;
      this.partitions = partitions;
      this.assigned = new TreeSet<>(assigned);
    }

    @Override
    public void start() {}

    @Override
    public void handleSplitRequest(int subtask, String requesterHostname) {}

    @Override
    public void addSplitsBack(List<Split> splits, int subtask) {
      splits.forEach(s -> context.assignSplit(s, subtask));
    }

    @Override
    public void addReader(int subtask) {
      if (assigned.add(subtask)) {
        int readers = context.currentParallelism();
        for (int p = subtask; p < partitions; p += readers) {
          context.assignSplit(new Split(feed, p, 0), subtask);
        }
      }
      context.signalNoMoreSplits(subtask);
    }

    @Override
    public Set<Integer> snapshotState(long checkpointId) {
      return Set.copyOf(assigned);
    }

    @Override
    public void close() {}
  }

  /** Reads its partitions in turn, one record each, and waits briefly when none has more. */
  private static final class Reader implements SourceReader<RawRecord, Split> {
    private final Partitions feed;
    private final Queue<long[]> splits = new ArrayDeque<>(); // {partition, position}
    private String name;
    private boolean noMoreSplits;

    Reader(Partitions feed) {
      this.feed = feed;
    }

    @Override
    public void start() {}

    @Override
    public InputStatus pollNext(ReaderOutput<RawRecord> output) {
      for (int tried = 0; tried < splits.size(); tried++) {
        long[] split = splits.poll();
        splits.add(split);
        List<RawRecord> records = feed.records.get((int) split[0]);
        if (split[1] < records.size()) {
          RawRecord record = records.get((int) split[1]++);
          output.collect(record, record.timestamp);
          return InputStatus.MORE_AVAILABLE;
        }
      }
      boolean allRead = splits.stream().allMatch(s -> s[1] >= feed.records.get((int) s[0]).size());
      return noMoreSplits && feed.ended.get() && allRead
          ? InputStatus.END_OF_INPUT
          : InputStatus.NOTHING_AVAILABLE;
    }

    @Override
    public List<Split> snapshotState(long checkpointId) {
      return splits.stream().map(s -> new Split(name, (int) s[0], s[1])).toList();
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
      return CompletableFuture.runAsync(
          () -> {}, CompletableFuture.delayedExecutor(5, TimeUnit.MILLISECONDS));
    }

    @Override
    public void addSplits(List<Split> added) {
      for (Split s : added) {
        name = s.feed();
        splits.add(new long[] {s.partition(), s.position()});
      }
    }

    @Override
    public void notifyNoMoreSplits() {
      noMoreSplits = true;
    }

    @Override
    public void close() {}
  }

  private static final class SplitSerializer implements SimpleVersionedSerializer<Split> {
    @Override
    public int getVersion() {
      return 1;
    }

    @Override
    public byte[] serialize(Split split) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        out.writeUTF(split.feed());
        out.writeInt(split.partition());
        out.writeLong(split.position());
      }
      return bytes.toByteArray();
    }

    @Override
    public Split deserialize(int version, byte[] serialized) throws IOException {
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
        return new Split(in.readUTF(), in.readInt(), in.readLong());
      }
    }
  }

  private static final class AssignedSerializer implements SimpleVersionedSerializer<Set<Integer>> {
    @Override
    public int getVersion() {
      return 1;
    }

    @Override
    public byte[] serialize(Set<Integer> assigned) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        out.writeInt(assigned.size());
        for (int subtask : assigned) {
          out.writeInt(subtask);
        }
      }
      return bytes.toByteArray();
    }

    @Override
    public Set<Integer> deserialize(int version, byte[] serialized) throws IOException {
      Set<Integer> assigned = new TreeSet<>();
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
        for (int n = in.readInt(); n > 0; n--) {
          assigned.add(in.readInt());
        }
      }
      return assigned;
    }
  }
}
