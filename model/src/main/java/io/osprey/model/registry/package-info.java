/**
 * The rules of the compacted {@code models} topic, in one place for every reader and publisher.
 *
 * <ul>
 *   <li>{@link io.osprey.model.registry.ModelLineage}: the pure fold of one model's envelopes into
 *       latest, champion, previous good champion and rolled-back versions; the only definition of
 *       "previous good".
 *   <li>{@link io.osprey.model.registry.ModelsTopicReader}: the one read-to-end reader of the topic
 *       (read committed, through platform's {@code KafkaClients}).
 *   <li>{@link io.osprey.model.registry.ModelFollower}: a reader and a lineage kept up to date, for
 *       a long-running trainer.
 *   <li>{@link io.osprey.model.registry.Republication}: how an earlier envelope is published again
 *       as champion (promotion, rollback); a rollback always records the version it replaced.
 *   <li>{@link io.osprey.model.registry.ModelRegistry}: list, promote and roll back for operators
 *       (the CLI's {@code models} command).
 * </ul>
 */
package io.osprey.model.registry;
