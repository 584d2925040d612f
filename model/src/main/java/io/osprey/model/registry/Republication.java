package io.osprey.model.registry;

import io.osprey.model.ModelEnvelopes;
import io.osprey.model.signing.ModelSigner;
import io.osprey.schema.ModelEnvelope;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How an earlier envelope is published again as champion: what a promotion or rollback, by hand or
 * by the trainer, writes. History is never rewritten: the chosen envelope's network goes out under
 * a new version, with {@code parentVersion} naming the version it copies, so versions only go up
 * for every reader and a scorer that still holds that network takes it without loading it again.
 *
 * <p>A rollback always names the version it replaced ({@link #ROLLED_BACK_FROM}), whoever performs
 * it: that is what keeps {@link ModelLineage#previousGood} from returning to it.
 *
 * <p>The envelope is signed here, by the publisher's key: re-signing is required since version,
 * role, lineage and creation time changed.
 */
public final class Republication {
  /** The key, in a rollback envelope's metrics, of the version it replaced. */
  public static final String ROLLED_BACK_FROM = "rolled_back_from_version";

  private Republication() {}

  /**
   * {@code good} as champion under {@code version}, replacing {@code replaced}.
   *
   * @param evidence figures to record with it (the trainer's gate figures), added to {@code good}'s
   */
  public static ModelEnvelope rollback(
      ModelEnvelope good,
      long replaced,
      long version,
      long createdAt,
      Map<String, Double> evidence,
      ModelSigner signer) {
    Map<String, Double> figures = new LinkedHashMap<>(good.getMetrics());
    figures.put(ROLLED_BACK_FROM, (double) replaced);
    figures.putAll(evidence);
    return signer.sign(asChampion(good, version, createdAt).setMetrics(figures).build());
  }

  /** {@code chosen} as champion under {@code version}, its metrics as they were. */
  public static ModelEnvelope promotion(
      ModelEnvelope chosen, long version, long createdAt, ModelSigner signer) {
    return signer.sign(asChampion(chosen, version, createdAt).build());
  }

  private static ModelEnvelope.Builder asChampion(
      ModelEnvelope chosen, long version, long createdAt) {
    return ModelEnvelope.newBuilder(chosen)
        .setVersion(version)
        .setParentVersion(chosen.getVersion())
        .setRole(ModelEnvelopes.CHAMPION)
        .setCreatedAt(createdAt);
  }
}
