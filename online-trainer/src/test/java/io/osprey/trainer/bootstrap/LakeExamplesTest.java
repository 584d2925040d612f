package io.osprey.trainer.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.schema.FeatureVector;
import io.osprey.schema.TrainingExample;
import io.osprey.schema.features.FeatureLayout;
import io.osprey.trainer.intake.LabelledExample;
import io.osprey.trainer.testing.LakeFiles;
import io.osprey.trainer.testing.SyntheticPayments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeExamplesTest {
  @TempDir Path lake;

  @Test
  void readsOneRowPerEventIdTheLatestMaturedInEventTimeOrder() throws Exception {
    SyntheticPayments payments = new SyntheticPayments(1, 0.1);
    List<TrainingExample> examples = new ArrayList<>();
    // 3 days of event time, one example every 20 minutes: three date partitions.
    for (Map.Entry<String, TrainingExample> entry : payments.next(216)) {
      TrainingExample example = entry.getValue();
      long eventTime = SyntheticPayments.START_TIME + 1_200_000L * examples.size();
      example.getFeatures().setEventTime(eventTime);
      examples.add(example);
    }
    // Written in reverse time order, in small files: the reader must sort.
    List<TrainingExample> reversed = new ArrayList<>(examples);
    java.util.Collections.reverse(reversed);
    LakeFiles.write(lake, reversed, 50, "a");
    // An at-least-once replay repeats ten examples in another file...
    LakeFiles.write(lake, examples.subList(0, 10), 50, "replay");
    // ...and a late label corrects one verdict (same event, later maturedTime), written earlier.
    TrainingExample corrected = TrainingExample.newBuilder(examples.get(5)).build();
    corrected.setFraud(!examples.get(5).getFraud());
    corrected.setMaturedTime(examples.get(5).getMaturedTime() + 86_400_000L);
    LakeFiles.write(lake, List.of(corrected), 50, "0-correction");
    // Rows of another spec, a NaN, and a file Flink has not committed yet are left out.
    TrainingExample foreign = copy(examples.get(7), "evt-foreign");
    foreign.getFeatures().setSpecHash("0000000000000000");
    TrainingExample broken = copy(examples.get(8), "evt-nan");
    broken.getFeatures().getValues().set(2, Double.NaN);
    LakeFiles.write(lake, List.of(foreign, broken), 50, "odd");
    Path partition =
        lake.resolve("training-examples").resolve(LakeFiles.date(SyntheticPayments.START_TIME));
    LakeFiles.writeFile(
        partition.resolve(".part-x-0.parquet.inprogress.0000"),
        List.of(copy(examples.get(1), "evt-pending")));
    Files.writeString(partition.resolve("_SUCCESS"), "");

    LakeExamples.Read read = LakeExamples.read(lake, FeatureLayout.PAYMENTS);

    assertThat(read.examples()).hasSize(216);
    assertThat(read.rows()).isEqualTo(216 + 10 + 1 + 2);
    assertThat(read.duplicates()).isEqualTo(11);
    assertThat(read.otherSpec()).isEqualTo(1);
    assertThat(read.nonFinite()).isEqualTo(1);
    assertThat(read.directory()).isEqualTo(lake.resolve("training-examples"));
    assertThat(read.examples()).isSortedAccordingTo(LabelledExample.BY_EVENT_TIME);
    assertThat(read.examples())
        .extracting(LabelledExample::eventId)
        .doesNotHaveDuplicates()
        .doesNotContain("evt-foreign", "evt-nan", "evt-pending");
    LabelledExample fifth = read.examples().get(5);
    assertThat(fifth.eventId()).isEqualTo(examples.get(5).getFeatures().getEventId());
    assertThat(fifth.fraud()).isEqualTo(corrected.getFraud()); // the later verdict won
    assertThat(fifth.values())
        .containsExactly(
            examples.get(5).getFeatures().getValues().stream()
                .mapToDouble(Double::doubleValue)
                .toArray());
    // The training-examples directory itself is accepted too.
    assertThat(
            LakeExamples.read(lake.resolve("training-examples"), FeatureLayout.PAYMENTS).examples())
        .hasSize(216);
  }

  private static TrainingExample copy(TrainingExample example, String eventId) {
    FeatureVector vector =
        FeatureVector.newBuilder(example.getFeatures())
            .setEventId(eventId)
            .setValues(new ArrayList<>(example.getFeatures().getValues()))
            .build();
    return TrainingExample.newBuilder(example).setFeatures(vector).build();
  }
}
