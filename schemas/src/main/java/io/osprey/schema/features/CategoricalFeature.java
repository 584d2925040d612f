package io.osprey.schema.features;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A field's value as a category ({@code kind: categorical}), compared as text (a long as its
 * decimal digits, a boolean as true/false). An absent optional value sets no column.
 *
 * @param values the vocabulary (its order is the columns' order), or the set for {@link
 *     Encoding#IN}; empty for {@link Encoding#HASH}
 * @param other vocabulary only: add a column that is 1 for any value outside the vocabulary
 * @param buckets hash only: the number of buckets (columns); 0 otherwise
 */
public record CategoricalFeature(
    String name, String field, Encoding encoding, List<String> values, boolean other, int buckets)
    implements Feature {

  public enum Encoding {
    /** One 0/1 column per value, {@code name=value}, plus {@code name=other} if asked. */
    VOCABULARY,
    /**
     * One 0/1 column per bucket, {@code name#0} .. {@code name#(buckets-1)}; the value's bucket is
     * its 32-bit FNV-1a hash (over UTF-8), unsigned, modulo buckets: the same on every machine.
     */
    HASH,
    /** One 0/1 column, {@code name}: 1 when the value is one of {@code values}. */
    IN;

    public String specName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The column name of the vocabulary's catch-all. */
  public static final String OTHER = "other";

  public CategoricalFeature {
    values = List.copyOf(values);
  }

  @Override
  public List<String> columns() {
    return switch (encoding) {
      case IN -> List.of(name);
      case VOCABULARY -> {
        List<String> columns = new ArrayList<>();
        values.forEach(v -> columns.add(name + "=" + v));
        if (other) {
          columns.add(name + "=" + OTHER);
        }
        yield columns;
      }
      case HASH -> {
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < buckets; i++) {
          columns.add(name + "#" + i);
        }
        yield columns;
      }
    };
  }

  /** The bucket of a value under {@link Encoding#HASH}. */
  public static int bucket(String value, int buckets) {
    int hash = 0x811c9dc5;
    for (byte b : value.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x01000193;
    }
    return (int) (Integer.toUnsignedLong(hash) % buckets);
  }

  @Override
  public Map<String, Object> canonical() {
    Map<String, Object> form = new TreeMap<>();
    form.put("kind", "categorical");
    form.put("name", name);
    form.put("field", field);
    form.put("encoding", encoding.specName());
    switch (encoding) {
      case VOCABULARY -> {
        form.put("values", values);
        form.put("other", other);
      }
      case IN -> form.put("values", values.stream().sorted().toList());
      case HASH -> form.put("buckets", buckets);
    }
    return form;
  }
}
