package io.osprey.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.bench.quality.ModelQuality;
import io.osprey.bench.quality.WindowQuality;
import io.osprey.schema.Prediction;
import io.osprey.trainer.intake.LabelledExample;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The served decisions on the report's windows: each window alone, and since the start. */
class ServedSeriesTest {
  private static final ModelQuality UNUSED = ModelQuality.NONE;

  private final Map<String, Prediction> predictions = new HashMap<>();

  @Test
  void aWindowWithoutFraudHasNoPrAucButTheRunningFigureStaysDefined() {
    // Window 0 (t 0-9): a fraud ranked first, and a genuine payment. Window 1 (t 10-19): genuine
    // only. Window 2 (t 20-29): a fraud ranked below a genuine payment.
    List<LabelledExample> examples =
        List.of(
            served("a", 1, true, 0.9),
            served("b", 2, false, 0.1),
            served("c", 11, false, 0.2),
            served("d", 12, false, 0.3),
            served("e", 21, true, 0.4),
            served("f", 22, false, 0.6));
    List<WindowQuality> windows = List.of(window(0, 1, 2), window(1, 11, 12), window(2, 21, 22));

    ServedSeries series = ServedSeries.of(windows, examples, predictions);

    assertThat(series.perWindow()).extracting(ServedQuality::examples).containsExactly(2, 2, 2);
    assertThat(series.sinceStart()).extracting(ServedQuality::examples).containsExactly(2, 4, 6);
    assertThat(series.perWindow().get(0).prAuc()).isEqualTo(1.0);
    assertThat(series.perWindow().get(1).prAuc()).isNaN();
    assertThat(series.sinceStart().get(1).prAuc()).isEqualTo(1.0);
    assertThat(series.perWindow().get(2).prAuc()).isEqualTo(0.5);
    // Ranked a(fraud) .9, f .6, e(fraud) .4: average precision (1/1 + 2/3) / 2.
    assertThat(series.sinceStart().get(2).prAuc()).isCloseTo(5.0 / 6, within());
    assertThat(series.sinceStart().get(2))
        .as("the last running figure is the overall one")
        .isEqualTo(ServedQuality.of(examples, predictions));
  }

  @Test
  void anExampleWithoutAPredictionIsCountedAsUnmatched() {
    List<LabelledExample> examples =
        List.of(served("a", 1, true, 0.9), new LabelledExample("lost", 2, new double[0], false));

    ServedSeries series = ServedSeries.of(List.of(window(0, 1, 2)), examples, predictions);

    assertThat(series.perWindow().get(0).unmatched()).isEqualTo(1);
    assertThat(series.sinceStart().get(0).examples()).isEqualTo(1);
  }

  private LabelledExample served(String id, long eventTime, boolean fraud, double score) {
    predictions.put(
        id,
        Prediction.newBuilder()
            .setEventId(id)
            .setEntityId("card-1")
            .setScore(score)
            .setDecision(score >= 0.5 ? "DECLINE" : "APPROVE")
            .setThreshold(0.5)
            .setModelName("fraud")
            .setModelVersion(1)
            .setFallback(false)
            .setEventTime(eventTime)
            .setIngestTime(eventTime)
            .setFeatureTime(eventTime)
            .setScoredTime(eventTime)
            .build());
    return new LabelledExample(id, eventTime, new double[0], fraud);
  }

  private static WindowQuality window(int index, long from, long to) {
    return new WindowQuality(index, from, to, 2, 0, UNUSED, UNUSED, UNUSED, UNUSED, UNUSED, UNUSED);
  }

  private static Offset<Double> within() {
    return Offset.offset(1e-9);
  }
}
