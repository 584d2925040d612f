package io.osprey.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A report section that sets each contender's flat-out rate against a floor's: a pass-through on
 * the same broker and cores that does only the plumbing any such system must do. The share is what
 * the plumbing leaves for the real work to cost.
 */
final class AgainstFloor {
  private AgainstFloor() {}

  /**
   * The Markdown section, or "" when the floor ran no flat-out step.
   *
   * @param floor the label of the floor's sweep in {@code steps}
   * @param intro what the floor is, placed above the table
   */
  static String markdown(Map<String, List<StepResult>> steps, String floor, String intro) {
    List<StepResult> floorSteps = steps.get(floor);
    Double floorRate = floorSteps == null ? null : flatOutRate(floorSteps);
    if (floorRate == null) {
      return "";
    }
    StringBuilder md =
        new StringBuilder("## Against the Kafka plumbing\n\n")
            .append(intro)
            .append("\n\n| system | flat out/s | share of the ")
            .append(floor)
            .append("'s |\n|---|---|---|\n");
    steps.forEach(
        (label, results) -> {
          Double rate = flatOutRate(results);
          if (!label.equals(floor) && rate != null) {
            md.append(
                String.format(
                    Locale.ROOT, "| %s | %.0f | %.0f%% |\n", label, rate, 100 * rate / floorRate));
          }
        });
    return md.append(String.format(Locale.ROOT, "| %s | %.0f | 100%% |\n", floor, floorRate))
        .toString();
  }

  private static Double flatOutRate(List<StepResult> results) {
    return results.stream()
        .filter(StepResult::flatOut)
        .map(StepResult::receivedRate)
        .findFirst()
        .orElse(null);
  }
}
