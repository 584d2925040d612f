package io.osprey.bench.quality;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes a {@link QualityReport} as CSV, one row per window, for charting PR-AUC (or F1) over event
 * time: {@code window,from_event_time,to_event_time,examples,frauds}, then {@code
 * precision,recall,f1,pr_auc} for {@code mlp_}, {@code logreg_} and {@code upper_} over the window,
 * then the same twelve figures since the start ({@code mlp_since_start_precision}, ...). Times are
 * epoch milliseconds; an undefined figure (PR-AUC of a window without fraud) is an empty cell.
 */
public final class QualityCsv {
  static final String HEADER =
      "window,from_event_time,to_event_time,examples,frauds,"
          + "mlp_precision,mlp_recall,mlp_f1,mlp_pr_auc,"
          + "logreg_precision,logreg_recall,logreg_f1,logreg_pr_auc,"
          + "upper_precision,upper_recall,upper_f1,upper_pr_auc,"
          + "mlp_since_start_precision,mlp_since_start_recall,mlp_since_start_f1,"
          + "mlp_since_start_pr_auc,"
          + "logreg_since_start_precision,logreg_since_start_recall,logreg_since_start_f1,"
          + "logreg_since_start_pr_auc,"
          + "upper_since_start_precision,upper_since_start_recall,upper_since_start_f1,"
          + "upper_since_start_pr_auc";

  private QualityCsv() {}

  public static void write(QualityReport report, Path file) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      write(report, out);
    }
  }

  public static void write(QualityReport report, Writer out) throws IOException {
    out.write(HEADER);
    out.write('\n');
    for (WindowQuality w : report.windows()) {
      out.write(
          String.format(
              Locale.ROOT,
              "%d,%d,%d,%d,%d,%s,%s,%s,%s,%s,%s\n",
              w.window(),
              w.fromEventTime(),
              w.toEventTime(),
              w.examples(),
              w.frauds(),
              cells(w.onlineMlp()),
              cells(w.onlineLogReg()),
              cells(w.offlineUpperBound()),
              cells(w.onlineMlpSinceStart()),
              cells(w.onlineLogRegSinceStart()),
              cells(w.offlineUpperBoundSinceStart())));
    }
  }

  private static String cells(ModelQuality q) {
    return cell(q.precision())
        + ","
        + cell(q.recall())
        + ","
        + cell(q.f1())
        + ","
        + cell(q.prAuc());
  }

  private static String cell(double value) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%.6f", value) : "";
  }
}
