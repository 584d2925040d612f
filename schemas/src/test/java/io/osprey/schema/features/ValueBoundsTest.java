package io.osprey.schema.features;

import static io.osprey.schema.features.ValueBounds.LIMIT;
import static io.osprey.schema.features.ValueBounds.QUOTIENT_LIMIT;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ValueBoundsTest {
  @Test
  void boundsOverflowAndMapsNanToZero() {
    assertThat(ValueBounds.bound(Double.POSITIVE_INFINITY)).isEqualTo(LIMIT);
    assertThat(ValueBounds.bound(Double.NEGATIVE_INFINITY)).isEqualTo(-LIMIT);
    assertThat(ValueBounds.bound(1e302)).isEqualTo(LIMIT);
    assertThat(ValueBounds.bound(Double.NaN)).isZero();
    assertThat(ValueBounds.bound(-42.5)).isEqualTo(-42.5);
    assertThat(ValueBounds.bound(Double.MIN_VALUE)).isEqualTo(Double.MIN_VALUE);
  }

  @Test
  void aTinyDivisorGivesTheQuotientLimitNotAHugeValue() {
    // The case: an hour holding one payment of 1e-300, then a payment of 100.
    assertThat(ValueBounds.quotient(100, 1e-300, 1.0)).isEqualTo(QUOTIENT_LIMIT);
    assertThat(ValueBounds.quotient(-100, 1e-300, 1.0)).isEqualTo(-QUOTIENT_LIMIT);
    assertThat(ValueBounds.quotient(100, Double.MIN_VALUE, 1.0)).isEqualTo(QUOTIENT_LIMIT);
    assertThat(ValueBounds.quotient(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 1.0))
        .isEqualTo(QUOTIENT_LIMIT);
    assertThat(ValueBounds.quotient(5, Double.POSITIVE_INFINITY, 1.0)).isZero();
    assertThat(ValueBounds.quotient(30, 60, 1.0)).isEqualTo(0.5);
  }

  @Test
  void anUndefinedQuotientIsTheDefault() {
    assertThat(ValueBounds.quotient(100, 0, -1)).isEqualTo(-1);
    assertThat(ValueBounds.quotient(Double.NaN, 2, -1)).isEqualTo(-1);
    assertThat(ValueBounds.quotient(2, Double.NaN, -1)).isEqualTo(-1);
  }

  @Test
  void withinAcceptsOnlyFiniteValuesInsideTheLimit() {
    assertThat(ValueBounds.within(LIMIT)).isTrue();
    assertThat(ValueBounds.within(-3)).isTrue();
    assertThat(ValueBounds.within(Math.nextUp(LIMIT))).isFalse();
    assertThat(ValueBounds.within(Double.NaN)).isFalse();
    assertThat(ValueBounds.within(Double.NEGATIVE_INFINITY)).isFalse();
  }
}
