package io.osprey.trainer.review;

import io.osprey.model.ScoringModel;
import io.osprey.model.evaluation.RankingMetrics;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides, on the same held-out examples, whether a candidate replaces the champion, and whether
 * the champion has degraded so far below the previous good version that it must be rolled back.
 *
 * <ul>
 *   <li>A candidate is promoted when the hold-out has at least {@code minLabels} examples (and at
 *       least one fraud) and the candidate's {@code metric} beats the champion's by at least {@code
 *       minImprovement}. With no champion at all the first candidate is promoted at once: a scorer
 *       with no model cannot score, and there is nothing it could lose to.
 *   <li>A rollback is due when, with the same minimum of labels, the champion's metric is worse
 *       than the previous good version's by more than {@code maxDegradation}.
 * </ul>
 *
 * Pure decisions: the trainer does the publishing.
 */
public final class PromotionGate {

  /** The figure models are compared on. */
  public enum Metric {
    PR_AUC,
    ROC_AUC,
    LOG_LOSS;

    double of(RankingMetrics metrics) {
      return switch (this) {
        case PR_AUC -> metrics.prAuc();
        case ROC_AUC -> metrics.rocAuc();
        case LOG_LOSS -> metrics.logLoss();
      };
    }

    /** How much better {@code a} is than {@code b} (positive: better). */
    double gain(double a, double b) {
      return this == LOG_LOSS ? b - a : a - b;
    }
  }

  /** What becomes of a candidate that does not win. */
  public enum OnLoss {
    CHALLENGER,
    DISCARD
  }

  /**
   * @param enabled false: every candidate is champion (no hold-out, no rollback)
   * @param maxDegradation rollback bound; rollback is off when not positive
   */
  public record Rule(
      boolean enabled,
      Metric metric,
      double minImprovement,
      int minLabels,
      OnLoss onLoss,
      double maxDegradation) {
    public Rule {
      Objects.requireNonNull(metric, "metric");
      Objects.requireNonNull(onLoss, "onLoss");
    }

    public static final Rule DISABLED = new Rule(false, Metric.PR_AUC, 0, 0, OnLoss.CHALLENGER, 0);
  }

  /**
   * The comparison behind a decision, for the envelope and {@code monitoring}.
   *
   * @param winner whether the first model won (candidate promoted, or rollback due)
   * @param first the candidate's (or champion's) figure; NaN when not compared
   * @param second the champion's (or previous good version's) figure; NaN when not compared
   */
  public record Verdict(boolean winner, double first, double second, int labels, String reason) {}

  private final Rule rule;

  public PromotionGate(Rule rule) {
    this.rule = rule;
  }

  public Rule rule() {
    return rule;
  }

  /** Whether {@code candidate} replaces {@code champion} (null: there is none). */
  public Verdict judge(ScoringModel candidate, ScoringModel champion, HoldOut holdOut) {
    if (!rule.enabled()) {
      return new Verdict(true, Double.NaN, Double.NaN, holdOut.size(), "gate disabled");
    }
    if (champion == null) {
      return new Verdict(true, Double.NaN, Double.NaN, holdOut.size(), "no champion yet");
    }
    Optional<String> tooFew = tooFewLabels(holdOut);
    if (tooFew.isPresent()) {
      return new Verdict(false, Double.NaN, Double.NaN, holdOut.size(), tooFew.get());
    }
    double[][] features = holdOut.features();
    double[] labels = holdOut.labels();
    double mine = figure(candidate, features, labels);
    double theirs = figure(champion, features, labels);
    double gain = rule.metric().gain(mine, theirs);
    boolean wins = gain >= rule.minImprovement();
    return new Verdict(
        wins,
        mine,
        theirs,
        labels.length,
        String.format(
            Locale.ROOT,
            "%s candidate %.4f vs champion %.4f on %d held-out labels (needs a gain of %.4f)",
            rule.metric(),
            mine,
            theirs,
            labels.length,
            rule.minImprovement()));
  }

  /** A verdict whose {@code winner} means "roll back to the previous good version", if judged. */
  public Optional<Verdict> rollback(
      ScoringModel champion, ScoringModel previousGood, HoldOut holdOut) {
    if (!rule.enabled()
        || rule.maxDegradation() <= 0
        || champion == null
        || previousGood == null
        || tooFewLabels(holdOut).isPresent()) {
      return Optional.empty();
    }
    double[][] features = holdOut.features();
    double[] labels = holdOut.labels();
    double current = figure(champion, features, labels);
    double previous = figure(previousGood, features, labels);
    double loss = rule.metric().gain(previous, current);
    return Optional.of(
        new Verdict(
            loss > rule.maxDegradation(),
            current,
            previous,
            labels.length,
            String.format(
                Locale.ROOT,
                "%s champion %.4f vs previous good %.4f on %d held-out labels (bound %.4f)",
                rule.metric(),
                current,
                previous,
                labels.length,
                rule.maxDegradation())));
  }

  private Optional<String> tooFewLabels(HoldOut holdOut) {
    if (holdOut.size() < rule.minLabels()) {
      return Optional.of(
          holdOut.size() + " held-out labels, fewer than the " + rule.minLabels() + " required");
    }
    if (holdOut.positives() == 0) {
      return Optional.of("no fraud among the " + holdOut.size() + " held-out labels");
    }
    return Optional.empty();
  }

  private double figure(ScoringModel model, double[][] features, double[] labels) {
    return rule.metric().of(RankingMetrics.of(model.scoreAll(features), labels, 1.0));
  }
}
