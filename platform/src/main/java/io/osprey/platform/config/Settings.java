package io.osprey.platform.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Raw configuration values, read through typed {@link Setting}s. Immutable: {@link #with} returns a
 * copy, so a component's configuration cannot change under it.
 */
public final class Settings {
  private final Map<String, String> values;

  private Settings(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  public static Settings empty() {
    return new Settings(Map.of());
  }

  public static Settings of(Map<String, String> values) {
    return new Settings(values);
  }

  public static Settings fromFile(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    }
    Map<String, String> values = new HashMap<>();
    properties.stringPropertyNames().forEach(k -> values.put(k, properties.getProperty(k)));
    return new Settings(values);
  }

  /**
   * Settings from command-line words of the form {@code key=value} or {@code --key=value}; a word
   * naming an existing file ending in {@code .properties} loads that file first.
   *
   * @throws IllegalArgumentException for a word of any other form
   */
  public static Settings fromArgs(String... args) throws IOException {
    Map<String, String> values = new HashMap<>();
    for (String arg : args) {
      if (arg.endsWith(".properties") && Files.isRegularFile(Path.of(arg))) {
        values.putAll(fromFile(Path.of(arg)).values);
        continue;
      }
      String word = arg.startsWith("--") ? arg.substring(2) : arg;
      int equals = word.indexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException(
            "expected key=value or a .properties file, got '" + arg + "'");
      }
      values.put(word.substring(0, equals), word.substring(equals + 1));
    }
    return new Settings(values);
  }

  /** The value of {@code setting}, or its default when unset. */
  public <T> T get(Setting<T> setting) {
    String raw = values.get(setting.key());
    return raw == null ? setting.defaultValue() : setting.parse(raw);
  }

  /** Whether {@code setting} was given a value (rather than falling back to its default). */
  public boolean has(Setting<?> setting) {
    return values.containsKey(setting.key());
  }

  public <T> Settings with(Setting<T> setting, T value) {
    Map<String, String> copy = new HashMap<>(values);
    copy.put(setting.key(), String.valueOf(value));
    return new Settings(copy);
  }

  /** The values whose keys start with {@code prefix}, keyed by the rest of the key. */
  public Map<String, String> withPrefix(String prefix) {
    Map<String, String> found = new HashMap<>();
    values.forEach(
        (key, value) -> {
          if (key.startsWith(prefix) && key.length() > prefix.length()) {
            found.put(key.substring(prefix.length()), value);
          }
        });
    return found;
  }

  /** These settings with {@code overrides} on top. */
  public Settings overriddenBy(Settings overrides) {
    Map<String, String> copy = new HashMap<>(values);
    copy.putAll(overrides.values);
    return new Settings(copy);
  }

  /**
   * Fails on a key none of {@code known} declares, naming the closest known key: a misspelt key
   * would otherwise be ignored and its default used without a word.
   *
   * @throws IllegalArgumentException listing every unknown key
   */
  public Settings requireKnown(Collection<Setting<?>> known) {
    return requireKnown(known, List.of());
  }

  /**
   * As {@link #requireKnown(Collection)}, but any key starting with one of {@code openPrefixes} is
   * accepted too: a family of keys passed through to a library as they are (Kafka client
   * properties).
   */
  public Settings requireKnown(Collection<Setting<?>> known, Collection<String> openPrefixes) {
    Set<String> knownKeys = known.stream().map(Setting::key).collect(Collectors.toSet());
    List<String> problems =
        values.keySet().stream()
            .filter(key -> !knownKeys.contains(key))
            .filter(key -> openPrefixes.stream().noneMatch(key::startsWith))
            .sorted()
            .map(key -> "unknown setting '" + key + "'" + suggestion(key, knownKeys))
            .toList();
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return this;
  }

  /** " (did you mean 'x'?)" when a known key is within a few edits of {@code key}. */
  private static String suggestion(String key, Set<String> knownKeys) {
    return knownKeys.stream()
        .min(Comparator.comparingInt((String k) -> editDistance(key, k)).thenComparing(k -> k))
        .filter(k -> editDistance(key, k) <= Math.max(2, key.length() / 4))
        .map(k -> " (did you mean '" + k + "'?)")
        .orElse("");
  }

  /** Levenshtein distance: insertions, deletions and substitutions of one character. */
  static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /** The values, with those of any key naming a password or secret masked: safe to log. */
  @Override
  public String toString() {
    Map<String, String> shown = new java.util.TreeMap<>(values);
    shown.replaceAll((key, value) -> isSecret(key) ? "[hidden]" : value);
    return shown.toString();
  }

  private static boolean isSecret(String key) {
    String lower = key.toLowerCase(java.util.Locale.ROOT);
    return lower.contains("password") || lower.contains("secret") || lower.contains("jaas");
  }
}
