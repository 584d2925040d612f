package io.osprey.platform.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One typed configuration key: its name, what it means, its default and what values are valid. Each
 * component declares its keys once, as constants, and reads them through {@link Settings}; no key
 * is spelled twice.
 */
public final class Setting<T> {
  /** What every derived environment variable starts with. */
  public static final String ENVIRONMENT_PREFIX = "OSPREY_";

  private final String key;
  private final String description;
  private final T defaultValue;
  private final Function<String, T> parser;
  private final Predicate<T> validator;
  private final String constraint;

  private Setting(
      String key,
      String description,
      T defaultValue,
      Function<String, T> parser,
      Predicate<T> validator,
      String constraint) {
    this.key = Objects.requireNonNull(key);
    this.description = Objects.requireNonNull(description);
    this.defaultValue = defaultValue;
    this.parser = parser;
    this.validator = validator;
    this.constraint = constraint;
    if (defaultValue != null && !validator.test(defaultValue)) {
      throw new IllegalArgumentException(
          key + ": default " + defaultValue + " is not " + constraint);
    }
  }

  public static Setting<String> text(String key, String description, String defaultValue) {
    return new Setting<>(key, description, defaultValue, s -> s, s -> true, "any text");
  }

  public static Setting<Integer> integer(
      String key, String description, int defaultValue, int min, int max) {
    return new Setting<>(
        key,
        description,
        defaultValue,
        Integer::valueOf,
        v -> v >= min && v <= max,
        "between " + min + " and " + max);
  }

  public static Setting<Long> longInteger(
      String key, String description, long defaultValue, long min, long max) {
    return new Setting<>(
        key,
        description,
        defaultValue,
        Long::valueOf,
        v -> v >= min && v <= max,
        "between " + min + " and " + max);
  }

  public static Setting<Double> decimal(
      String key, String description, double defaultValue, double min, double max) {
    return new Setting<>(
        key,
        description,
        defaultValue,
        Double::valueOf,
        v -> v >= min && v <= max,
        "between " + min + " and " + max);
  }

  public static Setting<Boolean> flag(String key, String description, boolean defaultValue) {
    return new Setting<>(
        key, description, defaultValue, Setting::parseBoolean, v -> true, "true or false");
  }

  /**
   * A positive duration, written {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 7d} or
   * ISO-8601.
   */
  public static Setting<Duration> duration(String key, String description, Duration defaultValue) {
    return new Setting<>(
        key,
        description,
        defaultValue,
        Setting::parseDuration,
        d -> !d.isNegative() && !d.isZero(),
        "a positive duration");
  }

  /** A duration that may be zero, which turns off what it sets (written like {@link #duration}). */
  public static Setting<Duration> durationOrOff(
      String key, String description, Duration defaultValue) {
    return new Setting<>(
        key,
        description,
        defaultValue,
        Setting::parseDuration,
        d -> !d.isNegative(),
        "a duration, 0s for off");
  }

  /**
   * A point in time, written as a UTC date ({@code 2000-01-01}, its start) or an ISO-8601 instant
   * ({@code 1999-06-30T12:00:00Z}).
   */
  public static Setting<Instant> instant(String key, String description, Instant defaultValue) {
    return new Setting<>(
        key,
        description,
        defaultValue,
        Setting::parseInstant,
        v -> true,
        "a UTC date (2000-01-01) or an ISO-8601 instant");
  }

  public static <E extends Enum<E>> Setting<E> choice(
      String key, String description, Class<E> type, E defaultValue) {
    return new Setting<>(
        key,
        description,
        defaultValue,
        s -> Enum.valueOf(type, s.trim().toUpperCase(Locale.ROOT).replace('-', '_')),
        v -> true,
        "one of " + java.util.Arrays.toString(type.getEnumConstants()));
  }

  /**
   * The settings declared as {@code public static final Setting} constants of {@code holders}: what
   * a process that reads those classes understands (see {@link Settings#requireKnown}).
   */
  public static List<Setting<?>> declaredIn(Class<?>... holders) {
    List<Setting<?>> declared = new ArrayList<>();
    for (Class<?> holder : holders) {
      for (Field field : holder.getFields()) {
        int modifiers = field.getModifiers();
        if (Modifier.isStatic(modifiers)
            && Modifier.isFinal(modifiers)
            && field.getType() == Setting.class) {
          try {
            declared.add((Setting<?>) field.get(null));
          } catch (IllegalAccessException e) {
            throw new IllegalStateException("public constant not readable: " + field, e);
          }
        }
      }
    }
    return declared;
  }

  public String key() {
    return key;
  }

  public String description() {
    return description;
  }

  public T defaultValue() {
    return defaultValue;
  }

  /**
   * The environment variable that sets this key, derived from the key alone: {@code OSPREY_}, then
   * the key in upper case with every character other than a letter or digit made {@code _} ({@code
   * trainer.batch.size} is {@code OSPREY_TRAINER_BATCH_SIZE}).
   */
  public String environmentVariable() {
    return ENVIRONMENT_PREFIX + key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }

  /** The default as a user would write it: {@code 10s} rather than {@code PT10S}. */
  public String defaultText() {
    return format(defaultValue);
  }

  /** {@code value} of this setting as a user would write it ({@code 1d}, {@code 2000-01-01}). */
  public String textOf(T value) {
    return format(value);
  }

  /** {@code value} in the form {@link #parse} reads back. */
  static String format(Object value) {
    if (value instanceof Duration duration) {
      return formatDuration(duration);
    }
    if (value instanceof Instant instant) {
      return formatInstant(instant);
    }
    if (value instanceof Enum<?> constant) {
      // An enum that names itself (SCRAM-SHA-256) is shown so; a plain constant in lower case.
      String shown = constant.toString();
      return shown.equals(constant.name()) ? shown.toLowerCase(Locale.ROOT) : shown;
    }
    return String.valueOf(value);
  }

  /** A start of a UTC day as its date, anything else as ISO-8601. */
  private static String formatInstant(Instant instant) {
    LocalDate day = LocalDate.ofInstant(instant, ZoneOffset.UTC);
    return day.atStartOfDay(ZoneOffset.UTC).toInstant().equals(instant)
        ? day.toString()
        : instant.toString();
  }

  /** Reads a UTC date ({@code 2000-01-01}) or an ISO-8601 instant. */
  public static Instant parseInstant(String raw) {
    return raw.contains("T")
        ? Instant.parse(raw)
        : LocalDate.parse(raw).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private static String formatDuration(Duration duration) {
    long millis = duration.toMillis();
    if (!Duration.ofMillis(millis).equals(duration)) {
      return duration.toString();
    }
    long[] unitMillis = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
    String[] unitNames = {"d", "h", "m", "s"};
    for (int i = 0; i < unitMillis.length; i++) {
      if (millis % unitMillis[i] == 0) {
        return millis / unitMillis[i] + unitNames[i];
      }
    }
    return millis + "ms";
  }

  /** Parses and validates {@code raw}, with a message that names the key when it is wrong. */
  public T parse(String raw) {
    T value;
    try {
      value = parser.apply(raw.trim());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          key + ": cannot read '" + raw + "' (expected " + constraint + ")", e);
    }
    if (!validator.test(value)) {
      throw new IllegalArgumentException(key + ": '" + raw + "' is not " + constraint);
    }
    return value;
  }

  private static boolean parseBoolean(String raw) {
    switch (raw.toLowerCase(Locale.ROOT)) {
      case "true":
      case "yes":
      case "1":
        return true;
      case "false":
      case "no":
      case "0":
        return false;
      default:
        throw new IllegalArgumentException("not a boolean");
    }
  }

  /**
   * Reads {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 7d} or ISO-8601 ({@code
   * PT1H}).
   */
  public static Duration parseDuration(String raw) {
    String s = raw.toLowerCase(Locale.ROOT);
    if (s.startsWith("p")) {
      return Duration.parse(raw.toUpperCase(Locale.ROOT));
    }
    if (s.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
    }
    long amount = Long.parseLong(s.substring(0, s.length() - 1));
    switch (s.charAt(s.length() - 1)) {
      case 's':
        return Duration.ofSeconds(amount);
      case 'm':
        return Duration.ofMinutes(amount);
      case 'h':
        return Duration.ofHours(amount);
      case 'd':
        return Duration.ofDays(amount);
      default:
        throw new IllegalArgumentException("unknown unit");
    }
  }

  @Override
  public String toString() {
    return key + " (default " + defaultText() + "): " + description;
  }
}
