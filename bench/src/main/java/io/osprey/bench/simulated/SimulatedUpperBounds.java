package io.osprey.bench.simulated;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osprey.bench.quality.OfflineUpperBound;
import io.osprey.ingest.IngestSettings;
import io.osprey.ingest.features.FeatureEngine;
import io.osprey.ingest.features.Recent;
import io.osprey.ingest.model.Event;
import io.osprey.ingest.model.RawRecord;
import io.osprey.ingest.parse.EventParser;
import io.osprey.ingest.parse.Outcome;
import io.osprey.model.evaluation.RankingMetrics;
import io.osprey.platform.config.Settings;
import io.osprey.schema.features.FeatureSpecs;
import io.osprey.sources.simulator.SimulatedPaymentsFile;
import io.osprey.sources.simulator.SimulatorConfig;
import io.osprey.sources.simulator.SimulatorSettings;
import io.osprey.trainer.TrainerConfig;
import io.osprey.trainer.intake.LabelledExample;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The offline upper bound ({@link OfflineUpperBound}: the trainer's network trained on every
 * example, scored in sample) on the simulator's stream, with two feature sets:
 *
 * <ul>
 *   <li><b>card only</b>: the built-in payment spec ({@code builtin:payments}) computed by ingest's
 *       own {@link FeatureEngine}, point in time per card (since the spec has keyed features, their
 *       columns read 0 here: the engine computes the card's own only);
 *   <li><b>with keyed and label-aware features</b>: those plus {@link StandInFeatures}, terminal-,
 *       device- and merchant-keyed and label-aware aggregates computed in plain Java, point in
 *       time, written before the spec syntax of issue 13 existed. The quality report now measures
 *       the same comparison on the pipeline's own vectors ({@code OwnKeyUpperBound}).
 * </ul>
 *
 * A row's label is its verdict ({@code fraud}); rows without one are genuine, as ingest's maturity
 * window would make them. {@code main(events, seed...)} prints one line per seed.
 */
public final class SimulatedUpperBounds {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The two upper bounds of one simulated stream. */
  public record Bounds(
      long seed, int examples, int frauds, RankingMetrics cardOnly, RankingMetrics withKeyed) {
    public String line() {
      return String.format(
          Locale.ROOT,
          "seed %d: %,d payments, %,d fraud (%.2f %%) | card only: ROC-AUC %.3f PR-AUC %.3f |"
              + " with keyed + label-aware: ROC-AUC %.3f PR-AUC %.3f",
          seed,
          examples,
          frauds,
          100.0 * frauds / examples,
          cardOnly.rocAuc(),
          cardOnly.prAuc(),
          withKeyed.rocAuc(),
          withKeyed.prAuc());
    }
  }

  private final OfflineUpperBound upperBound;

  public SimulatedUpperBounds(OfflineUpperBound upperBound) {
    this.upperBound = upperBound;
  }

  /** The upper bound as the quality report trains it (the trainer's defaults). */
  public static SimulatedUpperBounds withTrainerDefaults() {
    TrainerConfig trainer = TrainerConfig.from(Settings.empty());
    return new SimulatedUpperBounds(
        new OfflineUpperBound(
            trainer.shape(),
            trainer.imbalance(),
            trainer.bootstrap().maxEpochs(),
            trainer.bootstrap().batchSize()));
  }

  /** Writes the first {@code events} payments of {@code simulator} to {@code dir} and measures. */
  public Bounds measure(SimulatorConfig simulator, long events, Path dir) throws IOException {
    Path file = dir.resolve("payments-" + events + "-seed" + simulator.seed() + ".jsonl");
    SimulatedPaymentsFile.write(file, events, simulator);
    return measure(file, simulator.seed());
  }

  /** The two upper bounds of a file written by {@link SimulatedPaymentsFile}. */
  public Bounds measure(Path file, long seed) throws IOException {
    Examples examples = Examples.read(file);
    double[] labels = examples.labels();
    double budget = 0.005;
    RankingMetrics cardOnly =
        RankingMetrics.of(upperBound.inSampleScores(examples.cardOnly), labels, budget);
    RankingMetrics withKeyed =
        RankingMetrics.of(upperBound.inSampleScores(examples.withKeyed), labels, budget);
    int frauds = 0;
    for (double l : labels) {
      frauds += (int) l;
    }
    return new Bounds(seed, labels.length, frauds, cardOnly, withKeyed);
  }

  /** The examples of a file, with each feature set. */
  record Examples(List<LabelledExample> cardOnly, List<LabelledExample> withKeyed) {
    double[] labels() {
      double[] labels = new double[cardOnly.size()];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = cardOnly.get(i).fraud() ? 1 : 0;
      }
      return labels;
    }

    static Examples read(Path file) throws IOException {
      FeatureEngine engine = new FeatureEngine(FeatureSpecs.load(FeatureSpecs.BUILTIN_PAYMENTS));
      EventParser parser =
          new EventParser(IngestSettings.MAX_RECORD_BYTES.defaultValue(), engine.spec());
      StandInFeatures keyed = new StandInFeatures();
      Map<String, List<Recent>> cards = new HashMap<>();
      List<LabelledExample> cardOnly = new ArrayList<>();
      List<LabelledExample> withKeyed = new ArrayList<>();
      long now = System.currentTimeMillis();
      try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        long offset = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
          Outcome<Event> parsed =
              parser.parse(new RawRecord("file", 0, offset++, now, null, bytes), now);
          if (!parsed.isOk()) {
            throw new IOException(file + ": line " + offset + ": " + parsed.rejected());
          }
          Event event = parsed.value();
          List<Recent> history = cards.computeIfAbsent(event.entityId, c -> new ArrayList<>());
          Recent previous = history.isEmpty() ? null : history.get(history.size() - 1);
          double[] card = engine.compute(event, history, previous);
          history.add(engine.remember(event));
          LabelledPayment payment = payment(JSON.readTree(line));
          double[] extra = keyed.next(payment);
          double[] all = new double[card.length + extra.length];
          System.arraycopy(card, 0, all, 0, card.length);
          System.arraycopy(extra, 0, all, card.length, extra.length);
          cardOnly.add(new LabelledExample(event.eventId, event.eventTime, card, payment.fraud()));
          withKeyed.add(new LabelledExample(event.eventId, event.eventTime, all, payment.fraud()));
        }
      }
      return new Examples(cardOnly, withKeyed);
    }
  }

  static LabelledPayment payment(JsonNode row) {
    JsonNode fraud = row.get(SimulatedPaymentsFile.FRAUD);
    JsonNode labelTime = row.get(SimulatedPaymentsFile.LABEL_TIME);
    return new LabelledPayment(
        row.get("eventId").asText(),
        row.get("eventTime").asLong(),
        row.get("cardId").asText(),
        row.get("merchantId").asText(),
        text(row, "terminalId"),
        text(row, "deviceId"),
        fraud != null && fraud.asBoolean(),
        labelTime == null ? Long.MAX_VALUE : labelTime.asLong());
  }

  /** A missing key reads as one key of its own, as an absent {@code by:} field would. */
  private static String text(JsonNode row, String field) {
    JsonNode value = row.get(field);
    return value == null || value.isNull() ? "" : value.asText();
  }

  /**
   * {@code SimulatedUpperBounds EVENTS SEED...}: the two upper bounds on the simulator's defaults
   * for each seed, one line each.
   */
  public static void main(String[] args) throws IOException {
    long events = args.length > 0 ? Long.parseLong(args[0]) : 30_000;
    List<Long> seeds = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      seeds.add(Long.parseLong(args[i]));
    }
    if (seeds.isEmpty()) {
      seeds = List.of(7L, 8L, 9L);
    }
    PrintStream out = System.out;
    Path dir = Files.createTempDirectory("osprey-upper-bounds");
    SimulatedUpperBounds bounds = withTrainerDefaults();
    for (long seed : seeds) {
      SimulatorConfig simulator =
          SimulatorConfig.from(Settings.empty().with(SimulatorSettings.SEED, seed));
      long start = System.nanoTime();
      Bounds b = bounds.measure(simulator, events, dir);
      out.printf(Locale.ROOT, "%s (%.0f s)%n", b.line(), (System.nanoTime() - start) / 1e9);
    }
  }
}
