package io.osprey.schema.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Plain JSON for the edge topics, shaped the way people write it by hand: {@code {"amount": 12.5,
 * "deviceId": null}} rather than Avro's JSON encoding ({@code {"deviceId": {"string": "x"}}}).
 *
 * <p>The Avro schema drives both directions, so the JSON shape can never drift from the contract.
 * Decoding is strict about types and names the offending field ({@code "amount: expected a number,
 * got string"}); unknown fields are ignored so that producers may send more than Osprey reads.
 * Timestamps accept epoch milliseconds or ISO-8601 text and are written as epoch milliseconds.
 */
public final class JsonCodec<T extends SpecificRecord> {
  // Schubfach for doubles: a prediction is mostly doubles, and the JDK's Double.toString was the
  // largest single cost of writing one. Same values, sometimes a shorter spelling.
  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

  /**
   * Time fields are plain {@code long}s marked {@code "unit": "epoch-millis"} in the schemas
   * (rather than Avro's timestamp logical type) so that every engine sees the same primitive.
   */
  private static final String TIME_UNIT = "unit";

  private static final String EPOCH_MILLIS = "epoch-millis";

  private final Class<T> type;
  private final Schema schema;

  private JsonCodec(Class<T> type) {
    KnownSchemas.ensureTrusted();
    this.type = type;
    this.schema = SpecificData.get().getSchema(type);
  }

  public static <T extends SpecificRecord> JsonCodec<T> of(Class<T> type) {
    return new JsonCodec<>(type);
  }

  public Class<T> type() {
    return type;
  }

  /**
   * Decodes one JSON object.
   *
   * @throws CodecException naming the field and what was wrong with it
   */
  public T decode(byte[] bytes) {
    if (bytes == null) {
      throw new CodecException("cannot decode " + type.getSimpleName() + ": null value");
    }
    JsonNode tree;
    try {
      tree = MAPPER.readTree(StrictUtf8.json(bytes));
    } catch (IOException e) {
      throw new CodecException("malformed JSON: " + firstLine(e.getMessage()), e);
    }
    if (tree == null || !tree.isObject()) {
      throw new CodecException(
          "expected a JSON object for " + type.getSimpleName() + ", got " + kind(tree));
    }
    @SuppressWarnings("unchecked")
    T record = (T) readRecord(schema, tree, "");
    return record;
  }

  public byte[] encode(T record) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (JsonGenerator out = MAPPER.getFactory().createGenerator(bytes)) {
      writeValue(out, schema, record);
    } catch (IOException e) {
      throw new CodecException("cannot encode " + type.getSimpleName() + " as JSON", e);
    }
    return bytes.toByteArray();
  }

  /** The JSON text of {@code record}, for logs and the CLI. */
  public String toJsonString(T record) {
    return new String(encode(record), java.nio.charset.StandardCharsets.UTF_8);
  }

  private static Object readRecord(Schema recordSchema, JsonNode node, String path) {
    if (!node.isObject()) {
      throw mismatch(path, "an object", node);
    }
    SpecificRecord record = (SpecificRecord) SpecificData.get().newRecord(null, recordSchema);
    for (Schema.Field field : recordSchema.getFields()) {
      String fieldPath = path.isEmpty() ? field.name() : path + "." + field.name();
      JsonNode value = node.get(field.name());
      if (value == null || value.isMissingNode()) {
        if (!field.hasDefaultValue()) {
          throw new CodecException("missing required field '" + fieldPath + "'");
        }
        record.put(field.pos(), SpecificData.get().deepCopy(field.schema(), defaultOf(field)));
      } else {
        record.put(field.pos(), readValue(field.schema(), value, fieldPath));
      }
    }
    return record;
  }

  private static Object defaultOf(Schema.Field field) {
    return SpecificData.get().getDefaultValue(field);
  }

  private static Object readValue(Schema valueSchema, JsonNode node, String path) {
    switch (valueSchema.getType()) {
      case NULL:
        if (!node.isNull()) {
          throw mismatch(path, "null", node);
        }
        return null;
      case UNION:
        return readUnion(valueSchema, node, path);
      case STRING:
        if (!node.isTextual()) {
          throw mismatch(path, "a string", node);
        }
        return node.textValue();
      case BOOLEAN:
        if (!node.isBoolean()) {
          throw mismatch(path, "true or false", node);
        }
        return node.booleanValue();
      case INT:
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
          throw mismatch(path, "a 32-bit integer", node);
        }
        return node.intValue();
      case LONG:
        return readLong(valueSchema, node, path);
      case FLOAT:
      case DOUBLE:
        return readDouble(valueSchema, node, path);
      case BYTES:
        return ByteBuffer.wrap(readBase64(node, path));
      case ENUM:
        if (!node.isTextual() || !valueSchema.getEnumSymbols().contains(node.textValue())) {
          throw mismatch(path, "one of " + valueSchema.getEnumSymbols(), node);
        }
        return SpecificData.get().createEnum(node.textValue(), valueSchema);
      case ARRAY:
        return readArray(valueSchema, node, path);
      case MAP:
        return readMap(valueSchema, node, path);
      case RECORD:
        return readRecord(valueSchema, node, path);
      default:
        throw new CodecException(path + ": unsupported schema type " + valueSchema.getType());
    }
  }

  private static Object readUnion(Schema union, JsonNode node, String path) {
    boolean nullable = union.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL);
    if (node.isNull()) {
      if (nullable) {
        return null;
      }
      throw mismatch(path, "a value", node);
    }
    CodecException last = null;
    for (Schema branch : union.getTypes()) {
      if (branch.getType() == Schema.Type.NULL) {
        continue;
      }
      try {
        return readValue(branch, node, path);
      } catch (CodecException e) {
        last = e;
      }
    }
    throw last != null ? last : mismatch(path, "a value", node);
  }

  private static long readLong(Schema longSchema, JsonNode node, String path) {
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return node.longValue();
    }
    if (node.isTextual() && EPOCH_MILLIS.equals(longSchema.getProp(TIME_UNIT))) {
      try {
        return Instant.parse(node.textValue()).toEpochMilli();
      } catch (DateTimeParseException e) {
        throw new CodecException(
            path
                + ": expected epoch milliseconds or an ISO-8601 instant, got '"
                + node.textValue()
                + "'");
      }
    }
    throw mismatch(path, "a 64-bit integer", node);
  }

  private static Object readDouble(Schema valueSchema, JsonNode node, String path) {
    if (!node.isNumber()) {
      throw mismatch(path, "a number", node);
    }
    double value = node.doubleValue();
    if (!Double.isFinite(value)) {
      throw new CodecException(path + ": expected a finite number, got " + node);
    }
    return valueSchema.getType() == Schema.Type.FLOAT ? (Object) (float) value : (Object) value;
  }

  private static byte[] readBase64(JsonNode node, String path) {
    if (!node.isTextual()) {
      throw mismatch(path, "base64 text", node);
    }
    try {
      return Base64.getDecoder().decode(node.textValue());
    } catch (IllegalArgumentException e) {
      throw new CodecException(path + ": invalid base64");
    }
  }

  private static List<Object> readArray(Schema arraySchema, JsonNode node, String path) {
    if (!node.isArray()) {
      throw mismatch(path, "an array", node);
    }
    List<Object> values = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      values.add(readValue(arraySchema.getElementType(), node.get(i), path + "[" + i + "]"));
    }
    return values;
  }

  private static Map<String, Object> readMap(Schema mapSchema, JsonNode node, String path) {
    if (!node.isObject()) {
      throw mismatch(path, "an object", node);
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      values.put(
          entry.getKey(),
          readValue(mapSchema.getValueType(), entry.getValue(), path + "." + entry.getKey()));
    }
    return values;
  }

  /**
   * Writes {@code value} straight to the generator: no intermediate tree, since this runs once per
   * prediction on the scorer's hot path, where building an {@code ObjectNode} (a hash map per
   * record) cost more than the writing itself.
   */
  private static void writeValue(JsonGenerator out, Schema valueSchema, Object value)
      throws IOException {
    if (value == null) {
      out.writeNull();
      return;
    }
    switch (valueSchema.getType()) {
      case UNION ->
          writeValue(
              out,
              valueSchema.getTypes().get(SpecificData.get().resolveUnion(valueSchema, value)),
              value);
      case STRING, ENUM -> out.writeString(value.toString());
      case BOOLEAN -> out.writeBoolean((Boolean) value);
      case INT -> out.writeNumber((Integer) value);
      case LONG -> out.writeNumber((Long) value);
      case FLOAT -> out.writeNumber((Float) value);
      case DOUBLE -> out.writeNumber((Double) value);
      case BYTES -> {
        ByteBuffer buffer = ((ByteBuffer) value).duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        out.writeString(Base64.getEncoder().encodeToString(bytes));
      }
      case ARRAY -> {
        out.writeStartArray();
        for (Object element : (Iterable<?>) value) {
          writeValue(out, valueSchema.getElementType(), element);
        }
        out.writeEndArray();
      }
      case MAP -> {
        out.writeStartObject();
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
          out.writeFieldName(entry.getKey().toString());
          writeValue(out, valueSchema.getValueType(), entry.getValue());
        }
        out.writeEndObject();
      }
      case RECORD -> {
        out.writeStartObject();
        SpecificRecord record = (SpecificRecord) value;
        for (Schema.Field field : valueSchema.getFields()) {
          out.writeFieldName(field.name());
          writeValue(out, field.schema(), record.get(field.pos()));
        }
        out.writeEndObject();
      }
      default -> throw new CodecException("unsupported schema type " + valueSchema.getType());
    }
  }

  private static CodecException mismatch(String path, String expected, JsonNode actual) {
    return new CodecException(path + ": expected " + expected + ", got " + kind(actual));
  }

  private static String kind(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
