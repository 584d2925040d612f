package io.osprey.schema.features;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Arithmetic between two operands ({@code kind: expression}): {@code {name: amount_to_prev, kind:
 * expression, op: ratio, left: amount, right: prev_amount, default: 1}}. Each operand is a numeric
 * field of the event, a single-column feature declared earlier in the list (its value after its
 * clip and transform), or a number. The default applies when an operand is absent, a divisor is
 * zero, or the result is not finite; then the result is clipped and transformed like a numeric
 * feature.
 *
 * @param clip null for none
 */
public record ExpressionFeature(
    String name,
    Op op,
    Operand left,
    Operand right,
    double defaultValue,
    Clip clip,
    Transform transform)
    implements Feature {

  /** The operations. */
  public enum Op {
    /** left − right. */
    DIFFERENCE,
    /** left / right, at most {@link ValueBounds#QUOTIENT_LIMIT} in magnitude. */
    RATIO,
    /** left × right. */
    PRODUCT,
    /** left + right. */
    SUM;

    public String specName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The result, or {@code undefined} when it has none (NaN operand, zero divisor, overflow). */
    public double apply(double left, double right, double undefined) {
      double result =
          switch (this) {
            case DIFFERENCE -> left - right;
            case RATIO -> ValueBounds.quotient(left, right, undefined);
            case PRODUCT -> left * right;
            case SUM -> left + right;
          };
      return Double.isFinite(result) ? result : undefined;
    }
  }

  /**
   * One side of the operation: exactly one of a field of the event, an earlier feature, or a
   * constant.
   */
  public record Operand(String field, String feature, Double constant)
      implements java.io.Serializable {
    public static Operand ofField(String field) {
      return new Operand(field, null, null);
    }

    public static Operand ofFeature(String feature) {
      return new Operand(null, feature, null);
    }

    public static Operand ofConstant(double constant) {
      return new Operand(null, null, constant);
    }

    Object canonical() {
      if (constant != null) {
        return constant;
      }
      return field != null ? "field:" + field : "feature:" + feature;
    }
  }

  @Override
  public List<String> columns() {
    return List.of(name);
  }

  @Override
  public Map<String, Object> canonical() {
    Map<String, Object> form = new TreeMap<>();
    form.put("kind", "expression");
    form.put("name", name);
    form.put("op", op.specName());
    form.put("left", left.canonical());
    form.put("right", right.canonical());
    form.put("default", defaultValue);
    if (clip != null) {
      form.put("clip", List.of(clip.lo(), clip.hi()));
    }
    form.put("transform", transform.specName());
    return form;
  }
}
