/**
 * The scorer: a Kafka Streams application that keeps the served model in a global RocksDB store and
 * turns every {@code FeatureVector} into a {@code Prediction}.
 *
 * <ul>
 *   <li>{@link io.osprey.scoring.ScoringTopology}: the seams (streams config, topology).
 *   <li>{@link io.osprey.scoring.ModelGate} validates envelopes and is the only writer of {@link
 *       io.osprey.scoring.ModelStore}; each task's {@code ModelHolder} loads its own model instance
 *       when the store's version changes.
 *   <li>{@code Scorer} applies the model (or the {@link io.osprey.scoring.FallbackRule}), the
 *       {@link io.osprey.scoring.DecisionBands} and leave-one-out reasons.
 *   <li>{@link io.osprey.scoring.ScoringService} runs it for the launcher; {@link
 *       io.osprey.scoring.ScoringMain} for a standalone process.
 * </ul>
 */
package io.osprey.scoring;
