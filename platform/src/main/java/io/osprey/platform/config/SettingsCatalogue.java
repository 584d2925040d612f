package io.osprey.platform.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every key a program understands, grouped by the component that declares it, in the order a reader
 * meets them. What {@code ./osprey settings} prints and what {@link Settings#requireKnown} checks a
 * configuration against; a key or a derived environment variable declared twice is refused, so that
 * one name never means two things.
 */
public final class SettingsCatalogue {
  /** One component's keys, as declared by its settings classes. */
  public record Section(String component, List<Setting<?>> settings) {
    public Section {
      Objects.requireNonNull(component);
      settings = List.copyOf(settings);
    }
  }

  private final List<Section> sections;

  private SettingsCatalogue(List<Section> sections) {
    this.sections = List.copyOf(sections);
    Map<String, Setting<?>> owners = new HashMap<>();
    for (Setting<?> setting : settings()) {
      for (String name : List.of(setting.key(), setting.environmentVariable())) {
        Setting<?> previous = owners.putIfAbsent(name, setting);
        if (previous != null) {
          throw new IllegalArgumentException(
              name + " is declared by both " + previous.key() + " and " + setting.key());
        }
      }
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public List<Section> sections() {
    return sections;
  }

  /** Every key, section by section. */
  public List<Setting<?>> settings() {
    return sections.stream().flatMap(s -> s.settings().stream()).toList();
  }

  /** Collects sections in order. */
  public static final class Builder {
    private final List<Section> sections = new ArrayList<>();

    private Builder() {}

    /** The public {@code Setting} constants of {@code holders} ({@link Setting#declaredIn}). */
    public Builder section(String component, Class<?>... holders) {
      sections.add(new Section(component, Setting.declaredIn(holders)));
      return this;
    }

    public SettingsCatalogue build() {
      return new SettingsCatalogue(sections);
    }
  }
}
