package io.osprey.trainer.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MiniBatcherTest {
  private static final long LINGER = 1_000;

  @Test
  void releasesFullBatchesAndKeepsTheRest() {
    MiniBatcher batcher = new MiniBatcher(3, LINGER);
    for (int i = 0; i < 7; i++) {
      batcher.add(example(i % 2, 10 + i, i == 3), 0);
    }

    TrainingBatch first = batcher.next(0);
    TrainingBatch second = batcher.next(0);

    assertThat(first.size()).isEqualTo(3);
    assertThat(first.labels()).containsExactly(0, 0, 0);
    assertThat(first.fromEventTime()).isEqualTo(10);
    assertThat(first.toEventTime()).isEqualTo(12);
    // offsets 10, 12 on partition 0 and 11 on partition 1: commit positions are next offsets.
    assertThat(first.nextOffsets()).isEqualTo(Map.of(0, 13L, 1, 12L));
    assertThat(second.labels()).containsExactly(1, 0, 0);
    assertThat(batcher.next(0)).isNull();
    assertThat(batcher.pending()).isEqualTo(1);
  }

  @Test
  void releasesAPartialBatchOnceItLingered() {
    MiniBatcher batcher = new MiniBatcher(64, LINGER);
    batcher.add(example(0, 5, false), 100);
    batcher.add(example(0, 6, true), 900);

    assertThat(batcher.next(100 + LINGER - 1)).isNull();
    TrainingBatch partial = batcher.next(100 + LINGER);

    assertThat(partial.size()).isEqualTo(2);
    assertThat(partial.nextOffsets()).isEqualTo(Map.of(0, 7L));
    assertThat(batcher.next(10 * LINGER)).isNull();
  }

  @Test
  void dropsRevokedPartitions() {
    MiniBatcher batcher = new MiniBatcher(2, LINGER);
    batcher.add(example(0, 1, false), 0);
    batcher.add(example(1, 1, false), 0);
    batcher.add(example(0, 2, false), 0);

    batcher.dropPartitions(List.of(1));

    assertThat(batcher.next(0).nextOffsets()).isEqualTo(Map.of(0, 3L));
  }

  private static MiniBatcher.Example example(int partition, long offset, boolean fraud) {
    return new MiniBatcher.Example(new double[] {offset}, fraud, offset, partition, offset);
  }
}
