package io.osprey.schema.features;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A calendar part of a timestamp field ({@code kind: time}), in a time zone: daily and weekly
 * rhythms (night-time payments, Monday-morning departures).
 *
 * @param zone a {@link java.time.ZoneId}, e.g. {@code UTC} or {@code America/New_York}
 * @param defaultValue when an optional timestamp field is absent
 */
public record TimeFeature(String name, String field, Part part, String zone, double defaultValue)
    implements Feature {

  public enum Part {
    /** 0 to 23. */
    HOUR_OF_DAY,
    /** 1 (Monday) to 7 (Sunday), ISO-8601. */
    DAY_OF_WEEK;

    public String specName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  @Override
  public List<String> columns() {
    return List.of(name);
  }

  @Override
  public Map<String, Object> canonical() {
    Map<String, Object> form = new TreeMap<>();
    form.put("kind", "time");
    form.put("name", name);
    form.put("field", field);
    form.put("part", part.specName());
    form.put("zone", zone);
    form.put("default", defaultValue);
    return form;
  }
}
