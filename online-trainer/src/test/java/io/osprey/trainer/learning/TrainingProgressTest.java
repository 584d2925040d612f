package io.osprey.trainer.learning;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.schema.TrainingWindow;
import io.osprey.trainer.intake.TrainingBatch;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingProgressTest {

  @Test
  void windowCoversTheLineageAndOffsetsThisRun() {
    TrainingProgress progress =
        TrainingProgress.resume(new TrainingWindow(1_000L, 2_000L, 100L, "0=50,1=50"));

    progress.trained(batch(1_500, 3_000, Map.of(1, 80L, 0, 70L), 4));
    progress.trained(batch(2_500, 2_600, Map.of(1, 75L), 2));

    TrainingWindow window = progress.toWindow();
    assertThat(window.getFromEventTime()).isEqualTo(1_000);
    assertThat(window.getToEventTime()).isEqualTo(3_000);
    assertThat(window.getExamples()).isEqualTo(106);
    assertThat(window.getOffsets()).isEqualTo("0=70,1=80");
    assertThat(progress.examplesSinceLastPublication()).isEqualTo(6);

    progress.markPublished();
    assertThat(progress.examplesSinceLastPublication()).isZero();
  }

  private static TrainingBatch batch(long from, long to, Map<Integer, Long> next, int size) {
    return new TrainingBatch(new double[size][1], new double[size], from, to, next);
  }
}
