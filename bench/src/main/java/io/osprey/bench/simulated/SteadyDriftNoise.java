package io.osprey.bench.simulated;

import io.osprey.model.drift.DriftStatistics;
import io.osprey.model.drift.QuantileBins;
import io.osprey.platform.config.Settings;
import io.osprey.schema.BinnedDistribution;
import io.osprey.schema.features.FeatureLayout;
import io.osprey.sources.simulator.SimulatedPaymentsFile;
import io.osprey.sources.simulator.SimulatorConfig;
import io.osprey.trainer.intake.LabelledExample;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The drift monitor's feature statistics on a steady simulated stream, offline: the payments of the
 * demo's simulator (200 events/s, event time 20 times the wall clock), their features computed
 * point in time as {@link SimulatedUpperBounds} does (card features by the ingest job's own engine,
 * keyed ones by stand-ins), then each live window of {@code window} vectors compared, as {@code
 * DriftWatch} does, with a reference of the {@code reference} vectors that matured before it (a
 * maturity lag of {@code lag} events). Counts the windows at or above the PSI and KS thresholds per
 * feature after {@code warmup} events. Nothing in it changes over time but the simulator's own
 * randomness, so every alert it counts is a false alarm.
 *
 * <p>{@code SteadyDriftNoise EVENTS WARMUP REFERENCE WINDOW [LAG] [SEED]}; a negative {@code LAG}
 * compares every window with one reference ending at event {@code -LAG} instead: the profile of a
 * champion trained then and still serving.
 */
public final class SteadyDriftNoise {
  private SteadyDriftNoise() {}

  public static void main(String[] args) throws IOException {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 360_000;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 60_000;
    int[] references = ints(args.length > 2 ? args[2] : "4096");
    int[] windows = ints(args.length > 3 ? args[3] : "2000");
    int lag = args.length > 4 ? Integer.parseInt(args[4]) : 2_000;
    long seed = args.length > 5 ? Long.parseLong(args[5]) : 7;
    double psiThreshold = 0.2;
    double ksThreshold = 0.15;
    int bins = 10;

    SimulatorConfig simulator =
        SimulatorConfig.from(
            Settings.empty().with(io.osprey.sources.simulator.SimulatorSettings.SEED, seed));
    Path dir = Files.createTempDirectory("osprey-drift-noise");
    Path file = dir.resolve("payments.jsonl");
    SimulatedPaymentsFile.write(file, events, simulator);
    List<LabelledExample> examples = SimulatedUpperBounds.Examples.read(file).withKeyed();
    Files.deleteIfExists(file);
    Files.deleteIfExists(dir);
    List<String> names = FeatureLayout.PAYMENTS.names();
    int width = examples.get(0).values().length;
    PrintStream out = System.out;
    for (int reference : references) {
      for (int window : windows) {
        int[] psiAlerts = new int[width];
        int[] ksAlerts = new int[width];
        double[] psiMax = new double[width];
        double[] ksMax = new double[width];
        int compared = 0;
        int shareAlerts = 0;
        double shareMax = 0;
        for (int start = warmup; start + window <= examples.size(); start += window) {
          // a negative lag: one reference for every window, ending at event -lag (a champion
          // trained then and serving ever since)
          int refEnd = lag >= 0 ? start - lag : -lag;
          int refStart = Math.max(0, refEnd - reference);
          compared++;
          // the fraud share stands in for the DECLINE share of a model that declines every fraud
          double difference =
              Math.abs(
                  fraudShare(examples, start, start + window)
                      - fraudShare(examples, refStart, refEnd));
          shareMax = Math.max(shareMax, difference);
          shareAlerts += difference >= DECLINE_SHARE_THRESHOLD ? 1 : 0;
          for (int f = 0; f < width; f++) {
            double[] ref = new double[refEnd - refStart];
            for (int i = refStart; i < refEnd; i++) {
              ref[i - refStart] = examples.get(i).values()[f];
            }
            double[] live = new double[window];
            for (int i = 0; i < window; i++) {
              live[i] = examples.get(start + i).values()[f];
            }
            BinnedDistribution binned = QuantileBins.of("f", ref, bins);
            long[] counts = QuantileBins.counts(binned.getEdges(), live);
            double psi = DriftStatistics.psi(binned.getShares(), counts);
            double ks = DriftStatistics.ks(binned.getShares(), counts);
            psiMax[f] = Math.max(psiMax[f], psi);
            ksMax[f] = Math.max(ksMax[f], ks);
            psiAlerts[f] += psi >= psiThreshold ? 1 : 0;
            ksAlerts[f] += ks >= ksThreshold ? 1 : 0;
          }
        }
        out.printf(
            Locale.ROOT,
            "reference %d, window %d, lag %d, seed %d: %d windows after %d events%n",
            reference,
            window,
            lag,
            seed,
            compared,
            warmup);
        out.printf(
            Locale.ROOT,
            "  %-28s share alerts %4d (max %.4f)%n",
            "fraud share (DECLINE's stand-in)",
            shareAlerts,
            shareMax);
        for (int f = 0; f < width; f++) {
          if (psiAlerts[f] + ksAlerts[f] > 0 || psiMax[f] > 0.05) {
            out.printf(
                Locale.ROOT,
                "  %-28s psi alerts %4d (max %.3f)  ks alerts %4d (max %.3f)%n",
                f < names.size() ? names.get(f) : "stand-in " + (f - names.size()),
                psiAlerts[f],
                psiMax[f],
                ksAlerts[f],
                ksMax[f]);
          }
        }
      }
    }
  }

  private static final double DECLINE_SHARE_THRESHOLD = 0.02;

  private static double fraudShare(List<LabelledExample> examples, int from, int to) {
    int frauds = 0;
    for (int i = from; i < to; i++) {
      frauds += examples.get(i).fraud() ? 1 : 0;
    }
    return (double) frauds / Math.max(1, to - from);
  }

  private static int[] ints(String list) {
    return java.util.Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).toArray();
  }
}
