package io.osprey.trainer.review;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.model.ScoringModel;
import io.osprey.model.testing.FunctionModel;
import io.osprey.trainer.review.PromotionGate.Metric;
import io.osprey.trainer.review.PromotionGate.OnLoss;
import io.osprey.trainer.review.PromotionGate.Rule;
import org.junit.jupiter.api.Test;

class PromotionGateTest {
  private static final Rule RULE = new Rule(true, Metric.PR_AUC, 0.01, 4, OnLoss.CHALLENGER, 0.1);

  /** Feature 0 is the truth (1 for fraud); feature 1 is noise that the weak model believes. */
  private static final ScoringModel PERFECT = FunctionModel.of(2, row -> row[0] * 0.8 + 0.1);

  private static final ScoringModel WEAK = FunctionModel.of(2, row -> row[1]);

  @Test
  void theFirstCandidateIsChampionAtOnce() {
    PromotionGate.Verdict verdict = new PromotionGate(RULE).judge(WEAK, null, new HoldOut(0.1, 10));
    assertThat(verdict.winner()).isTrue();
    assertThat(verdict.reason()).isEqualTo("no champion yet");
  }

  @Test
  void aCandidateNeedsEnoughLabelsBehindIt() {
    HoldOut holdOut = holdOut(3);
    PromotionGate.Verdict verdict = new PromotionGate(RULE).judge(PERFECT, WEAK, holdOut);
    assertThat(verdict.winner()).isFalse();
    assertThat(verdict.reason()).contains("3 held-out labels, fewer than the 4 required");
  }

  @Test
  void aBetterCandidateWinsAndAWorseOneDoesNot() {
    HoldOut holdOut = holdOut(6);
    PromotionGate gate = new PromotionGate(RULE);

    PromotionGate.Verdict better = gate.judge(PERFECT, WEAK, holdOut);
    PromotionGate.Verdict worse = gate.judge(WEAK, PERFECT, holdOut);
    PromotionGate.Verdict same = gate.judge(PERFECT, PERFECT, holdOut);

    // Weak ranks: 0.9 N, 0.6 F, 0.5 N, 0.4 F, 0.2 N, 0.1 N -> AP (1/2 + 2/4) / 2 = 0.5.
    assertThat(better.winner()).isTrue();
    assertThat(better.first()).isEqualTo(1.0);
    assertThat(better.second()).isEqualTo(0.5);
    assertThat(worse.winner()).isFalse();
    assertThat(same.winner()).as("a tie is not the required 0.01 gain").isFalse();
  }

  @Test
  void rollsBackOnlyBeyondTheBound() {
    HoldOut holdOut = holdOut(6);
    PromotionGate gate = new PromotionGate(RULE);

    assertThat(gate.rollback(WEAK, PERFECT, holdOut))
        .hasValueSatisfying(
            v -> {
              assertThat(v.winner()).isTrue();
              assertThat(v.first()).isEqualTo(0.5);
              assertThat(v.second()).isEqualTo(1.0);
            });
    assertThat(gate.rollback(PERFECT, WEAK, holdOut))
        .hasValueSatisfying(v -> assertThat(v.winner()).isFalse());
    assertThat(gate.rollback(WEAK, null, holdOut)).isEmpty();
    Rule noRollback = new Rule(true, Metric.PR_AUC, 0, 4, OnLoss.CHALLENGER, 0);
    assertThat(new PromotionGate(noRollback).rollback(WEAK, PERFECT, holdOut)).isEmpty();
  }

  @Test
  void logLossIsBetterWhenLower() {
    Rule rule = new Rule(true, Metric.LOG_LOSS, 0, 4, OnLoss.CHALLENGER, 0);
    HoldOut holdOut = holdOut(6);
    assertThat(new PromotionGate(rule).judge(PERFECT, WEAK, holdOut).winner()).isTrue();
    assertThat(new PromotionGate(rule).judge(WEAK, PERFECT, holdOut).winner()).isFalse();
  }

  @Test
  void aDisabledGatePromotesEverything() {
    assertThat(new PromotionGate(Rule.DISABLED).judge(WEAK, PERFECT, holdOut(6)).winner()).isTrue();
  }

  /** The first {@code size} of six rows: {truth, noise}. */
  private static HoldOut holdOut(int size) {
    double[][] rows = {{1, 0.6}, {0, 0.9}, {1, 0.4}, {0, 0.5}, {0, 0.2}, {0, 0.1}};
    HoldOut holdOut = new HoldOut(0.1, 100);
    for (int i = 0; i < size; i++) {
      holdOut.add(rows[i], rows[i][0] == 1);
    }
    return holdOut;
  }
}
