package io.osprey.sources.replay;

import java.util.Map;

/** Reading the values a replay rule needs from a row, with the reason when they are not there. */
final class RowValues {
  private RowValues() {}

  static Object required(Map<String, Object> row, String column) throws BadRowException {
    Object value = row.get(column);
    if (value == null) {
      throw new BadRowException("missing value for '" + column + "'");
    }
    return value;
  }

  static double number(Map<String, Object> row, String column) throws BadRowException {
    Object value = required(row, column);
    if (value instanceof Number number) {
      return number.doubleValue();
    }
    try {
      return Double.parseDouble(value.toString().trim());
    } catch (NumberFormatException e) {
      throw new BadRowException("'" + column + "' is not a number: '" + value + "'");
    }
  }

  static long integer(Map<String, Object> row, String column) throws BadRowException {
    double value = number(row, column);
    if (value != Math.rint(value) || Math.abs(value) > 1e15) {
      throw new BadRowException("'" + column + "' is not a whole number: " + value);
    }
    return (long) value;
  }
}
