package io.osprey.scoring;

import static io.osprey.scoring.ScoringFixtures.LAYOUT;
import static io.osprey.scoring.ScoringFixtures.vector;

import io.osprey.platform.config.Settings;
import io.osprey.schema.features.ValueBounds;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Property: whatever values a vector holds (the extremes ingest may produce, and NaN or infinities
 * that it never does), the scorer's prediction, with the real network as champion and challenger or
 * with the fallback rule, has a finite score in [0, 1], a finite threshold, finite reasons, and the
 * decision the documented bands give.
 */
class ScorerPropertyTest {
  private final Scorer scorer = new Scorer(ScoringConfig.from(Settings.empty()), () -> 42L);

  @Property(tries = 150)
  void everyPredictionIsFiniteAndBanded(@ForAll("vectors") List<Double> values) {
    var vector = vector("e", values);
    ServedModel champion = ScorerNonFiniteTest.served(ScoringFixtures.model());
    ServedModel challenger = ScorerNonFiniteTest.served(ScoringFixtures.otherModel());

    ScorerNonFiniteTest.assertFiniteAndBanded(
        scorer.score(vector, Optional.of(champion), Optional.of(challenger)).prediction());
    ScorerNonFiniteTest.assertFiniteAndBanded(scorer.score(vector, Optional.empty()).prediction());
  }

  @Provide
  Arbitrary<List<Double>> vectors() {
    Arbitrary<Double> value =
        Arbitraries.frequencyOf(
            Tuple.of(
                3,
                Arbitraries.of(
                    ValueBounds.LIMIT,
                    -ValueBounds.LIMIT,
                    ValueBounds.QUOTIENT_LIMIT,
                    Double.MIN_VALUE,
                    0.0,
                    1.0)),
            Tuple.of(1, Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, -1.0 / 0)),
            Tuple.of(3, Arbitraries.doubles().between(-ValueBounds.LIMIT, ValueBounds.LIMIT)),
            Tuple.of(3, Arbitraries.doubles().between(-3, 30)));
    return value.list().ofSize(LAYOUT.size());
  }
}
