package io.osprey.scoring;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells the tasks of one scorer instance that {@link AdmittedModelStore} changed. {@link
 * EnvelopeAdmission}, the store's only writer, counts each change after writing it; a task compares
 * the count on every record and reads the store only when it moved. Reading one volatile long per
 * record instead of a RocksDB lookup and an Avro decode of the envelope header per model slot was
 * the largest single saving of the hot path (about a fifth of the scorer's own work per record,
 * measured with {@code HotPathBenchmark}).
 *
 * <p>Correct across threads because the admission counts after its writes are complete: a task that
 * sees the new count then reads the new store content; one that read the count just before a write
 * sees the count move on its next record. So a swap still takes effect between two records.
 */
final class AdmittedModelStoreChanges {
  /** A count no task has seen, so that each task reads the store before its first record. */
  static final long NEVER_READ = -1;

  private final AtomicLong count = new AtomicLong();

  /** Called by the admission after each change of the store. */
  void changed() {
    count.incrementAndGet();
  }

  /** The number of changes so far. */
  long count() {
    return count.get();
  }
}
