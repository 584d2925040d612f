package io.osprey.ingest.features;

import io.osprey.ingest.model.Event;
import io.osprey.ingest.model.EventLayout;
import io.osprey.schema.features.ExpressionFeature;
import io.osprey.schema.features.ExpressionFeature.Operand;
import io.osprey.schema.features.PreviousFeature;
import java.util.Map;

/**
 * The compiled form of the lag ({@link PreviousFeature}) and of arithmetic between fields and
 * features ({@link ExpressionFeature}); definitions are on those records.
 */
final class DerivedColumns {
  private DerivedColumns() {}

  static Column previous(PreviousFeature feature, Slots slots) {
    return new Previous(feature, slots.number(feature.field()), feature.window().toMillis());
  }

  /**
   * @param offsets the column of each single-column feature declared before {@code feature}
   */
  static Column expression(
      ExpressionFeature feature, EventLayout layout, Map<String, Integer> offsets) {
    return new Expression(
        feature, reader(feature.left(), layout, offsets), reader(feature.right(), layout, offsets));
  }

  /** Reads one operand for an event, given the columns computed so far; NaN when absent. */
  private interface OperandReader {
    double read(Event event, double[] columns);
  }

  private static OperandReader reader(
      Operand operand, EventLayout layout, Map<String, Integer> offsets) {
    if (operand.constant() != null) {
      double constant = operand.constant();
      return (event, columns) -> constant;
    }
    if (operand.feature() != null) {
      int column = offsets.get(operand.feature());
      return (event, columns) -> columns[column];
    }
    int field = layout.indexOf(operand.field());
    return (event, columns) -> layout.number(event, field);
  }

  private record Previous(PreviousFeature feature, int slot, long windowMillis) implements Column {
    @Override
    public void write(Event event, History history, double[] out, int at) {
      Recent nth = history.nthPrevious(feature.n(), windowMillis);
      double value = nth == null ? Double.NaN : nth.numbers[slot];
      out[at] =
          CompiledFeatures.shape(
              Double.isNaN(value) ? feature.defaultValue() : value,
              feature.clip(),
              feature.transform());
    }

    @Override
    public int width() {
      return 1;
    }
  }

  private record Expression(ExpressionFeature feature, OperandReader left, OperandReader right)
      implements Column {
    @Override
    public void write(Event event, History history, double[] out, int at) {
      double value =
          feature.op().apply(left.read(event, out), right.read(event, out), feature.defaultValue());
      out[at] = CompiledFeatures.shape(value, feature.clip(), feature.transform());
    }

    @Override
    public int width() {
      return 1;
    }
  }
}
