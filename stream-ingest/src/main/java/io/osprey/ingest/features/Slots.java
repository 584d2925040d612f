package io.osprey.ingest.features;

import io.osprey.schema.features.AggregateFeature;
import io.osprey.schema.features.Feature;
import io.osprey.schema.features.PreviousFeature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which fields an entity's remembered events ({@link Recent}) keep, and where: the fields numeric
 * aggregates read, as numbers, and the fields distinct counts and change detection read, as text.
 * Each field is kept once however many features read it.
 */
final class Slots {
  private final Map<String, Integer> numbers = new LinkedHashMap<>();
  private final Map<String, Integer> texts = new LinkedHashMap<>();

  Slots(List<Feature> features) {
    for (Feature feature : features) {
      if (feature instanceof AggregateFeature a && a.field() != null) {
        Map<String, Integer> slots = a.function().categorical() ? texts : numbers;
        slots.putIfAbsent(a.field(), slots.size());
      }
      if (feature instanceof PreviousFeature p) {
        numbers.putIfAbsent(p.field(), numbers.size());
      }
    }
  }

  int number(String field) {
    return numbers.get(field);
  }

  int text(String field) {
    return texts.get(field);
  }

  /** The fields kept as numbers, in slot order. */
  List<String> numberFields() {
    return List.copyOf(numbers.keySet());
  }

  /** The fields kept as text, in slot order. */
  List<String> textFields() {
    return List.copyOf(texts.keySet());
  }
}
