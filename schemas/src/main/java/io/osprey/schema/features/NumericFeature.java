package io.osprey.schema.features;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A field's value as a number ({@code kind: numeric}): clipped, then transformed. A boolean reads
 * as 0 or 1.
 *
 * @param clip null for none
 * @param defaultValue used (then clipped and transformed) when an optional field is absent
 */
public record NumericFeature(
    String name, String field, Clip clip, Transform transform, double defaultValue)
    implements Feature {

  @Override
  public List<String> columns() {
    return List.of(name);
  }

  @Override
  public Map<String, Object> canonical() {
    Map<String, Object> form = new TreeMap<>();
    form.put("kind", "numeric");
    form.put("name", name);
    form.put("field", field);
    if (clip != null) {
      form.put("clip", List.of(clip.lo(), clip.hi()));
    }
    form.put("transform", transform.specName());
    form.put("default", defaultValue);
    return form;
  }
}
