package io.osprey.schema.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code function: previous} and {@code kind: expression} parse, and bad ones name their line. */
class DerivedFeatureSpecTest {
  @TempDir Path dir;

  private FeatureSpec load(String extra) {
    return SpecFiles.load(dir, "shop.yaml", SpecFiles.VALID + extra);
  }

  @Test
  void lagsAndExpressionsParse() {
    FeatureSpec spec =
        load(
            """
              - {name: prev_total, kind: aggregate, function: previous, field: total, n: 2, default: 0}
              - {name: total_to_prev, kind: expression, op: ratio, left: total, right: prev_total, default: 1}
              - {name: twice, kind: expression, op: product, left: 2, right: items}
            """);
    assertThat(spec.features().get(spec.features().size() - 3))
        .isEqualTo(
            new PreviousFeature(
                "prev_total", "total", 2, PreviousFeature.DEFAULT_WINDOW, 0, null, Transform.NONE));
    ExpressionFeature ratio = (ExpressionFeature) spec.features().get(spec.features().size() - 2);
    assertThat(ratio.left()).isEqualTo(ExpressionFeature.Operand.ofField("total"));
    assertThat(ratio.right()).isEqualTo(ExpressionFeature.Operand.ofFeature("prev_total"));
    assertThat(ExpressionFeature.Op.RATIO.apply(1, 0, 7)).isEqualTo(7);
    assertThat(ExpressionFeature.Op.PRODUCT.apply(1e308, 10, 7)).isEqualTo(7);
  }

  @Test
  void badOnesStopWithTheirLine() {
    int line = SpecFiles.VALID.split("\n", -1).length;
    assertThatThrownBy(
            () -> load("  - {name: x, kind: expression, op: ratio, left: total, right: later}\n"))
        .hasMessageContaining("line " + line)
        .hasMessageContaining("neither a number, a feature declared above, nor a field");
    assertThatThrownBy(
            () -> load("  - {name: x, kind: expression, op: ratio, left: channel, right: 1}\n"))
        .hasMessageContaining("line " + line)
        .hasMessageContaining("feature 'channel' has 3 columns");
    assertThatThrownBy(
            () -> load("  - {name: x, kind: aggregate, function: previous, field: total, n: 0}\n"))
        .hasMessageContaining("line " + line)
        .hasMessageContaining("a whole number from 1 to 100");
    assertThatThrownBy(
            () -> load("  - {name: x, kind: expression, op: power, left: total, right: 2}\n"))
        .hasMessageContaining("line " + line);
  }
}
