package io.osprey.schema.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spec's {@code outcome:} section: its positive class, its model, its prior and fallback signals,
 * checked at start-up with file and line, and outside the spec hash.
 */
class OutcomeSpecTest {
  private static final String SPEC =
      """
      name: motes
      event:
        format: json
        id: id
        entity: mote
        time: at
        fields:
          id: string
          mote: string
          at: timestamp
          humidity: double
      features:
        - {name: humidity, kind: numeric, field: humidity}
        - {name: humidity_z, kind: aggregate, function: zscore, field: humidity, window: 10m}
      """;

  @TempDir Path dir;

  @Test
  void aSpecNamesItsPositiveClassModelPriorAndSignals() {
    FeatureSpec spec =
        SpecFiles.load(
            dir,
            "motes.yaml",
            SPEC
                + """
                outcome:
                  positive: anomaly
                  model: motes-anomaly
                  prior: 0.0079
                  fallback:
                    - {feature: humidity_z, atLeast: 4}
                    - [{feature: humidity, atLeast: 90}, {feature: humidity_z, atLeast: 2}]
                """);

    OutcomeSpec outcome = spec.outcome();
    assertThat(outcome.positive()).isEqualTo("anomaly");
    assertThat(outcome.model()).isEqualTo("motes-anomaly");
    assertThat(outcome.prior()).isEqualTo(0.0079);
    assertThat(outcome.fallback())
        .containsExactly(
            new OutcomeSpec.Signal(List.of(new OutcomeSpec.Condition("humidity_z", 4.0, null))),
            new OutcomeSpec.Signal(
                List.of(
                    new OutcomeSpec.Condition("humidity", 90.0, null),
                    new OutcomeSpec.Condition("humidity_z", 2.0, null))));
    // It changes no vector: the same hash as the spec without it.
    assertThat(spec.hash()).isEqualTo(SpecFiles.load(dir, "plain.yaml", SPEC).hash());
  }

  @Test
  void withoutAnOutcomeASpecKeepsPaymentsWordsAndNoSignals() {
    assertThat(SpecFiles.load(dir, "plain.yaml", SPEC).outcome()).isEqualTo(OutcomeSpec.DEFAULT);
    assertThat(FeatureSpecs.load(FeatureSpecs.BUILTIN_PAYMENTS).outcome().positive())
        .isEqualTo("fraud");
  }

  @Test
  void signalsMustReadTheSpecsOwnFeaturesWithABound() {
    assertThatThrownBy(
            () ->
                SpecFiles.load(
                    dir,
                    "bad.yaml",
                    SPEC
                        + """
                        outcome:
                          fallback:
                            - {feature: count_1h, atLeast: 10}
                        """))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("bad.yaml")
        .hasMessageContaining("line 17")
        .hasMessageContaining("'count_1h' is not a single-column feature of this spec")
        .hasMessageContaining("humidity_z");
    assertThatThrownBy(
            () ->
                SpecFiles.load(
                    dir,
                    "unbounded.yaml",
                    SPEC
                        + """
                        outcome:
                          fallback:
                            - {feature: humidity}
                        """))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("give atLeast, atMost or both");
    assertThatThrownBy(() -> SpecFiles.load(dir, "prior.yaml", SPEC + "outcome: {prior: 1.5}\n"))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("outcome prior: expected a rate in [0, 1]");
  }
}
