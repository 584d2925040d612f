package io.osprey.bench;

import java.util.Arrays;
import java.util.List;

/** Reads the numbers of a benchmark report's CSV lines, for the smoke tests. */
final class ReportCsv {
  private ReportCsv() {}

  /** The comma-separated fields of {@code line} from index {@code from} on, as numbers. */
  static List<Double> numbers(String line, int from) {
    String[] fields = line.split(",");
    return Arrays.stream(fields, from, fields.length).map(Double::parseDouble).toList();
  }

  /** The last field of {@code line}, as a number. */
  static double lastNumber(String line) {
    List<Double> numbers = numbers(line, 1);
    return numbers.get(numbers.size() - 1);
  }
}
