package io.osprey.sources.replay;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides a row's label from one column: {@code delay > 15}, {@code label == 1}, {@code status ==
 * chargeback}, or, with no rule, whether the value is true ({@code true}, {@code yes}, or a number
 * other than 0).
 *
 * <p>By default every row must carry a label. A rule {@link #unlabelledWhenMissing()} accepts rows
 * without a value in the column instead: they get no label at all, as most payments never get a
 * verdict, and ingest's maturity window makes them negatives.
 *
 * @param column the label column; it is removed from the event, so the label never becomes a
 *     feature
 * @param comparison how the value is compared, {@code null} for "is true"
 * @param operand what it is compared with: a number, or text for {@code ==} and {@code !=}
 * @param missingMeansUnlabelled a row without a value has no label (rather than being a bad row)
 */
public record LabelRule(
    String column, Comparison comparison, String operand, boolean missingMeansUnlabelled) {
  private static final Pattern RULE = Pattern.compile("\\s*(>=|<=|==|!=|>|<|=)\\s*(.+?)\\s*");

  /** How a value is compared with the operand. */
  public enum Comparison {
    GREATER(">"),
    GREATER_OR_EQUAL(">="),
    LESS("<"),
    LESS_OR_EQUAL("<="),
    EQUAL("=="),
    NOT_EQUAL("!=");

    private final String symbol;

    Comparison(String symbol) {
      this.symbol = symbol;
    }

    static Comparison of(String symbol) {
      for (Comparison comparison : values()) {
        if (comparison.symbol.equals(symbol) || (symbol.equals("=") && comparison == EQUAL)) {
          return comparison;
        }
      }
      throw new IllegalArgumentException("unknown comparison " + symbol);
    }

    boolean holds(int order) {
      switch (this) {
        case GREATER:
          return order > 0;
        case GREATER_OR_EQUAL:
          return order >= 0;
        case LESS:
          return order < 0;
        case LESS_OR_EQUAL:
          return order <= 0;
        case EQUAL:
          return order == 0;
        default:
          return order != 0;
      }
    }
  }

  /** A rule that needs a label on every row. */
  public LabelRule(String column, Comparison comparison, String operand) {
    this(column, comparison, operand, false);
  }

  /** This rule, with rows that lack a value left unlabelled. */
  public LabelRule unlabelledWhenMissing() {
    return new LabelRule(column, comparison, operand, true);
  }

  /** Whether the row has a label to send: always, unless missing values mean unlabelled. */
  public boolean labels(Map<String, Object> row) {
    return !missingMeansUnlabelled || row.get(column) != null;
  }

  /**
   * A rule from its text, e.g. {@code "> 15"}; blank or {@code null} means "is true".
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static LabelRule parse(String column, String rule) {
    if (rule == null || rule.isBlank()) {
      return new LabelRule(column, null, null);
    }
    Matcher matcher = RULE.matcher(rule);
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "label rule '" + rule + "': expected an operator (> >= < <= == !=) and a value");
    }
    Comparison comparison = Comparison.of(matcher.group(1));
    String operand = matcher.group(2);
    if (!isNumber(operand)
        && comparison != Comparison.EQUAL
        && comparison != Comparison.NOT_EQUAL) {
      throw new IllegalArgumentException(
          "label rule '" + rule + "': " + matcher.group(1) + " needs a number");
    }
    return new LabelRule(column, comparison, operand);
  }

  /** Whether the row is a positive. */
  public boolean positive(Map<String, Object> row) throws BadRowException {
    if (comparison == null) {
      return truthy(RowValues.required(row, column));
    }
    if (isNumber(operand)) {
      double value = RowValues.number(row, column);
      return comparison.holds(Double.compare(value, Double.parseDouble(operand)));
    }
    String value = RowValues.required(row, column).toString();
    return comparison.holds(value.equals(operand) ? 0 : 1);
  }

  private boolean truthy(Object value) throws BadRowException {
    if (value instanceof Boolean flag) {
      return flag;
    }
    if (value instanceof Number number) {
      return number.doubleValue() != 0;
    }
    switch (value.toString().trim().toLowerCase(Locale.ROOT)) {
      case "true":
      case "yes":
      case "1":
        return true;
      case "false":
      case "no":
      case "0":
        return false;
      default:
        throw new BadRowException("'" + column + "' is not true or false: '" + value + "'");
    }
  }

  private static boolean isNumber(String text) {
    try {
      Double.parseDouble(text);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return comparison == null
        ? column + " is true"
        : column + " " + comparison.symbol + " " + operand;
  }
}
