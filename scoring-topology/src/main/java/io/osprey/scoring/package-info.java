/**
 * The scorer: a Kafka Streams application that keeps the served models in a global RocksDB store
 * and turns every {@code FeatureVector} into a {@code Prediction}.
 *
 * <ul>
 *   <li>{@link io.osprey.scoring.ScoringTopology}: the seams (streams config, topology).
 *   <li>{@link io.osprey.scoring.EnvelopeAdmission} validates envelopes and is the only writer of
 *       {@link io.osprey.scoring.AdmittedModelStore} (champion, challenger, recent versions); each
 *       task's {@code ModelHolder} loads its own model instances when the store's versions change.
 *   <li>{@code Scorer} applies the champion (or the {@link io.osprey.scoring.FallbackRule}), the
 *       {@link io.osprey.scoring.DecisionBands} and leave-one-out reasons, and scores the
 *       challenger in shadow.
 *   <li>{@link io.osprey.scoring.ScoringService} runs it for the launcher, with an HTTP endpoint
 *       for model versions and each entity's last prediction; {@link io.osprey.scoring.ScoringMain}
 *       for a standalone process.
 * </ul>
 */
package io.osprey.scoring;
