package io.osprey.schema.features;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One value of a spec file (YAML or JSON) with the line it was written on, so that every problem
 * found later can name its line. Jackson's own tree forgets locations, hence this small tree built
 * straight from the parser's tokens. Duplicate keys are rejected while building (YAML and JSON
 * would silently keep the last one).
 */
final class SpecNode {
  enum Kind {
    OBJECT,
    ARRAY,
    SCALAR,
    NULL
  }

  private final Kind kind;
  private final int line;
  private final JsonToken token;
  private final String text;
  private final Map<String, SpecNode> members;
  private final Map<String, Integer> keyLines;
  private final List<SpecNode> elements;

  private SpecNode(
      Kind kind,
      int line,
      JsonToken token,
      String text,
      Map<String, SpecNode> members,
      Map<String, Integer> keyLines,
      List<SpecNode> elements) {
    this.kind = kind;
    this.line = line;
    this.token = token;
    this.text = text;
    this.members = members;
    this.keyLines = keyLines;
    this.elements = elements;
  }

  /**
   * Reads the value at the parser's current token (and everything nested in it).
   *
   * @throws SpecException on a duplicate key
   */
  static SpecNode read(JsonParser parser, String source) throws IOException {
    JsonToken token = parser.currentToken();
    int line = parser.currentTokenLocation().getLineNr();
    switch (token) {
      case START_OBJECT -> {
        Map<String, SpecNode> members = new LinkedHashMap<>();
        Map<String, Integer> keyLines = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String key = parser.currentName();
          int keyLine = parser.currentTokenLocation().getLineNr();
          if (members.containsKey(key)) {
            throw new SpecException(
                source,
                keyLine,
                "duplicate key '" + key + "' (first written on line " + keyLines.get(key) + ")");
          }
          parser.nextToken();
          keyLines.put(key, keyLine);
          members.put(key, read(parser, source));
        }
        return new SpecNode(
            Kind.OBJECT,
            line,
            token,
            null,
            Collections.unmodifiableMap(members),
            Collections.unmodifiableMap(keyLines),
            List.of());
      }
      case START_ARRAY -> {
        List<SpecNode> elements = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          elements.add(read(parser, source));
        }
        return new SpecNode(
            Kind.ARRAY, line, token, null, Map.of(), Map.of(), List.copyOf(elements));
      }
      case VALUE_NULL -> {
        return new SpecNode(Kind.NULL, line, token, null, Map.of(), Map.of(), List.of());
      }
      default -> {
        return new SpecNode(
            Kind.SCALAR, line, token, parser.getText(), Map.of(), Map.of(), List.of());
      }
    }
  }

  Kind kind() {
    return kind;
  }

  int line() {
    return line;
  }

  boolean isObject() {
    return kind == Kind.OBJECT;
  }

  boolean isArray() {
    return kind == Kind.ARRAY;
  }

  boolean isScalar() {
    return kind == Kind.SCALAR;
  }

  /** The scalar exactly as written (a YAML {@code NO} stays "NO", a {@code 4829} stays "4829"). */
  String text() {
    return text;
  }

  boolean isNumber() {
    return token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT;
  }

  boolean isIntegralNumber() {
    return token == JsonToken.VALUE_NUMBER_INT;
  }

  boolean isBoolean() {
    return token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE;
  }

  boolean booleanValue() {
    return token == JsonToken.VALUE_TRUE;
  }

  /** An object's members in the order written. */
  Map<String, SpecNode> members() {
    return members;
  }

  SpecNode member(String key) {
    return members.get(key);
  }

  /** The line an object's key was written on (for "unknown key" and similar problems). */
  int keyLine(String key) {
    Integer keyLine = keyLines.get(key);
    return keyLine == null ? line : keyLine;
  }

  List<SpecNode> elements() {
    return elements;
  }

  /** What this value is, for messages ("a list", "a number", ...). */
  String describe() {
    return switch (kind) {
      case OBJECT -> "a mapping";
      case ARRAY -> "a list";
      case NULL -> "nothing (null)";
      case SCALAR -> isNumber() ? "a number" : isBoolean() ? "true/false" : "text";
    };
  }
}
