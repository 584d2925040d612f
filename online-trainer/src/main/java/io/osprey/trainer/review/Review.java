package io.osprey.trainer.review;

import io.osprey.model.ModelEnvelopes;
import io.osprey.model.ScoringModel;
import io.osprey.schema.MonitoringEvent;
import io.osprey.schema.TrainingWindow;
import io.osprey.trainer.learning.BaselineTrack;
import io.osprey.trainer.learning.EvaluationSnapshot;
import io.osprey.trainer.learning.ImbalancePolicy;
import io.osprey.trainer.monitoring.TrainerMonitoring;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the {@link CandidateReview} made of one candidate, and the publication it leads to.
 *
 * @param calibration the candidate's fitted calibration, if one could be fitted
 * @param threshold the operating threshold from now on, whether or not the candidate is published
 * @param scorer the candidate as a scorer would serve it (calibrated when fitted)
 * @param verdict the gate's verdict against the champion
 * @param discarded true when it lost and losers are discarded: nothing is published
 */
public record Review(
    Optional<Calibrator.Fitted> calibration,
    OperatingThreshold threshold,
    ScoringModel scorer,
    PromotionGate.Verdict verdict,
    boolean discarded) {

  /** The role it is published in. */
  public String role() {
    return verdict.winner() ? ModelEnvelopes.CHAMPION : ModelEnvelopes.CHALLENGER;
  }

  /**
   * Where a published candidate comes from.
   *
   * @param parentVersion the version its weights descend from; null for a fresh network
   * @param window the examples it learned from
   */
  public record Lineage(
      String modelName,
      long version,
      Long parentVersion,
      String specHash,
      List<String> featureNames,
      TrainingWindow window,
      String codeVersion) {}

  /** A publication ready for the ledger: the envelope's contents and its monitoring events. */
  public record Draft(ModelEnvelopes.Publication publication, List<MonitoringEvent> monitoring) {}

  /**
   * Assembles the publication: the network's prequential figures, its imbalance correction, the
   * gate's comparison and the baseline's figures in the envelope; on {@code monitoring} the same
   * figures, the baseline's, the examples set aside since the last publication, and the verdict.
   *
   * @param baseline the logistic-regression baseline, which moves its own threshold here; null when
   *     disabled
   * @param setAside monitoring events of the examples set aside since the last publication
   */
  public Draft draft(
      Lineage lineage,
      EvaluationSnapshot evaluation,
      double logitCorrection,
      BaselineTrack baseline,
      List<MonitoringEvent> setAside,
      long now) {
    if (discarded) {
      throw new IllegalStateException("a discarded candidate is not published");
    }
    Map<String, Double> figures = new LinkedHashMap<>(evaluation.toMetricsMap());
    figures.put(ImbalancePolicy.CORRECTION_METRIC, logitCorrection);
    figures.put("held_out_labels", (double) verdict.labels());
    if (Double.isFinite(verdict.first())) {
      figures.put("gate_candidate", verdict.first());
      figures.put("gate_champion", verdict.second());
    }
    String name = lineage.modelName();
    long version = lineage.version();
    List<MonitoringEvent> baselineEvents =
        baseline == null ? List.of() : baseline.atPublication(name, version, figures, now);
    ModelEnvelopes.Publication publication =
        new ModelEnvelopes.Publication(
            name,
            version,
            lineage.parentVersion(),
            role(),
            lineage.specHash(),
            lineage.featureNames(),
            lineage.window(),
            figures,
            threshold.served(),
            lineage.codeVersion(),
            calibration.map(Calibrator.Fitted::toAvro).orElse(null));
    List<MonitoringEvent> monitoring =
        new ArrayList<>(
            TrainerMonitoring.atPublication(name, version, evaluation, threshold.served(), now));
    monitoring.addAll(baselineEvents);
    monitoring.addAll(setAside);
    monitoring.add(
        TrainerMonitoring.model(
            "trainer.promotion",
            verdict.winner() ? 1 : 0,
            version,
            String.format(
                Locale.ROOT,
                "model=%s v%d published as %s: %s",
                name,
                version,
                role(),
                verdict.reason()),
            now));
    return new Draft(publication, List.copyOf(monitoring));
  }
}
