package io.osprey.ingest.model;

import io.osprey.schema.features.EventSpec;
import io.osprey.schema.features.FieldSpec;
import io.osprey.schema.features.FieldType;
import java.util.List;

/**
 * Where each field of a spec's event sits in an {@link Event}, and how to read it whatever its
 * type: as a number (a boolean as 0/1) or as text (a long as its digits). Built from the spec
 * wherever it is needed; it holds no state of its own.
 */
public final class EventLayout {
  private final List<FieldSpec> fields;

  public EventLayout(EventSpec event) {
    this.fields = event.fields();
  }

  public int size() {
    return fields.size();
  }

  public FieldSpec field(int index) {
    return fields.get(index);
  }

  /** The position of a field of the spec. */
  public int indexOf(String name) {
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no field '" + name + "' in the spec");
  }

  public Event newEvent() {
    return Event.withFields(fields.size());
  }

  /** The value as a number; NaN when absent. */
  public double number(Event e, int index) {
    if (!e.present[index]) {
      return Double.NaN;
    }
    return fields.get(index).type() == FieldType.DOUBLE ? e.doubles[index] : e.longs[index];
  }

  /** The value as text; null when absent. */
  public String text(Event e, int index) {
    if (!e.present[index]) {
      return null;
    }
    return switch (fields.get(index).type()) {
      case STRING -> e.texts[index];
      case BOOLEAN -> e.longs[index] == 1 ? "true" : "false";
      case DOUBLE -> Double.toString(e.doubles[index]);
      case LONG, TIMESTAMP -> Long.toString(e.longs[index]);
    };
  }
}
