package io.osprey.trainer.learning;

import io.osprey.schema.TrainingWindow;
import io.osprey.trainer.intake.TrainingBatch;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the current weights have learned from, for the envelope's training window: event-time range
 * and example count over the model's whole lineage (a resumed model starts from its parent's
 * window), and the consumed positions of this run.
 */
public final class TrainingProgress {
  private long fromEventTime;
  private long toEventTime;
  private long examples;
  private long examplesAtLastPublication;
  private final TreeMap<Integer, Long> nextOffsets = new TreeMap<>();

  private TrainingProgress(long fromEventTime, long toEventTime, long examples) {
    this.fromEventTime = fromEventTime;
    this.toEventTime = toEventTime;
    this.examples = examples;
    this.examplesAtLastPublication = examples;
  }

  public static TrainingProgress fresh() {
    return new TrainingProgress(Long.MAX_VALUE, Long.MIN_VALUE, 0);
  }

  /** Continues a lineage whose last published window is {@code parent}. */
  public static TrainingProgress resume(TrainingWindow parent) {
    return new TrainingProgress(
        parent.getFromEventTime(), parent.getToEventTime(), parent.getExamples());
  }

  /** Records a batch that the model has just been trained on. */
  public void trained(TrainingBatch batch) {
    fromEventTime = Math.min(fromEventTime, batch.fromEventTime());
    toEventTime = Math.max(toEventTime, batch.toEventTime());
    examples += batch.size();
    batch.nextOffsets().forEach((partition, next) -> nextOffsets.merge(partition, next, Math::max));
  }

  /** Records consumed positions that taught the model nothing (every example held out). */
  public void advance(Map<Integer, Long> batchNextOffsets) {
    batchNextOffsets.forEach((partition, next) -> nextOffsets.merge(partition, next, Math::max));
  }

  public long examples() {
    return examples;
  }

  public long examplesSinceLastPublication() {
    return examples - examplesAtLastPublication;
  }

  /** Marks the current state as published (called when a snapshot is taken for publication). */
  public void markPublished() {
    examplesAtLastPublication = examples;
  }

  /** Per partition, the offset after the last trained example. */
  public Map<Integer, Long> nextOffsets() {
    return Map.copyOf(nextOffsets);
  }

  /** Consumed positions as {@code partition=nextOffset}, comma-separated, in partition order. */
  public String offsetsText() {
    return nextOffsets.entrySet().stream()
        .map(entry -> entry.getKey() + "=" + entry.getValue())
        .collect(Collectors.joining(","));
  }

  public TrainingWindow toWindow() {
    return TrainingWindow.newBuilder()
        .setFromEventTime(fromEventTime)
        .setToEventTime(toEventTime)
        .setExamples(examples)
        .setOffsets(offsetsText())
        .build();
  }
}
