package io.osprey.bench.quality;

import io.osprey.trainer.intake.LabelledExample;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Every contender's score of every example it judged, one row each, so that any figure of the
 * report (or any other) can be recomputed: {@code
 * run,contender,event_id,event_time,label,score,decision,model_version}. {@code label} and {@code
 * decision} are 1 (positive, flagged) or 0; {@code score} is written exactly ({@link
 * Double#toString}); {@code model_version} is the served model's (0: the fallback rule) and empty
 * for the recomputed contenders. Event times are epoch milliseconds. Long format, so a contender
 * added later is new rows, not new columns. Files ending in {@code .gz} are gzip-compressed (the
 * full plan writes millions of rows).
 */
public final class ScoresCsv {
  public static final String HEADER =
      "run,contender,event_id,event_time,label,score,decision,model_version";

  /** One row of the file. */
  public record Row(
      int run,
      String contender,
      String eventId,
      long eventTime,
      double label,
      double score,
      double decision,
      Long modelVersion) {}

  private ScoresCsv() {}

  /**
   * Writes the rows of one run to {@code file} (gzip when its name ends in {@code .gz}).
   *
   * @param examples the list the contenders' rows index, in event-time order
   */
  public static void write(
      Path file, int run, List<LabelledExample> examples, List<ContenderScores> contenders)
      throws IOException {
    try (Writer out = writer(file)) {
      write(out, run, examples, contenders);
    }
  }

  public static void write(
      Writer out, int run, List<LabelledExample> examples, List<ContenderScores> contenders)
      throws IOException {
    out.write(HEADER);
    out.write('\n');
    StringBuilder line = new StringBuilder(96);
    for (ContenderScores c : contenders) {
      for (int k = 0; k < c.rows().length; k++) {
        LabelledExample e = examples.get(c.rows()[k]);
        line.setLength(0);
        line.append(run)
            .append(',')
            .append(c.id())
            .append(',')
            .append(e.eventId())
            .append(',')
            .append(e.eventTime())
            .append(',')
            .append(e.fraud() ? 1 : 0)
            .append(',')
            .append(c.scores()[k])
            .append(',')
            .append(c.decisions()[k] >= 0.5 ? 1 : 0)
            .append(',');
        if (c.modelVersions() != null) {
          line.append(c.modelVersions()[k]);
        }
        out.append(line).append('\n');
      }
    }
  }

  /** The rows of a file written by {@link #write}. */
  public static List<Row> read(Path file) throws IOException {
    try (Reader in = reader(file)) {
      return read(in);
    }
  }

  public static List<Row> read(Reader in) throws IOException {
    BufferedReader lines = new BufferedReader(in);
    String header = lines.readLine();
    if (!HEADER.equals(header)) {
      throw new IOException("not a scores file: header " + header);
    }
    List<Row> rows = new ArrayList<>();
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      String[] cells = line.split(",", -1);
      rows.add(
          new Row(
              Integer.parseInt(cells[0]),
              cells[1],
              cells[2],
              Long.parseLong(cells[3]),
              Double.parseDouble(cells[4]),
              Double.parseDouble(cells[5]),
              Double.parseDouble(cells[6]),
              cells[7].isEmpty() ? null : Long.valueOf(cells[7])));
    }
    return rows;
  }

  private static Writer writer(Path file) throws IOException {
    return file.toString().endsWith(".gz")
        ? new OutputStreamWriter(
            new GZIPOutputStream(Files.newOutputStream(file), 1 << 16), StandardCharsets.UTF_8)
        : Files.newBufferedWriter(file, StandardCharsets.UTF_8);
  }

  private static Reader reader(Path file) throws IOException {
    return file.toString().endsWith(".gz")
        ? new InputStreamReader(
            new GZIPInputStream(Files.newInputStream(file), 1 << 16), StandardCharsets.UTF_8)
        : Files.newBufferedReader(file, StandardCharsets.UTF_8);
  }
}
