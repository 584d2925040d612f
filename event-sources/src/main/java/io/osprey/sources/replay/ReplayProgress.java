package io.osprey.sources.replay;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The replay's progress on stderr: events sent of the total (when known), per cent, events/s, the
 * replay's event-time clock, ETA, labels and bad rows. On a terminal it is one bar redrawn in
 * place; otherwise (a log, CI) a line every few seconds. Warnings and the final summary go to the
 * same stream, so they never tear the bar.
 */
public final class ReplayProgress {
  /** How progress is shown. */
  public enum Mode {
    /** One line redrawn in place, 4 times a second; for a terminal. */
    BAR,
    /** A new line every 5 s; for logs and pipes. */
    LINES,
    /** Only warnings and the summary. */
    OFF;

    /** A bar when a person is watching, lines otherwise. */
    public static Mode auto() {
      return System.console() != null ? BAR : LINES;
    }
  }

  private static final int BAR_WIDTH = 24;
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final PrintStream out;
  private final Mode mode;
  private final String dataset;
  private ScheduledExecutorService ticker;
  private ReplayCounters counters;
  private BadRows badRows;
  private long startNanos;
  private boolean barShown;

  public ReplayProgress(PrintStream out, Mode mode, String dataset) {
    this.out = out;
    this.mode = mode;
    this.dataset = dataset;
  }

  /** Starts showing progress of a replay that begins sending now. */
  synchronized void start(ReplayCounters replayCounters, BadRows replayBadRows) {
    this.counters = replayCounters;
    this.badRows = replayBadRows;
    this.startNanos = System.nanoTime();
    if (mode == Mode.OFF) {
      return;
    }
    long period = mode == Mode.BAR ? 250 : 5_000;
    ticker =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "osprey-replay-progress");
              thread.setDaemon(true);
              return thread;
            });
    ticker.scheduleAtFixedRate(this::show, period, period, TimeUnit.MILLISECONDS);
  }

  /** A warning or note on its own line, above the bar. */
  public synchronized void note(String message) {
    clearBar();
    out.println("replay: " + message);
  }

  /** Stops the display and prints the summary line. */
  synchronized void finish(ReplaySummary summary) {
    if (ticker != null) {
      ticker.shutdownNow();
    }
    if (mode == Mode.BAR && counters != null) {
      show(); // the bar at its end state stays on screen
      out.println();
      barShown = false;
    }
    out.println(summary.line());
    out.flush();
  }

  private synchronized void show() {
    if (counters == null) {
      return;
    }
    if (mode == Mode.BAR) {
      out.print("\r" + render(true) + "\033[K");
      barShown = true;
    } else {
      out.println("replay " + render(false));
    }
    out.flush();
  }

  private void clearBar() {
    if (barShown) {
      out.print("\r\033[K");
      barShown = false;
    }
  }

  /** One progress line, from the counters as they are now. */
  String render(boolean withBar) {
    long events = counters.events.get();
    long total = counters.expectedEvents();
    double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
    double rate = events / seconds;
    StringBuilder line = new StringBuilder(dataset).append(' ');
    if (total > 0) {
      double fraction = Math.min(1, (double) events / total);
      if (withBar) {
        int filled = (int) Math.round(fraction * BAR_WIDTH);
        line.append('[')
            .append("#".repeat(filled))
            .append(".".repeat(BAR_WIDTH - filled))
            .append("] ");
      }
      line.append(
          String.format(Locale.ROOT, "%5.1f%% %,d/%,d events", fraction * 100, events, total));
    } else {
      line.append(String.format(Locale.ROOT, "%,d events", events));
    }
    line.append(String.format(Locale.ROOT, " | %,.0f ev/s", rate));
    long clock = counters.clock();
    if (clock != Long.MIN_VALUE) {
      line.append(" | ").append(CLOCK.format(Instant.ofEpochMilli(clock)));
    }
    if (total > 0 && rate > 0 && events < total) {
      line.append(" | ETA ").append(brief(Duration.ofSeconds((long) ((total - events) / rate))));
    }
    line.append(
        String.format(
            Locale.ROOT,
            " | labels %,d (%,d positive)",
            counters.labels.get(),
            counters.positives.get()));
    long bad = badRows.total();
    if (bad > 0) {
      line.append(String.format(Locale.ROOT, " | %,d bad rows", bad));
    }
    return line.toString();
  }

  private static String brief(Duration left) {
    long s = left.getSeconds();
    return s >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
