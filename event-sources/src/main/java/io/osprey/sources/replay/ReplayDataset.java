package io.osprey.sources.replay;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What to replay and how to read it: everything that depends on the data, nothing that depends on
 * the run (speed, slice; see {@link ReplayPlan}). The presets are instances of it.
 *
 * @param name the dataset's name: the {@code source} of its labels and the default prefix of the
 *     event ids the replay generates
 * @param idColumn the column that identifies an event, or {@code null} to generate {@code eventId}
 *     as {@code <prefix>-<row number>}
 * @param entityColumn the column whose value keys the event on Kafka (and is written as text)
 * @param label how a row's label is decided, or {@code null} for a file without labels
 * @param labelTime when a row's label becomes known; required with a label
 * @param dropColumns further columns left out of the event, e.g. ones a label was derived from
 */
public record ReplayDataset(
    String name,
    Path file,
    FileFormat format,
    String idColumn,
    String entityColumn,
    EventTime eventTime,
    LabelRule label,
    LabelTime labelTime,
    List<String> dropColumns,
    EventOrder order) {

  public ReplayDataset {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(entityColumn, "entity column");
    Objects.requireNonNull(eventTime, "event time");
    Objects.requireNonNull(order, "order");
    if (label != null && labelTime == null) {
      throw new IllegalArgumentException(name + ": a label needs a label time (a delay, say)");
    }
    dropColumns = List.copyOf(dropColumns);
  }

  /** Columns that never reach the event: the label column and the dropped ones. */
  public Set<String> removedColumns() {
    Set<String> removed = new LinkedHashSet<>(dropColumns);
    if (label != null) {
      removed.add(label.column());
    }
    return removed;
  }

  public ReplayDataset withFile(Path otherFile, FileFormat otherFormat) {
    return new ReplayDataset(
        name,
        otherFile,
        otherFormat,
        idColumn,
        entityColumn,
        eventTime,
        label,
        labelTime,
        dropColumns,
        order);
  }

  public ReplayDataset withEventTime(EventTime otherTime) {
    return new ReplayDataset(
        name,
        file,
        format,
        idColumn,
        entityColumn,
        otherTime,
        label,
        labelTime,
        dropColumns,
        order);
  }

  public ReplayDataset withLabelTime(LabelTime otherLabelTime) {
    return new ReplayDataset(
        name,
        file,
        format,
        idColumn,
        entityColumn,
        eventTime,
        label,
        otherLabelTime,
        dropColumns,
        order);
  }

  public ReplayDataset withOrder(EventOrder otherOrder) {
    return new ReplayDataset(
        name,
        file,
        format,
        idColumn,
        entityColumn,
        eventTime,
        label,
        labelTime,
        dropColumns,
        otherOrder);
  }
}
