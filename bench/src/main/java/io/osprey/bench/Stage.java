package io.osprey.bench;

/**
 * A stretch of an event's way through the pipeline, between two of the times its result carries
 * (see {@link StageStamps}). The stages follow one another, so their medians add up to roughly the
 * end-to-end median (percentiles of a sum are not sums of percentiles).
 */
enum Stage {
  /**
   * From handing the event to the driver's producer to its Kafka timestamp, which is what the
   * pipeline calls its ingest time: the producer stamps it on send, so this is near zero by design.
   */
  PRODUCER_TO_INGEST("producerToIngest", "producer → ingest"),
  /**
   * Kafka to the Flink source, parsing, the shuffle by entity and the feature operator (for the
   * baseline: Kafka to its identity job).
   */
  INGEST_TO_FEATURE("ingestToFeature", "ingest → feature"),
  /**
   * From the features being computed to the features record being sent: the shuffle by event id,
   * its dedupe and the sink (for the baseline, whose source and sink are one chained task, ~0).
   */
  FEATURE_TO_FEATURE_OUT("featureToFeatureOut", "feature → feature out"),
  /** The features record through the sink's producer and the broker into the scorer, scored. */
  FEATURE_OUT_TO_SCORED("featureOutToScored", "feature out → scored"),
  /** The prediction through the scorer's producer and the broker to the driver's consumer. */
  SCORED_TO_CONSUMER("scoredToConsumer", "scored → consumer");

  private final String key;
  private final String label;

  Stage(String key, String label) {
    this.key = key;
    this.label = label;
  }

  /** The field name in {@code summary.json} and the column name in {@code stages.csv}. */
  String key() {
    return key;
  }

  /** How reports name it. */
  String label() {
    return label;
  }
}
