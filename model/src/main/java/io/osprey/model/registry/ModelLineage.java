package io.osprey.model.registry;

import io.osprey.model.ModelEnvelopes;
import io.osprey.model.signing.EnvelopeTrust;
import io.osprey.schema.ModelEnvelope;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the envelopes of one model on the {@code models} topic add up to: the latest version, the
 * champion, the previous good champion, and the versions that were rolled back. The one place that
 * decides what "previous good" means; the CLI, the trainer and the test fixtures all ask it.
 *
 * <p>A value: {@link #with} returns a new lineage and never touches this one, so the fold is tested
 * without a broker and a reader can hand out what it knows while it goes on reading.
 *
 * <p>Rules:
 *
 * <ul>
 *   <li>Only envelopes {@link EnvelopeTrust} believes count; the others are counted as untrusted
 *       and otherwise ignored, so a forged version {@code Long.MAX_VALUE} neither ends the version
 *       sequence nor becomes the champion.
 *   <li>The champion is the highest champion version.
 *   <li>A rollback is a champion envelope whose metrics name, under {@link
 *       Republication#ROLLED_BACK_FROM}, the version it replaced. That version, and its network
 *       (checksum) when it is still known, are rolled back: never a previous good champion again. A
 *       promotion by hand may still serve them; the operator decides that.
 *   <li>The previous good champion is the newest champion older than the current one whose network
 *       differs from the current one and was not rolled back.
 * </ul>
 *
 * <p>Only the newest {@value #CHAMPIONS_KEPT} champions are kept with their payloads: an older one
 * is never rolled back to (and the topic's compaction removes them anyway).
 */
public final class ModelLineage {
  /** Champions kept to find the previous good one. */
  static final int CHAMPIONS_KEPT = 32;

  private final String name;
  private final EnvelopeTrust trust;
  private final ModelEnvelope latest; // null: nothing believed yet
  private final NavigableMap<Long, ModelEnvelope> champions;
  private final Set<Long> rolledBackVersions;
  private final Set<String> rolledBackNetworks; // lower-case checksums
  private final long untrusted;
  private final String lastRefusal;

  private ModelLineage(
      String name,
      EnvelopeTrust trust,
      ModelEnvelope latest,
      NavigableMap<Long, ModelEnvelope> champions,
      Set<Long> rolledBackVersions,
      Set<String> rolledBackNetworks,
      long untrusted,
      String lastRefusal) {
    this.name = name;
    this.trust = trust;
    this.latest = latest;
    this.champions = champions;
    this.rolledBackVersions = rolledBackVersions;
    this.rolledBackNetworks = rolledBackNetworks;
    this.untrusted = untrusted;
    this.lastRefusal = lastRefusal;
  }

  /** The lineage of {@code name} before any envelope, believing what {@code trust} believes. */
  public static ModelLineage empty(String name, EnvelopeTrust trust) {
    return new ModelLineage(name, trust, null, new TreeMap<>(), Set.of(), Set.of(), 0, null);
  }

  /** The lineage of {@code name} after {@code envelopes}, in the order they were written. */
  public static ModelLineage of(
      String name, EnvelopeTrust trust, Collection<ModelEnvelope> envelopes) {
    return empty(name, trust).with(envelopes);
  }

  /**
   * This lineage followed by {@code envelopes} (in topic order). Envelopes of other models are
   * ignored.
   */
  public ModelLineage with(Collection<ModelEnvelope> envelopes) {
    if (envelopes.isEmpty()) {
      return this;
    }
    ModelEnvelope newest = latest;
    NavigableMap<Long, ModelEnvelope> kept = new TreeMap<>(champions);
    Set<Long> versions = new HashSet<>(rolledBackVersions);
    Set<String> networks = new HashSet<>(rolledBackNetworks);
    long refused = untrusted;
    String refusal = lastRefusal;
    for (ModelEnvelope envelope : envelopes) {
      if (!name.equals(envelope.getName())) {
        continue;
      }
      Optional<String> why = trust.refusal(envelope);
      if (why.isPresent()) {
        refused++;
        refusal = "v" + envelope.getVersion() + ": " + why.get();
        continue;
      }
      if (newest == null || envelope.getVersion() >= newest.getVersion()) {
        newest = envelope;
      }
      Double from = envelope.getMetrics().get(Republication.ROLLED_BACK_FROM);
      if (from != null) {
        long replaced = from.longValue();
        versions.add(replaced);
        ModelEnvelope replacedEnvelope = kept.get(replaced);
        if (replacedEnvelope != null) {
          networks.add(network(replacedEnvelope));
        }
      }
      if (ModelEnvelopes.CHAMPION.equals(envelope.getRole())) {
        kept.put(envelope.getVersion(), envelope);
        while (kept.size() > CHAMPIONS_KEPT) {
          kept.pollFirstEntry();
        }
      }
    }
    return new ModelLineage(
        name, trust, newest, kept, Set.copyOf(versions), Set.copyOf(networks), refused, refusal);
  }

  /** This lineage followed by one more envelope. */
  public ModelLineage with(ModelEnvelope envelope) {
    return with(java.util.List.of(envelope));
  }

  public String name() {
    return name;
  }

  /** The highest believed version, whatever its role: versions and weights go on from it. */
  public Optional<ModelEnvelope> latest() {
    return Optional.ofNullable(latest);
  }

  /** The highest believed champion version: what the scorers serve. */
  public Optional<ModelEnvelope> champion() {
    return Optional.ofNullable(champions.lastEntry()).map(Map.Entry::getValue);
  }

  /**
   * Where a rollback goes: the newest earlier champion with another network, never one that was
   * rolled back.
   */
  public Optional<ModelEnvelope> previousGood() {
    Optional<ModelEnvelope> current = champion();
    if (current.isEmpty()) {
      return Optional.empty();
    }
    String serving = network(current.get());
    return champions.headMap(current.get().getVersion(), false).descendingMap().values().stream()
        .filter(e -> !rolledBackVersions.contains(e.getVersion()))
        .filter(e -> !rolledBackNetworks.contains(network(e)))
        .filter(e -> !network(e).equals(serving))
        .findFirst();
  }

  /** The versions a rollback replaced. */
  public Set<Long> rolledBack() {
    return rolledBackVersions;
  }

  /**
   * The version a new publication takes: one above the latest believed one.
   *
   * @throws IllegalStateException if the latest is {@code Long.MAX_VALUE}: nothing can follow it
   */
  public long nextVersion() {
    long current = latest == null ? 0 : latest.getVersion();
    try {
      return Math.addExact(current, 1);
    } catch (ArithmeticException e) {
      throw new IllegalStateException(
          name + " v" + current + " is the last version there can be; nothing published");
    }
  }

  /** Envelopes of this model not believed so far. */
  public long untrusted() {
    return untrusted;
  }

  /** Why the last envelope not believed was refused, if any was. */
  public Optional<String> lastRefusal() {
    return Optional.ofNullable(lastRefusal);
  }

  private static String network(ModelEnvelope envelope) {
    return envelope.getChecksum().toLowerCase(Locale.ROOT);
  }
}
