package io.osprey.bench.learner;

import io.osprey.bench.quality.MaturedLabels;
import io.osprey.bench.quality.QualityOptions;
import io.osprey.bench.quality.QualityWindows;
import io.osprey.model.dl4j.MlpShape;
import io.osprey.model.evaluation.RankingMetrics;
import io.osprey.platform.config.Settings;
import io.osprey.trainer.TrainerConfig;
import io.osprey.trainer.intake.LabelledExample;
import io.osprey.trainer.intake.TrainingBatch;
import io.osprey.trainer.learning.Learner;
import io.osprey.trainer.learning.OnlineLogisticRegression;
import io.osprey.trainer.learning.PrequentialLearner;
import io.osprey.trainer.learning.WideAndDeepLearner;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * A bench-scope runner, not a test: replays the dumped examples of each quality dataset ({@link
 * io.osprey.bench.QualityExamplesDump}) test-then-train in mini-batches in event-time order,
 * exactly as {@code QualityEvaluation} does, for every contender and seed; writes each dataset's
 * per-example scores ({@code <dataset>.scores.csv}: event id, label, one column per contender and
 * seed) and prints PR-AUC and ROC-AUC, mean and spread (max - min) over the seeds.
 *
 * <p>Arguments: the examples folder, then contender names (all when none).
 */
public final class LearnerHarness {
  private static final long[] SEEDS =
      java.util.Arrays.stream(System.getProperty("harness.seeds", "42,7,1234").split(","))
          .mapToLong(Long::parseLong)
          .toArray();

  /**
   * Wide-and-deep candidates as {@code
   * name:rate[@l2]/rate[@l2]/...,defaultL2,hedgeEta,hedgeDecay,deep,
   * gateDeep,wideBesideDeep,deepPasses,replayRecent,replayRows[,deepRate[,deepBound]]} ({@link
   * WideAndDeepLearner.Recipe}); {@code -Dharness.wide} replaces them.
   */
  private static final String DEFAULT_WIDE =
      "hedge:0.1/0.5/2@0.01,1e-4,0.1,0.999,0,0,0,1,0,0"
          + " wd:0.1/0.5/2@0.01,1e-4,0.1,0.999,1,0,1,1,0,0"
          + " wdg:0.1/0.5/2@0.01,1e-4,0.1,0.999,1,1,1,1,0,0"
          + " wdb:0.1/0.5/2@0.01,1e-4,0.1,0.999,1,1,0,1,0,0"
          + " wdg4:0.1/0.5/2@0.01,1e-4,0.1,0.999,1,1,1,4,4096,64";

  private LearnerHarness() {}

  /** A contender's scores of every example, for one seed. */
  interface Scorer {
    double[] scores(long seed, List<LabelledExample> examples);
  }

  record Contender(String name, Scorer scorer) {}

  /**
   * Each dataset's maturity (event time from an event to its label's maturity), as the quality plan
   * replays it; {@code -Dharness.maturity=name=duration,...} (ISO-8601 or 75m, 12h) adds or
   * replaces entries. The {@code matured} contender needs it.
   */
  private static final Map<String, Duration> MATURITY = maturities();

  private static Map<String, Duration> maturities() {
    Map<String, Duration> maturity = new LinkedHashMap<>();
    maturity.put("sensors", Duration.ofMinutes(75));
    maturity.put("flights", Duration.ofHours(12));
    maturity.put("payments", Duration.ofSeconds(300));
    maturity.put("payments-keyed", Duration.ofSeconds(300));
    for (String entry : System.getProperty("harness.maturity", "").split(",")) {
      if (!entry.isBlank()) {
        String[] kv = entry.split("=");
        maturity.put(kv[0].trim(), Duration.parse("PT" + kv[1].trim().toUpperCase(Locale.ROOT)));
      }
    }
    return maturity;
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "bench/target/learner-examples");
    // As the trainer runs (trainer.native.threads): one ND4J thread per operation.
    io.osprey.model.dl4j.Dl4jMlp.limitNativeThreads(1);
    long limit = Long.getLong("harness.limit", Long.MAX_VALUE);
    List<String> wanted = args.length > 1 ? List.of(args).subList(1, args.length) : List.of();
    QualityOptions options =
        QualityOptions.from(
            TrainerConfig.from(Settings.empty()),
            QualityWindows.everyEventTime(Duration.ofDays(1)));
    try (var files = Files.list(dir)) {
      for (Path file :
          files.filter(f -> f.toString().endsWith(".examples.csv")).sorted().toList()) {
        String dataset = file.getFileName().toString().replace(".examples.csv", "");
        List<LabelledExample> examples = ExampleFiles.read(file);
        examples = examples.subList(0, (int) Math.min(limit, examples.size()));
        run(
            dataset,
            examples,
            contenders(options, examples.get(0).values().length, wanted, dataset),
            dir);
      }
    }
  }

  static List<Contender> contenders(
      QualityOptions o, int features, List<String> wanted, String dataset) {
    Map<String, Function<Long, PrequentialLearner>> all = new LinkedHashMap<>();
    all.put("prev", seed -> new PreviousLabel());
    all.put(
        "logreg",
        seed ->
            new OnlineLogisticRegression(
                features, o.baselineLearningRate(), o.shape().l2(), o.imbalance(), seed));
    all.put("mlp", seed -> Learner.fresh(withSeed(o.shape(), seed), features, o.imbalance()));
    for (String spec : System.getProperty("harness.wide", DEFAULT_WIDE).split(" ")) {
      String[] parts = spec.split(":");
      String[] v = parts[1].split(",");
      List<Double> rates = new ArrayList<>();
      List<Double> l2s = new ArrayList<>();
      for (String member : v[0].split("/")) {
        String[] rateAndL2 = member.split("@");
        rates.add(Double.parseDouble(rateAndL2[0]));
        l2s.add(rateAndL2.length > 1 ? Double.parseDouble(rateAndL2[1]) : Double.parseDouble(v[1]));
      }
      WideAndDeepLearner.Recipe recipe =
          new WideAndDeepLearner.Recipe(
              rates,
              l2s,
              Double.parseDouble(v[2]),
              Double.parseDouble(v[3]),
              v[4].equals("1"),
              v[5].equals("1"),
              v[6].equals("1"),
              Integer.parseInt(v[7]),
              Integer.parseInt(v[8]),
              Integer.parseInt(v[9]),
              v.length > 11 ? Double.parseDouble(v[11]) : o.wideAndDeep().deepBound());
      double deepRate = v.length > 10 ? Double.parseDouble(v[10]) : o.shape().learningRate();
      all.put(
          parts[0],
          seed ->
              new WideAndDeepLearner(
                  new MlpShape(o.shape().hiddenLayers(), deepRate, o.shape().l2(), seed),
                  features,
                  o.imbalance(),
                  recipe,
                  seed));
    }
    List<Contender> chosen = new ArrayList<>();
    all.forEach(
        (name, make) -> {
          if (wanted.isEmpty() || wanted.contains(name)) {
            chosen.add(
                new Contender(name, (seed, examples) -> prequential(make.apply(seed), examples)));
          }
        });
    // The trainer's learner fed matured labels only, scoring as a scorer with no publication lag.
    if ((wanted.isEmpty() || wanted.contains("matured")) && MATURITY.containsKey(dataset)) {
      chosen.add(
          new Contender(
              "matured",
              (seed, examples) ->
                  MaturedLabels.scores(
                          examples,
                          o.learner()
                              .fresh(
                                  withSeed(o.shape(), seed),
                                  features,
                                  o.imbalance(),
                                  o.wideAndDeep()),
                          MATURITY.get(dataset),
                          BATCH_SIZE)
                      .scores()));
    }
    return chosen;
  }

  static MlpShape withSeed(MlpShape shape, long seed) {
    return new MlpShape(shape.hiddenLayers(), shape.learningRate(), shape.l2(), seed);
  }

  static void run(
      String dataset, List<LabelledExample> examples, List<Contender> contenders, Path dir)
      throws Exception {
    double[] labels = new double[examples.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = examples.get(i).fraud() ? 1 : 0;
    }
    Map<String, double[]> columns = new LinkedHashMap<>();
    for (Contender contender : contenders) {
      double[] pr = new double[SEEDS.length];
      double[] roc = new double[SEEDS.length];
      long nanos = 0;
      for (int s = 0; s < SEEDS.length; s++) {
        long start = System.nanoTime();
        double[] scores = contender.scorer().scores(SEEDS[s], examples);
        nanos += System.nanoTime() - start;
        RankingMetrics metrics = RankingMetrics.of(scores, labels, 0.005);
        pr[s] = metrics.prAuc();
        roc[s] = metrics.rocAuc();
        columns.put(contender.name() + "_s" + SEEDS[s], scores);
      }
      System.out.printf(
          Locale.ROOT,
          "%-9s %-8s PR-AUC %.3f ± %.3f  ROC-AUC %.3f ± %.3f  %,.0f ex/s%n",
          dataset,
          contender.name(),
          mean(pr),
          spread(pr),
          mean(roc),
          spread(roc),
          SEEDS.length * examples.size() / (nanos / 1e9));
    }
    Path out = dir.resolve(dataset + ".scores.csv");
    try (BufferedWriter w = Files.newBufferedWriter(out)) {
      w.write("event_id,label," + String.join(",", columns.keySet()) + "\n");
      for (int i = 0; i < labels.length; i++) {
        StringBuilder line = new StringBuilder(examples.get(i).eventId().replace(',', ';'));
        line.append(',').append((int) labels[i]);
        for (double[] scores : columns.values()) {
          line.append(',').append((float) scores[i]);
        }
        w.write(line.append('\n').toString());
      }
    }
  }

  private static final int BATCH_SIZE = 64;

  /** Test-then-train in mini-batches in event-time order, as {@code QualityEvaluation} does. */
  static double[] prequential(PrequentialLearner learner, List<LabelledExample> examples) {
    double[] scores = new double[examples.size()];
    for (int from = 0; from < examples.size(); from += BATCH_SIZE) {
      int to = Math.min(examples.size(), from + BATCH_SIZE);
      TrainingBatch batch = LabelledExample.batch(examples.subList(from, to));
      System.arraycopy(learner.evaluateThenFit(batch), 0, scores, from, to - from);
    }
    return scores;
  }

  static double mean(double[] v) {
    double sum = 0;
    for (double x : v) sum += x;
    return sum / v.length;
  }

  static double spread(double[] v) {
    double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
    for (double x : v) {
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    return max - min;
  }

  /** The trivial baseline: every example of a batch gets the last label known before it. */
  static final class PreviousLabel implements PrequentialLearner {
    private double last;

    @Override
    public double[] evaluateThenFit(TrainingBatch batch) {
      double[] scores = new double[batch.size()];
      java.util.Arrays.fill(scores, last);
      last = batch.labels()[batch.size() - 1];
      return scores;
    }

    @Override
    public String describe() {
      return "previous label";
    }
  }
}
