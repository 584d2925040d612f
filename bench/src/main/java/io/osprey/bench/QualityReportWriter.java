package io.osprey.bench;

import io.osprey.bench.quality.ContenderScores;
import io.osprey.bench.quality.ModelQuality;
import io.osprey.bench.quality.QualityCsv;
import io.osprey.bench.quality.QualityReport;
import io.osprey.bench.quality.ScoresCsv;
import io.osprey.bench.quality.ServedAge;
import io.osprey.bench.quality.WindowQuality;
import io.osprey.trainer.intake.LabelledExample;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Writes the quality half of a bench report, per dataset: {@code scores-NAME-runK.csv.gz} (every
 * contender's score and decision per example, {@link ScoresCsv}), and for the first run {@code
 * quality-NAME.csv} (the recomputed contenders per window and since the start, {@link QualityCsv}),
 * {@code quality-NAME-served.csv} (the served decisions, the same way) and two PR-AUC-over-event-
 * time charts ({@link PrAucCharts}); then a Markdown section with every contender's figures as mean
 * and spread over the runs.
 */
final class QualityReportWriter {
  private final Path dir;

  QualityReportWriter(Path dir) {
    this.dir = dir;
  }

  /** The per-example scores of one run; written as each run ends, so memory holds no old scores. */
  static String scoresFile(String dataset, int run) {
    return "scores-" + dataset + "-run" + run + ".csv.gz";
  }

  /** Writes the per-example scores of {@code outcome}. */
  void writeScores(QualityRun.Outcome outcome) throws IOException {
    ScoresCsv.write(
        dir.resolve(scoresFile(outcome.dataset().name(), outcome.run())),
        outcome.run(),
        outcome.output().examples(),
        outcome.contenders());
  }

  /** Writes the per-window files of the first run and returns the dataset's Markdown section. */
  String write(DatasetRuns runs) throws IOException {
    QualityRun.Outcome first = runs.runs().get(0);
    String name = runs.dataset().name();
    QualityReport report = first.report();
    ServedSeries served =
        ServedSeries.of(report.windows(), first.output().examples(), first.output().predictions());
    QualityCsv.write(report, dir.resolve("quality-" + name + ".csv"));
    writeServedCsv(report, served, dir.resolve("quality-" + name + "-served.csv"));
    PrAucCharts.sinceStart(name, report, served)
        .write(dir.resolve("quality-" + name + "-pr-auc-since-start.png"));
    PrAucCharts.perWindow(name, report, served)
        .write(dir.resolve("quality-" + name + "-pr-auc.png"));
    return markdown(runs);
  }

  private static void writeServedCsv(QualityReport report, ServedSeries served, Path file)
      throws IOException {
    try (Writer out = Files.newBufferedWriter(file)) {
      out.write(
          "window,from_event_time,to_event_time,examples,unmatched,precision,recall,f1,pr_auc,"
              + "since_start_examples,since_start_precision,since_start_recall,since_start_f1,"
              + "since_start_pr_auc\n");
      for (int i = 0; i < report.windows().size(); i++) {
        WindowQuality w = report.windows().get(i);
        ServedQuality s = served.perWindow().get(i);
        ServedQuality total = served.sinceStart().get(i);
        out.write(
            String.join(
                    ",",
                    Integer.toString(w.window()),
                    Long.toString(w.fromEventTime()),
                    Long.toString(w.toEventTime()),
                    Integer.toString(s.examples()),
                    Integer.toString(s.unmatched()),
                    cell(s.precision()),
                    cell(s.recall()),
                    cell(s.f1()),
                    cell(s.prAuc()),
                    Integer.toString(total.examples()),
                    cell(total.precision()),
                    cell(total.recall()),
                    cell(total.f1()),
                    cell(total.prAuc()))
                + "\n");
      }
    }
  }

  private static String markdown(DatasetRuns runs) {
    String name = runs.dataset().name();
    StringBuilder md = new StringBuilder();
    md.append(
        String.format(
            Locale.ROOT,
            "### Quality: %s%n%n%d run%s, each through a fresh system.%n%n",
            name,
            runs.runs().size(),
            runs.runs().size() == 1 ? "" : "s"));
    md.append(
        "| run | events replayed | matured examples (positive) | served predictions |"
            + " judged from (first event scored once a trained model was live) | judged examples (positive) | of them"
            + " scored by the fallback rule | served model's age, median (event time; examples) |"
            + " took |\n"
            + "|---:|---:|---:|---:|---|---:|---:|---|---:|\n");
    for (QualityRun.Outcome run : runs.runs()) {
      md.append(runRow(run));
    }
    for (QualityRun.Outcome run : runs.runs()) {
      int unmatched = run.output().examples().size() - run.contenders().get(0).rows().length;
      if (unmatched > 0) {
        md.append(
            String.format(
                Locale.ROOT,
                "%nRun %d: %,d matured examples had no served prediction.%n",
                run.run(),
                unmatched));
      }
    }
    md.append(
        "\n| contender (judged span) | PR-AUC | ROC-AUC | F1 | accuracy | log-loss |\n"
            + "|---|---:|---:|---:|---:|---:|\n");
    for (String id : runs.contenderIds()) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %s | %s | %s |%n",
              runs.description(id),
              runs.spread(id, ModelQuality::prAuc).describe(),
              runs.spread(id, ModelQuality::rocAuc).describe(),
              runs.spread(id, ModelQuality::f1).describe(),
              runs.spread(id, ModelQuality::accuracy).describe(),
              runs.spread(id, ModelQuality::logLoss).describe()));
    }
    md.append(
        String.format(
            Locale.ROOT,
            "%nPer example, every contender: %s. Per window and since the start (run 1, whole"
                + " stream, fallback included): `quality-%2$s.csv`, `quality-%2$s-served.csv`.%n%n"
                + "![PR-AUC since the start](quality-%2$s-pr-auc-since-start.png)%n"
                + "![PR-AUC per window](quality-%2$s-pr-auc.png)%n%n",
            runs.runs().stream()
                .map(r -> "`" + scoresFile(name, r.run()) + "`")
                .collect(Collectors.joining(", ")),
            name));
    return md.toString();
  }

  private static String runRow(QualityRun.Outcome run) {
    List<LabelledExample> examples = run.output().examples();
    long positives = examples.stream().filter(LabelledExample::fraud).count();
    int from = run.judgedFrom();
    long judgedPositives =
        examples.subList(from, examples.size()).stream().filter(LabelledExample::fraud).count();
    ContenderScores served = run.contenders().get(0);
    long fallback = 0;
    for (int k = 0; k < served.rows().length; k++) {
      if (served.rows()[k] >= from && served.modelVersions()[k] == 0) {
        fallback++;
      }
    }
    String firstLive =
        run.judged()
            .map(
                span ->
                    String.format(
                        Locale.ROOT,
                        "%s (model v%d)",
                        Instant.ofEpochMilli(span.fromEventTime()),
                        span.firstVersion()))
            .orElse("none: no trained model served");
    String age =
        ServedAge.of(examples, served, run.output().trainedThrough(), from)
            .map(
                a ->
                    String.format(
                        Locale.ROOT,
                        "%s; %,d (%,d events)",
                        Duration.ofMillis(a.medianMillis())
                            .toString()
                            .substring(2)
                            .toLowerCase(Locale.ROOT),
                        a.medianExamples(),
                        a.scored()))
            .orElse("n/a");
    return String.format(
        Locale.ROOT,
        "| %d | %,d | %,d (%,d) | %,d | %s | %,d (%,d) | %,d | %s | %d s |%n",
        run.run(),
        run.replay().events(),
        examples.size(),
        positives,
        run.servedPredictions(),
        firstLive,
        examples.size() - from,
        judgedPositives,
        fallback,
        age,
        run.elapsed().toSeconds());
  }

  private static String cell(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6f", v) : "";
  }
}
