package io.osprey.model.drift;

import io.osprey.schema.BinnedDistribution;
import io.osprey.schema.ReferenceProfile;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@link ReferenceProfile} an envelope carries: each feature's distribution over the
 * examples of the model's training window, and the model's own served scores on them. A few hundred
 * doubles for ten bins and eight features, so it costs the envelope nothing worth noticing.
 */
public final class ReferenceProfiles {
  /** The profile format this build writes and reads. */
  public static final int FORMAT = 1;

  private ReferenceProfiles() {}

  /**
   * @param names the features' names, in the order of each row's values
   * @param rows raw feature values (as the scorer sees them), one row per example
   * @param scores the model's served scores of the same rows
   * @param threshold the envelope's threshold, on the scale of {@code scores}
   */
  public static ReferenceProfile of(
      List<String> names,
      double[][] rows,
      double[] scores,
      double threshold,
      int bins,
      long fromEventTime,
      long toEventTime) {
    if (rows.length == 0 || rows.length != scores.length) {
      throw new IllegalArgumentException(rows.length + " rows and " + scores.length + " scores");
    }
    List<BinnedDistribution> features = new ArrayList<>(names.size());
    double[] column = new double[rows.length];
    for (int f = 0; f < names.size(); f++) {
      for (int r = 0; r < rows.length; r++) {
        column[r] = rows[r][f];
      }
      features.add(QuantileBins.of(names.get(f), column, bins));
    }
    long declined = 0;
    for (double score : scores) {
      if (score >= threshold) {
        declined++;
      }
    }
    return ReferenceProfile.newBuilder()
        .setFormat(FORMAT)
        .setExamples(rows.length)
        .setFromEventTime(fromEventTime)
        .setToEventTime(toEventTime)
        .setFeatures(features)
        .setScores(QuantileBins.of("score", scores, bins))
        .setDeclineShare((double) declined / scores.length)
        .build();
  }

  /** Whether this build can compare live data with {@code profile} (a known format). */
  public static boolean readable(ReferenceProfile profile) {
    return profile != null && profile.getFormat() == FORMAT;
  }
}
