package io.osprey.schema.features;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * One entry of a spec's {@code features} list. It produces one or more columns of the feature
 * vector ({@link #columns()}); the spec's layout is every feature's columns in list order.
 */
public sealed interface Feature extends Serializable
    permits NumericFeature,
        CategoricalFeature,
        TimeFeature,
        AggregateFeature,
        PreviousFeature,
        ExpressionFeature {

  String name();

  /** The names of the columns this feature produces, in order. */
  List<String> columns();

  /** Everything that defines the feature, defaults filled in, for the spec hash. */
  Map<String, Object> canonical();
}
