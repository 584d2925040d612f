package io.osprey.sources.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.OptionalLong;

/**
 * Reads one JSON object per line (blank lines are skipped). JSON carries its own types: numbers
 * stay numbers, nested objects and arrays are passed through as they are.
 */
final class JsonLinesRowSource implements RowSource {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final BufferedReader reader;
  private String nextLine;
  private long rowNumber;

  JsonLinesRowSource(Path file) throws IOException {
    this.reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
  }

  @Override
  public boolean hasNext() {
    try {
      while (nextLine == null) {
        String line = reader.readLine();
        if (line == null) {
          return false;
        }
        if (!line.isBlank()) {
          nextLine = line;
        }
      }
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public SourceRow next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    String line = nextLine;
    nextLine = null;
    rowNumber++;
    JsonNode tree;
    try {
      tree = MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      return SourceRow.unreadable(rowNumber, "malformed JSON: " + e.getOriginalMessage());
    }
    if (!tree.isObject()) {
      return SourceRow.unreadable(rowNumber, "expected a JSON object, got " + tree.getNodeType());
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> fields = tree.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      values.put(field.getKey(), plain(field.getValue()));
    }
    return SourceRow.of(rowNumber, values);
  }

  /** A JSON scalar as a Java value; containers stay JSON. */
  private static Object plain(JsonNode node) {
    if (node.isNull()) {
      return null;
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return node.longValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    return node;
  }

  @Override
  public OptionalLong rowCount() {
    return OptionalLong.empty();
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
