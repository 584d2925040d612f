package io.osprey.ingest.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osprey.ingest.model.Event;
import io.osprey.ingest.model.EventLayout;
import io.osprey.schema.codec.CodecException;
import io.osprey.schema.codec.StrictUtf8;
import io.osprey.schema.features.FieldSpec;
import java.io.IOException;
import java.util.Locale;

/**
 * A JSON object into an event: each spec field read by name, strictly by type; fields the spec does
 * not declare are ignored (producers may send more than the spec reads). A null value counts as
 * absent. Leniencies, all lossless: a string field takes a JSON integer as its digits, a long field
 * a number with an integral value (3.0), a timestamp epoch milliseconds or ISO-8601 text.
 */
final class JsonEvents {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final EventLayout layout;

  JsonEvents(EventLayout layout) {
    this.layout = layout;
  }

  Event decode(byte[] bytes) {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(StrictUtf8.json(bytes));
    } catch (IOException e) {
      throw new CodecException("malformed JSON: " + firstLine(e.getMessage()));
    }
    if (tree == null || !tree.isObject()) {
      throw new CodecException("expected a JSON object, got " + kind(tree));
    }
    Event event = layout.newEvent();
    for (int i = 0; i < layout.size(); i++) {
      FieldSpec field = layout.field(i);
      JsonNode value = tree.get(field.name());
      if (value == null || value.isNull()) {
        if (field.required()) {
          throw EventDecoder.missing(field.name());
        }
        continue;
      }
      read(event, i, field, value);
    }
    return event;
  }

  private static void read(Event event, int i, FieldSpec field, JsonNode value) {
    String name = field.name();
    switch (field.type()) {
      case STRING -> {
        if (value.isTextual()) {
          event.setText(i, value.textValue());
        } else if (value.isIntegralNumber()) {
          event.setText(i, value.bigIntegerValue().toString());
        } else {
          throw mismatch(name, "a string", value);
        }
      }
      case LONG -> event.setLong(i, integral(name, value));
      case DOUBLE -> {
        if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
          throw mismatch(name, "a finite number", value);
        }
        event.setDouble(i, value.doubleValue());
      }
      case BOOLEAN -> {
        if (!value.isBoolean()) {
          throw mismatch(name, "true or false", value);
        }
        event.setLong(i, value.booleanValue() ? 1 : 0);
      }
      case TIMESTAMP -> {
        if (value.isTextual()) {
          event.setLong(i, EventDecoder.instant(name, value.textValue()));
        } else if (value.isIntegralNumber() && value.canConvertToLong()) {
          event.setLong(i, value.longValue());
        } else {
          throw mismatch(name, "epoch milliseconds or an ISO-8601 instant", value);
        }
      }
    }
  }

  private static long integral(String name, JsonNode value) {
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return value.longValue();
    }
    double d = value.isNumber() ? value.doubleValue() : Double.NaN;
    if (d == Math.rint(d) && Math.abs(d) < 0x1p53) {
      return (long) d;
    }
    throw mismatch(name, "a 64-bit integer", value);
  }

  private static CodecException mismatch(String field, String expected, JsonNode actual) {
    return new CodecException(
        field + ": expected " + expected + ", got " + kind(actual) + " " + truncate(actual));
  }

  private static String kind(JsonNode node) {
    return node == null ? "nothing" : node.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  private static String truncate(JsonNode node) {
    String text = node.toString();
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
