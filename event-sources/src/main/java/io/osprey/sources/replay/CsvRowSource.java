package io.osprey.sources.replay;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Reads a CSV file with a header row. CSV carries no types, so a column is taken as numeric when
 * every non-empty value among its first {@value #TYPE_SAMPLE_ROWS} rows is a number; numeric values
 * become JSON numbers, other values stay text, and an empty field is a missing value. A number with
 * a leading zero ({@code 007}) counts as text, so codes keep their digits.
 */
final class CsvRowSource implements RowSource {
  static final int TYPE_SAMPLE_ROWS = 1_000;

  private static final Pattern INTEGER = Pattern.compile("[-+]?(0|[1-9][0-9]{0,17})");
  private static final Pattern DECIMAL =
      Pattern.compile("[-+]?(?:(?:0|[1-9][0-9]*)(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?");

  /** What the values of a column become. */
  private enum ColumnType {
    TEXT,
    /** Whole numbers: JSON integers. */
    INTEGER,
    /** Numbers of which some have a fraction: all written as JSON decimals (46 as 46.0). */
    DECIMAL
  }

  /** A line as the parser gave it, or why it could not. */
  private record Line(String[] fields, String problem) {}

  private final Reader reader;
  private final MappingIterator<String[]> parser;
  private final String[] header;
  private final ColumnType[] types;
  private final Deque<Line> ahead = new ArrayDeque<>();
  private long rowNumber;
  private boolean parserDone;

  CsvRowSource(Path file) throws IOException {
    CsvMapper mapper = new CsvMapper();
    mapper.enable(CsvParser.Feature.WRAP_AS_ARRAY);
    mapper.enable(CsvParser.Feature.SKIP_EMPTY_LINES);
    mapper.enable(CsvParser.Feature.TRIM_SPACES);
    this.reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
    this.parser = mapper.readerFor(String[].class).readValues(reader);
    Line first = readLine();
    if (first == null || first.fields() == null) {
      reader.close();
      throw new IOException(file + " has no header row");
    }
    this.header = first.fields();
    this.types = inferColumnTypes();
  }

  /**
   * Reads the sample ahead and decides, per column, whether it is numeric: its sampled values are
   * numbers but for a stray few (at most 1 %, and at least one is tolerated), which then become bad
   * rows rather than turning the whole column into text.
   */
  private ColumnType[] inferColumnTypes() {
    long[] numbers = new long[header.length];
    long[] fractions = new long[header.length];
    long[] others = new long[header.length];
    Line line;
    while (ahead.size() < TYPE_SAMPLE_ROWS && (line = readLine()) != null) {
      ahead.addLast(line);
      if (line.fields() == null) {
        continue;
      }
      for (int i = 0; i < Math.min(line.fields().length, header.length); i++) {
        String field = line.fields()[i];
        if (field.isEmpty()) {
          continue;
        }
        if (DECIMAL.matcher(field).matches() && !hasLeadingZero(field)) {
          numbers[i]++;
          fractions[i] += INTEGER.matcher(field).matches() ? 0 : 1;
        } else {
          others[i]++;
        }
      }
    }
    ColumnType[] columnTypes = new ColumnType[header.length];
    for (int i = 0; i < header.length; i++) {
      long tolerated = Math.max(1, (numbers[i] + others[i]) / 100);
      boolean numeric = numbers[i] > others[i] && others[i] <= tolerated;
      columnTypes[i] =
          !numeric ? ColumnType.TEXT : fractions[i] > 0 ? ColumnType.DECIMAL : ColumnType.INTEGER;
    }
    return columnTypes;
  }

  /** The next line, or null at the end. A parser failure ends the file after being reported. */
  private Line readLine() {
    if (parserDone) {
      return null;
    }
    try {
      if (parser.hasNextValue()) {
        return new Line(parser.nextValue(), null);
      }
    } catch (IOException | RuntimeException e) {
      parserDone = true;
      return new Line(null, "unreadable CSV, reading stopped here: " + e.getMessage());
    }
    parserDone = true;
    return null;
  }

  @Override
  public boolean hasNext() {
    if (ahead.isEmpty()) {
      Line line = readLine();
      if (line != null) {
        ahead.addLast(line);
      }
    }
    return !ahead.isEmpty();
  }

  @Override
  public SourceRow next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Line line = ahead.pollFirst();
    rowNumber++;
    if (line.fields() == null) {
      return SourceRow.unreadable(rowNumber, line.problem());
    }
    String[] fields = line.fields();
    if (fields.length != header.length) {
      return SourceRow.unreadable(
          rowNumber, fields.length + " fields where the header has " + header.length);
    }
    Map<String, Object> values = new LinkedHashMap<>(header.length * 2);
    for (int i = 0; i < header.length; i++) {
      String field = fields[i];
      if (field.isEmpty()) {
        values.put(header[i], null);
      } else if (types[i] == ColumnType.TEXT) {
        values.put(header[i], field);
      } else if (types[i] == ColumnType.INTEGER && INTEGER.matcher(field).matches()) {
        values.put(header[i], Long.parseLong(field));
      } else if (DECIMAL.matcher(field).matches()) {
        values.put(header[i], Double.parseDouble(field));
      } else {
        return SourceRow.unreadable(
            rowNumber, "'" + header[i] + "' is not a number: '" + field + "'");
      }
    }
    return SourceRow.of(rowNumber, values);
  }

  private static boolean hasLeadingZero(String number) {
    String digits = number.startsWith("-") || number.startsWith("+") ? number.substring(1) : number;
    return digits.length() > 1 && digits.charAt(0) == '0' && digits.charAt(1) != '.';
  }

  @Override
  public OptionalLong rowCount() {
    return OptionalLong.empty();
  }

  @Override
  public void close() throws IOException {
    parser.close();
    reader.close();
  }
}
