package io.osprey.schema.features;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads feature specs: {@code builtin:NAME} (a spec shipped in this jar, {@code
 * feature-specs/NAME.yaml}) or the path of a {@code .yaml}, {@code .yml} or {@code .json} file.
 * Every problem is a {@link SpecException} naming the file and line. The keys are documented in
 * stream-ingest's README ("Feature specs").
 */
public final class FeatureSpecs {
  /** The default of {@code features.spec}: card payments. */
  public static final String BUILTIN_PAYMENTS = "builtin:payments";

  private static final String BUILTIN = "builtin:";
  private static final String BUILTIN_DIR = "feature-specs/";

  private FeatureSpecs() {}

  /**
   * Loads and checks a spec.
   *
   * @param ref {@code builtin:NAME} or a file path
   * @throws SpecException when the spec is missing or wrong, naming the file and line
   */
  public static FeatureSpec load(String ref) {
    String trimmed = ref == null ? "" : ref.trim();
    if (trimmed.isEmpty()) {
      throw new SpecException("features.spec", 0, "no spec given (a file path or builtin:NAME)");
    }
    return trimmed.startsWith(BUILTIN) ? builtin(trimmed) : file(Path.of(trimmed));
  }

  private static FeatureSpec builtin(String ref) {
    String resource = BUILTIN_DIR + ref.substring(BUILTIN.length()) + ".yaml";
    String text = resource(resource);
    if (text == null) {
      throw new SpecException(ref, 0, "no such built-in spec (built in: " + BUILTIN_PAYMENTS + ")");
    }
    return parse(new Source(ref, true, text, relative -> resourceBeside(resource, relative)));
  }

  private static FeatureSpec file(Path path) {
    String name = path.getFileName() == null ? path.toString() : path.getFileName().toString();
    String lower = name.toLowerCase(Locale.ROOT);
    boolean yaml = lower.endsWith(".yaml") || lower.endsWith(".yml");
    if (!yaml && !lower.endsWith(".json")) {
      throw new SpecException(
          path.toString(), 0, "a spec file must end in .yaml, .yml or .json, got '" + name + "'");
    }
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new SpecException(path.toString(), 0, "no such file");
    } catch (IOException e) {
      throw new SpecException(path.toString(), 0, "cannot read: " + e.getMessage());
    }
    Path dir = path.toAbsolutePath().getParent();
    return parse(
        new Source(
            path.toString(),
            yaml,
            text,
            relative -> {
              try {
                return Files.readString(dir.resolve(relative), StandardCharsets.UTF_8);
              } catch (NoSuchFileException e) {
                return null;
              }
            }));
  }

  /** Parses spec text; {@code source} also resolves files the spec names relative to itself. */
  static FeatureSpec parse(Source source) {
    JsonFactory factory = source.yaml() ? new YAMLFactory() : new JsonFactory();
    try (JsonParser parser = factory.createParser(source.text())) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new SpecException(source.name(), 0, "the file is empty");
      }
      SpecNode root = SpecNode.read(parser, source.name());
      return new SpecReader(source).spec(root);
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new SpecException(
          source.name(),
          line,
          "not valid " + (source.yaml() ? "YAML" : "JSON") + ": " + oneLine(e));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String oneLine(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    return message == null ? e.getClass().getSimpleName() : message.replace('\n', ' ').strip();
  }

  private static String resource(String name) {
    try (InputStream in = FeatureSpecs.class.getClassLoader().getResourceAsStream(name)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + name, e);
    }
  }

  private static String resourceBeside(String resource, String relative) {
    return resource(URI.create(resource).resolve(relative).normalize().toString());
  }

  /**
   * Spec text and where it came from.
   *
   * @param sibling reads a file named relative to the spec; null when there is none
   */
  record Source(String name, boolean yaml, String text, Sibling sibling) {}

  /** Reads a file next to the spec. */
  interface Sibling {
    String read(String relativePath) throws IOException;
  }
}
