package io.osprey.sources.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;

/**
 * Turns a file row into the event and verdict the replay sends, by the dataset's rules. The event
 * is the row's columns under their own names, minus the label column and dropped columns, with the
 * event time as epoch milliseconds, the entity as text, and a generated {@code eventId} when the
 * file has no id column.
 */
final class RowMapper {
  /** The field of a generated event id, as the ingest side expects it. */
  static final String EVENT_ID_FIELD = "eventId";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ReplayDataset dataset;
  private final String idPrefix;
  private final Set<String> removed;
  private final String timeField;

  RowMapper(ReplayDataset dataset, String idPrefix) {
    this.dataset = dataset;
    this.idPrefix = idPrefix;
    this.removed = dataset.removedColumns();
    this.timeField = dataset.eventTime().field();
  }

  ReplayRecord map(SourceRow row) throws BadRowException {
    if (row.problem() != null) {
      throw new BadRowException(row.problem());
    }
    Map<String, Object> values = row.values();
    for (Map.Entry<String, Object> column : values.entrySet()) {
      // A removed column never reaches the event; a rule that reads it says when it is missing.
      if (column.getValue() == null && !removed.contains(column.getKey())) {
        throw new BadRowException("missing value for '" + column.getKey() + "'");
      }
    }
    long eventTime = dataset.eventTime().of(values, row.number());
    String entity = RowValues.required(values, dataset.entityColumn()).toString();
    String eventId =
        dataset.idColumn() == null
            ? idPrefix + "-" + row.number()
            : RowValues.required(values, dataset.idColumn()).toString();
    ReplayRecord.Verdict verdict =
        dataset.label() == null || !dataset.label().labels(values)
            ? null
            : new ReplayRecord.Verdict(
                dataset.label().positive(values), dataset.labelTime().of(values, eventTime));
    return new ReplayRecord(
        row.number(), eventTime, entity, eventId, event(values, eventTime, eventId), verdict);
  }

  private byte[] event(Map<String, Object> values, long eventTime, String eventId) {
    ObjectNode event = JSON.createObjectNode();
    if (dataset.idColumn() == null) {
      event.put(EVENT_ID_FIELD, eventId);
    }
    for (Map.Entry<String, Object> column : values.entrySet()) {
      String name = column.getKey();
      if (removed.contains(name)) {
        continue;
      }
      if (name.equals(timeField)) {
        event.put(name, eventTime);
      } else if (name.equals(dataset.entityColumn())) {
        event.put(name, column.getValue().toString());
      } else {
        put(event, name, column.getValue());
      }
    }
    if (!values.containsKey(timeField)) {
      event.put(timeField, eventTime); // a synthesized time
    }
    try {
      return JSON.writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void put(ObjectNode event, String name, Object value) {
    if (value instanceof Long whole) {
      event.put(name, whole);
    } else if (value instanceof Double decimal) {
      event.put(name, decimal);
    } else if (value instanceof Boolean flag) {
      event.put(name, flag);
    } else if (value instanceof JsonNode json) {
      event.set(name, json);
    } else {
      event.put(name, value.toString());
    }
  }
}
