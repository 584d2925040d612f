package io.osprey.model.registry;

import io.osprey.schema.ModelEnvelope;
import java.util.Map;

/** One published envelope as a listing shows it: its header, and whether it is believed. */
public record ModelVersion(
    String name,
    long version,
    String role,
    Long parentVersion,
    long createdAt,
    Map<String, Double> metrics,
    double threshold,
    String specHash,
    String checksum,
    boolean trusted) {

  static ModelVersion of(ModelEnvelope envelope, boolean trusted) {
    return new ModelVersion(
        envelope.getName(),
        envelope.getVersion(),
        envelope.getRole(),
        envelope.getParentVersion(),
        envelope.getCreatedAt(),
        Map.copyOf(envelope.getMetrics()),
        envelope.getThreshold(),
        envelope.getSpecHash(),
        envelope.getChecksum(),
        trusted);
  }
}
