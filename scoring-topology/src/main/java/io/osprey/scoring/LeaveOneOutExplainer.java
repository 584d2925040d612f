package io.osprey.scoring;

import io.osprey.model.ScoringModel;
import io.osprey.schema.Reason;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Explains a score by leave-one-out against the training mean: feature i's contribution is the
 * score minus the score with feature i replaced by its mean. Positive contributions pushed the
 * score up; the top ones by contribution are the reasons of a flag.
 *
 * <p>Model-agnostic and exact for what it measures, but it ignores interactions (two features that
 * only matter together each look small) and costs one extra score per feature. The n perturbed rows
 * go through {@link ScoringModel#scoreAll} as one batch, which a network scores much faster than n
 * single calls. Run only for flagged predictions, which are few.
 */
final class LeaveOneOutExplainer {
  private final int top;

  LeaveOneOutExplainer(int top) {
    this.top = top;
  }

  List<Reason> explain(ScoringModel model, double[] features, double score, List<String> names) {
    if (top == 0) {
      return List.of();
    }
    double[] mean = model.normalizer().mean();
    double[][] perturbed = new double[features.length][];
    for (int i = 0; i < features.length; i++) {
      perturbed[i] = features.clone();
      perturbed[i][i] = mean[i];
    }
    double[] without = model.scoreAll(perturbed);
    List<Reason> reasons = new ArrayList<>(features.length);
    for (int i = 0; i < features.length; i++) {
      String name = i < names.size() ? names.get(i) : "feature_" + i;
      double contribution = score - without[i];
      if (Double.isFinite(contribution)) { // a model that answers NaN explains nothing
        reasons.add(new Reason(name, contribution));
      }
    }
    reasons.sort(Comparator.comparingDouble(Reason::getContribution).reversed());
    return List.copyOf(reasons.subList(0, Math.min(top, reasons.size())));
  }
}
