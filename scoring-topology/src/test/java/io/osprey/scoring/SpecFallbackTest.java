package io.osprey.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.schema.Reason;
import io.osprey.schema.features.FeatureSpec;
import io.osprey.schema.features.FeatureSpecs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fallback before the first model comes from the spec: its prior (the label rate) when it
 * declares no signal, its own signals otherwise; payments keep their rule and its settings.
 */
class SpecFallbackTest {
  private static final double BAND = 0.1;
  private static final Path SPECS = repositoryRoot().resolve("deploy/specs");

  @Test
  void aSpecWithoutSignalsScoresEveryEventWithItsPriorAndApproves() {
    FeatureSpec sensors = FeatureSpecs.load(SPECS.resolve("sensors.yaml").toString());
    Fallback fallback = ScoringConfig.fallback(settings(SPECS.resolve("sensors.yaml")));

    assertThat(fallback).isInstanceOf(SpecFallback.class);
    List<Double> anomalous = Collections.nCopies(sensors.layout().size(), 1e6);
    assertThat(fallback.evaluate(sensors.hash(), anomalous, BAND))
        .isEqualTo(new FallbackRule.Verdict(0.0079, DecisionBands.APPROVE, 0.6, List.of()));
  }

  @Test
  void aSpecsOwnSignalsAddToItsPriorAndNameTheirFeature() {
    Path file = SPECS.resolve("card-payments.yaml");
    FeatureSpec spec = FeatureSpecs.load(file.toString());
    Fallback fallback = ScoringConfig.fallback(settings(file));
    List<String> names = spec.layout().names();

    List<Double> quiet = new ArrayList<>(Collections.nCopies(names.size(), 0.0));
    assertThat(fallback.evaluate(spec.hash(), quiet, BAND).score()).isEqualTo(0.008);

    List<Double> riskyTerminal = new ArrayList<>(quiet);
    riskyTerminal.set(names.indexOf("terminal_fraud_rate_14d"), 0.4);
    FallbackRule.Verdict flagged = fallback.evaluate(spec.hash(), riskyTerminal, BAND);
    assertThat(flagged.score()).isCloseTo(0.508, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(flagged.decision()).isEqualTo(DecisionBands.REVIEW);
    assertThat(flagged.reasons()).containsExactly(new Reason("terminal_fraud_rate_14d", 0.5));

    // The second signal needs both of its conditions.
    List<Double> both = new ArrayList<>(riskyTerminal);
    both.set(names.indexOf("amount_to_customer_mean_7d"), 8.0);
    assertThat(fallback.evaluate(spec.hash(), both, BAND).reasons()).hasSize(1);
    both.set(names.indexOf("customer_count_1d"), 4.0);
    FallbackRule.Verdict declined = fallback.evaluate(spec.hash(), both, BAND);
    assertThat(declined.score()).isEqualTo(1.0);
    assertThat(declined.decision()).isEqualTo(DecisionBands.DECLINE);
    assertThat(declined.reasons())
        .extracting(Reason::getFeature)
        .containsExactly("terminal_fraud_rate_14d", "amount_to_customer_mean_7d");

    // A NaN meets no bound; a vector of another spec is approved with 0, as by the payments rule.
    riskyTerminal.set(names.indexOf("terminal_fraud_rate_14d"), Double.NaN);
    assertThat(fallback.evaluate(spec.hash(), riskyTerminal, BAND).reasons()).isEmpty();
    assertThat(fallback.evaluate("0000000000000000", both, BAND).score()).isZero();
  }

  @Test
  void paymentsKeepTheirRuleAndItsSettings() {
    assertThat(ScoringConfig.fallback(Settings.empty())).isEqualTo(FallbackRule.DEFAULT);
    assertThat(
            ScoringConfig.fallback(
                Settings.of(Map.of(ScoringSettings.FALLBACK_BURST_COUNT.key(), "3"))))
        .isEqualTo(new FallbackRule(3, 5.0));
  }

  @Test
  void aSpecWithoutAnOutcomeGetsAPriorOfZeroNotThePaymentRule(@TempDir Path dir) throws Exception {
    Path flights = SPECS.resolve("flights.yaml");
    String withoutOutcome = Files.readString(flights).replaceAll("(?s)\\noutcome:.*?\\n\\n", "\n");
    Path file = Files.writeString(dir.resolve("flights-plain.yaml"), withoutOutcome);
    FeatureSpec spec = FeatureSpecs.load(file.toString());
    assertThat(spec.outcome().prior()).isZero();

    Fallback fallback = ScoringConfig.fallback(settings(file));
    assertThat(
            fallback.evaluate(spec.hash(), Collections.nCopies(spec.layout().size(), 50.0), BAND))
        .isEqualTo(new FallbackRule.Verdict(0.0, DecisionBands.APPROVE, 0.6, List.of()));
  }

  private static Settings settings(Path spec) {
    return Settings.of(Map.of(CommonSettings.FEATURE_SPEC.key(), spec.toString()));
  }

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (!Files.isDirectory(dir.resolve("deploy/specs"))) {
      dir = dir.getParent();
    }
    return dir;
  }
}
