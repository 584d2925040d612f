package io.osprey.platform.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

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

  public <T> Settings with(Setting<T> setting, T value) {
    Map<String, String> copy = new HashMap<>(values);
    copy.put(setting.key(), String.valueOf(value));
    return new Settings(copy);
  }

  /** These settings with {@code overrides} on top. */
  public Settings overriddenBy(Settings overrides) {
    Map<String, String> copy = new HashMap<>(values);
    copy.putAll(overrides.values);
    return new Settings(copy);
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
