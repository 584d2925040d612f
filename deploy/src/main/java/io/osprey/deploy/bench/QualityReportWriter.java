package io.osprey.deploy.bench;

import io.osprey.trainer.LabelledExample;
import io.osprey.trainer.quality.ModelQuality;
import io.osprey.trainer.quality.QualityCsv;
import io.osprey.trainer.quality.QualityReport;
import io.osprey.trainer.quality.WindowQuality;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes the quality half of a bench report, per dataset: {@code quality-NAME.csv} (the recomputed
 * contenders per window, {@link QualityCsv}), {@code quality-NAME-served.csv} (the served decisions
 * per window), {@code quality-NAME-pr-auc.png} (PR-AUC of all four over event time), and a Markdown
 * section.
 */
final class QualityReportWriter {
  private final Path dir;

  QualityReportWriter(Path dir) {
    this.dir = dir;
  }

  /** Writes the files of {@code outcome} and returns its Markdown section. */
  String write(QualityRun.Outcome outcome) throws IOException {
    String name = outcome.dataset().preset();
    QualityReport report = outcome.report();
    List<ServedQuality> served = servedPerWindow(outcome);
    ServedQuality servedOverall =
        ServedQuality.of(outcome.output().examples(), outcome.output().predictions());
    QualityCsv.write(report, dir.resolve("quality-" + name + ".csv"));
    writeServedCsv(report, served, dir.resolve("quality-" + name + "-served.csv"));
    prAucChart(name, report, served).write(dir.resolve("quality-" + name + "-pr-auc.png"));
    return markdown(outcome, servedOverall);
  }

  private static List<ServedQuality> servedPerWindow(QualityRun.Outcome outcome) {
    List<LabelledExample> examples = outcome.output().examples();
    List<ServedQuality> served = new ArrayList<>();
    for (WindowQuality w : outcome.report().windows()) {
      List<LabelledExample> window =
          examples.stream()
              .filter(e -> e.eventTime() >= w.fromEventTime() && e.eventTime() <= w.toEventTime())
              .toList();
      served.add(ServedQuality.of(window, outcome.output().predictions()));
    }
    return served;
  }

  private static void writeServedCsv(QualityReport report, List<ServedQuality> served, Path file)
      throws IOException {
    try (Writer out = Files.newBufferedWriter(file)) {
      out.write(
          "window,from_event_time,to_event_time,examples,unmatched,precision,recall,f1,pr_auc\n");
      for (int i = 0; i < served.size(); i++) {
        WindowQuality w = report.windows().get(i);
        ServedQuality s = served.get(i);
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
                    cell(s.prAuc()))
                + "\n");
      }
    }
  }

  private static LineChart prAucChart(
      String name, QualityReport report, List<ServedQuality> served) {
    List<WindowQuality> windows = report.windows();
    long origin = windows.isEmpty() ? 0 : windows.get(0).fromEventTime();
    double unit = spanMillis(windows) > 3L * 86_400_000 ? 86_400_000.0 : 3_600_000.0;
    String unitName = unit > 3_600_000.0 ? "days" : "hours";
    List<double[]> servedPoints = new ArrayList<>();
    List<double[]> mlp = new ArrayList<>();
    List<double[]> logreg = new ArrayList<>();
    List<double[]> upper = new ArrayList<>();
    for (int i = 0; i < windows.size(); i++) {
      WindowQuality w = windows.get(i);
      double x = (w.fromEventTime() - origin) / unit;
      add(servedPoints, x, served.get(i).prAuc());
      add(mlp, x, w.onlineMlp().prAuc());
      add(logreg, x, w.onlineLogReg().prAuc());
      add(upper, x, w.offlineUpperBound().prAuc());
    }
    return new LineChart(
            "PR-AUC over event time: " + name, unitName + " of event time", "PR-AUC", false)
        .add(new LineChart.Series("served by the pipeline", servedPoints, false))
        .add(new LineChart.Series("online MLP (recomputed)", mlp, false))
        .add(new LineChart.Series("online logistic regression", logreg, false))
        .add(new LineChart.Series("offline upper bound (in sample)", upper, true));
  }

  private static long spanMillis(List<WindowQuality> windows) {
    return windows.isEmpty()
        ? 0
        : windows.get(windows.size() - 1).toEventTime() - windows.get(0).fromEventTime();
  }

  /** Undefined figures (a window without fraud has no PR-AUC) leave a gap, not a zero. */
  private static void add(List<double[]> points, double x, double y) {
    if (Double.isFinite(y)) {
      points.add(new double[] {x, y});
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
            outcome.dataset().preset(),
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
            "%nPer window: `quality-%1$s.csv`, `quality-%1$s-served.csv`;"
                + " ![PR-AUC over event time](quality-%1$s-pr-auc.png)%n%n",
            outcome.dataset().preset()));
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
