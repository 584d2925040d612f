package io.osprey.schema.codec;

import io.osprey.schema.DeadLetter;
import io.osprey.schema.FeatureVector;
import io.osprey.schema.Label;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.MonitoringEvent;
import io.osprey.schema.Prediction;
import io.osprey.schema.TrainingExample;
import io.osprey.schema.Transaction;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * The writer schemas a reader can resolve by fingerprint without asking anyone: the current version
 * of every Osprey contract. When a contract changes, the previous version's {@code .avsc} is what a
 * newer reader needs to read old records; add it here (see README "Evolving a contract").
 */
public final class KnownSchemas {
  private static final List<Schema> CURRENT =
      List.of(
          Transaction.getClassSchema(),
          Label.getClassSchema(),
          DeadLetter.getClassSchema(),
          FeatureVector.getClassSchema(),
          TrainingExample.getClassSchema(),
          ModelEnvelope.getClassSchema(),
          Prediction.getClassSchema(),
          MonitoringEvent.getClassSchema());

  /**
   * Earlier versions, oldest first; within a version, files in dependency order (a record that
   * embeds another comes after it). Each version is parsed on its own, so its names do not clash
   * with the current generated classes.
   */
  private static final Map<String, List<String>> HISTORY =
      Map.of(
          "v1",
          List.of("feature-vector.avsc", "training-example.avsc", "prediction.avsc"),
          "v2",
          List.of("model-envelope.avsc", "dead-letter.avsc"),
          "v3",
          List.of("transaction.avsc"),
          "v4",
          List.of("model-envelope.avsc", "monitoring-event.avsc"));

  private static final List<Schema> PREVIOUS = loadHistory();

  private static final SchemaStore.Cache STORE = new SchemaStore.Cache();

  static {
    CURRENT.forEach(STORE::addSchema);
    PREVIOUS.forEach(STORE::addSchema);
    ClassSecurityValidator.setGlobal(
        ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(), contractClasses()));
  }

  /**
   * Avro 1.12 instantiates only trusted classes while decoding. Trusted here: every named type
   * reachable from a current contract (records embedded in others, such as a model envelope's
   * calibration, included), found by walking the schemas, so a type added to a contract is trusted
   * without anyone remembering to list it, and nothing else of the package is.
   */
  static ClassSecurityValidator.ClassSecurityPredicate contractClasses() {
    ClassSecurityValidator.Builder trusted = ClassSecurityValidator.builder();
    Set<String> names = new TreeSet<>();
    CURRENT.forEach(schema -> collectNamedTypes(schema, names));
    names.forEach(trusted::add);
    return trusted.build();
  }

  private static void collectNamedTypes(Schema schema, Set<String> names) {
    switch (schema.getType()) {
      case RECORD -> {
        if (names.add(schema.getFullName())) {
          schema.getFields().forEach(field -> collectNamedTypes(field.schema(), names));
        }
      }
      case ENUM, FIXED -> names.add(schema.getFullName());
      case UNION -> schema.getTypes().forEach(branch -> collectNamedTypes(branch, names));
      case ARRAY -> collectNamedTypes(schema.getElementType(), names);
      case MAP -> collectNamedTypes(schema.getValueType(), names);
      default -> {
        // a primitive: nothing to instantiate
      }
    }
  }

  private KnownSchemas() {}

  /** Makes sure the contracts are trusted by Avro's class validator (idempotent). */
  static void ensureTrusted() {
    // Loading this class ran the static initialiser; nothing else to do.
  }

  /** A shared, thread-safe store of the current schemas. */
  public static SchemaStore store() {
    return STORE;
  }

  /**
   * A new store holding the current schemas plus {@code extra} ones (for example a newer peer's).
   */
  public static SchemaStore.Cache storeWith(Schema... extra) {
    SchemaStore.Cache cache = new SchemaStore.Cache();
    CURRENT.forEach(cache::addSchema);
    PREVIOUS.forEach(cache::addSchema);
    for (Schema schema : extra) {
      cache.addSchema(schema);
    }
    return cache;
  }

  /** Every earlier released version of the contracts, for tests and tools. */
  public static List<Schema> previousVersions() {
    return PREVIOUS;
  }

  private static List<Schema> loadHistory() {
    List<Schema> schemas = new ArrayList<>();
    HISTORY.forEach(
        (version, files) -> {
          Schema.Parser parser = new Schema.Parser();
          for (String file : files) {
            String resource = "/avro-history/" + version + "/" + file;
            try (InputStream in = KnownSchemas.class.getResourceAsStream(resource)) {
              if (in == null) {
                throw new IllegalStateException("missing schema history file " + resource);
              }
              schemas.add(parser.parse(in));
            } catch (IOException e) {
              throw new UncheckedIOException("cannot read " + resource, e);
            }
          }
        });
    return List.copyOf(schemas);
  }
}
