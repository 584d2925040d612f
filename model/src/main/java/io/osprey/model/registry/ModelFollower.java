package io.osprey.model.registry;

import io.osprey.model.signing.EnvelopeTrust;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one model's lineage on the {@code models} topic: each {@link #refresh} reads what was
 * appended since the last one and folds it into the {@link ModelLineage} known so far. What a
 * trainer runs to continue the version sequence and to see a champion promoted or rolled back by
 * hand. Envelopes not believed are logged as they are met. Owned by one thread.
 */
public final class ModelFollower implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ModelFollower.class);

  private final ModelsTopicReader reader;
  private ModelLineage lineage;

  /**
   * @param reader a reader used by this follower only; the follower closes it
   */
  public ModelFollower(ModelsTopicReader reader, String modelName, EnvelopeTrust trust) {
    this.reader = reader;
    this.lineage = ModelLineage.empty(modelName, trust);
  }

  /**
   * Catches up with the topic and returns the lineage as it stands now.
   *
   * @throws IllegalStateException if the topic cannot be read to its end within {@code timeout}
   */
  public ModelLineage refresh(Duration timeout) {
    long untrustedBefore = lineage.untrusted();
    lineage = lineage.with(reader.readNew(Optional.of(lineage.name()), timeout));
    if (lineage.untrusted() > untrustedBefore) {
      LOG.warn(
          "ignoring {} envelope(s) of {} on {} not signed by a trusted key (last {})",
          lineage.untrusted() - untrustedBefore,
          lineage.name(),
          reader.topic().name(),
          lineage.lastRefusal().orElse("?"));
    }
    return lineage;
  }

  /** The lineage as of the last refresh. */
  public ModelLineage lineage() {
    return lineage;
  }

  /** Makes a refresh in progress on another thread end with a {@code WakeupException}. */
  public void wakeup() {
    reader.wakeup();
  }

  @Override
  public void close() {
    reader.close();
  }
}
