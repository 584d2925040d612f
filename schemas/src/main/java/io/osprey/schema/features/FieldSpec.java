package io.osprey.schema.features;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One field of the event and the rules a value must meet; a record breaking one is dead-lettered
 * with the rule in its reason. Bounds and sets are null (or empty) when not given.
 *
 * @param required a missing or null value is a parse failure; a blank string a validation failure
 * @param min inclusive lower bound (long and double fields)
 * @param max inclusive upper bound
 * @param greaterThan exclusive lower bound
 * @param lessThan exclusive upper bound
 * @param allowed the only values a string may take ({@code enum:} in a spec)
 * @param pattern a regular expression the whole string must match
 */
public record FieldSpec(
    String name,
    FieldType type,
    boolean required,
    Double min,
    Double max,
    Double greaterThan,
    Double lessThan,
    List<String> allowed,
    String pattern)
    implements Serializable {
  public FieldSpec {
    allowed = List.copyOf(allowed);
  }

  /** Everything that defines the field, for the spec hash (sets sorted, absent rules left out). */
  Map<String, Object> canonical() {
    Map<String, Object> form = new TreeMap<>();
    form.put("name", name);
    form.put("type", type.specName());
    form.put("required", required);
    putIfSet(form, "min", min);
    putIfSet(form, "max", max);
    putIfSet(form, "greaterThan", greaterThan);
    putIfSet(form, "lessThan", lessThan);
    if (!allowed.isEmpty()) {
      form.put("enum", allowed.stream().sorted().toList());
    }
    putIfSet(form, "pattern", pattern);
    return form;
  }

  private static void putIfSet(Map<String, Object> form, String key, Object value) {
    if (value != null) {
      form.put(key, value);
    }
  }
}
