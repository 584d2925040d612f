package io.osprey.bench;

import io.osprey.bench.quality.ModelQuality;
import io.osprey.bench.quality.QualityCsv;
import io.osprey.bench.quality.QualityReport;
import io.osprey.bench.quality.WindowQuality;
import io.osprey.trainer.intake.LabelledExample;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes the quality half of a bench report, per dataset: {@code quality-NAME.csv} (the recomputed
 * contenders per window and since the start, {@link QualityCsv}), {@code quality-NAME-served.csv}
 * (the served decisions, the same way), two PR-AUC-over-event-time charts of all four contenders
 * ({@link PrAucCharts}: {@code quality-NAME-pr-auc-since-start.png} and {@code
 * quality-NAME-pr-auc.png}, per window), and a Markdown section.
 */
final class QualityReportWriter {
  private final Path dir;

  QualityReportWriter(Path dir) {
    this.dir = dir;
  }

  /** Writes the files of {@code outcome} and returns its Markdown section. */
  String write(QualityRun.Outcome outcome) throws IOException {
    String name = outcome.dataset().name();
    QualityReport report = outcome.report();
    ServedSeries served =
        ServedSeries.of(
            report.windows(), outcome.output().examples(), outcome.output().predictions());
    ServedQuality servedOverall =
        ServedQuality.of(outcome.output().examples(), outcome.output().predictions());
    QualityCsv.write(report, dir.resolve("quality-" + name + ".csv"));
    writeServedCsv(report, served, dir.resolve("quality-" + name + "-served.csv"));
    PrAucCharts.sinceStart(name, report, served)
        .write(dir.resolve("quality-" + name + "-pr-auc-since-start.png"));
    PrAucCharts.perWindow(name, report, served)
        .write(dir.resolve("quality-" + name + "-pr-auc.png"));
    return markdown(outcome, servedOverall);
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

  private static String markdown(QualityRun.Outcome outcome, ServedQuality served) {
    QualityReport r = outcome.report();
    long frauds = outcome.output().examples().stream().filter(LabelledExample::fraud).count();
    StringBuilder md = new StringBuilder();
    md.append(
        String.format(
            Locale.ROOT,
            "### Quality: %s%n%n%,d events replayed (%,d positive labels) in %s; %,d matured"
                + " examples (%,d positive, %.2f %%), %,d served predictions, %d windows. Run took"
                + " %d s.%n%n",
            outcome.dataset().name(),
            outcome.replay().events(),
            outcome.replay().positives(),
            outcome.replay().elapsed(),
            outcome.output().examples().size(),
            frauds,
            100.0 * frauds / Math.max(1, outcome.output().examples().size()),
            outcome.output().predictions().size(),
            r.windows().size(),
            outcome.elapsed().toSeconds()));
    md.append("| contender | precision | recall | F1 | PR-AUC |\n|---|---:|---:|---:|---:|\n");
    md.append(
        row(
            "served by the pipeline (end to end)",
            served.precision(),
            served.recall(),
            served.f1(),
            served.prAuc()));
    md.append(row("online MLP, recomputed prequentially", r.onlineMlp()));
    md.append(row("online logistic regression (baseline)", r.onlineLogReg()));
    md.append(row("offline MLP on all data, in sample (upper bound)", r.offlineUpperBound()));
    if (served.unmatched() > 0) {
      md.append(
          String.format(
              Locale.ROOT,
              "%n%,d matured examples had no served prediction.%n",
              served.unmatched()));
    }
    md.append(
        String.format(
            Locale.ROOT,
            "%nPer window and since the start: `quality-%1$s.csv`, `quality-%1$s-served.csv`.%n%n"
                + "![PR-AUC since the start](quality-%1$s-pr-auc-since-start.png)%n"
                + "![PR-AUC per window](quality-%1$s-pr-auc.png)%n%n",
            outcome.dataset().name()));
    return md.toString();
  }

  private static String row(String name, ModelQuality q) {
    return row(name, q.precision(), q.recall(), q.f1(), q.prAuc());
  }

  private static String row(String name, double p, double r, double f1, double prAuc) {
    return String.format(
        Locale.ROOT, "| %s | %s | %s | %s | %s |%n", name, fmt(p), fmt(r), fmt(f1), fmt(prAuc));
  }

  private static String fmt(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "n/a";
  }

  private static String cell(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6f", v) : "";
  }
}
