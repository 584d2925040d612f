package io.osprey.schema.features;

import java.io.Serializable;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * The input event: how it is encoded, its fields, and which fields are its id, its entity (the key
 * per-entity features are computed for) and its event time.
 *
 * @param formats accepted encodings, in {@link EventFormat} order
 * @param avroSchema the Avro record schema (JSON text) when {@link EventFormat#AVRO} is accepted,
 *     else null; kept as text so the spec stays plain serializable data
 * @param fields in the order written; id and entity are string or long, time is a timestamp
 */
public record EventSpec(
    List<EventFormat> formats,
    String avroSchema,
    List<FieldSpec> fields,
    String idField,
    String entityField,
    String timeField)
    implements Serializable {
  public EventSpec {
    formats = formats.stream().sorted().distinct().toList();
    fields = List.copyOf(fields);
  }

  public Optional<FieldSpec> field(String name) {
    return fields.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  public boolean accepts(EventFormat format) {
    return formats.contains(format);
  }

  /** For the spec hash: fields by name (their order is not meaningful), the schema's content. */
  Map<String, Object> canonical() {
    Map<String, Object> form = new TreeMap<>();
    form.put("formats", formats.stream().map(EventFormat::specName).toList());
    if (avroSchema != null) {
      // Avro's parsing canonical form: docs, aliases and formatting do not change the hash.
      form.put(
          "avroSchema", SchemaNormalization.toParsingForm(new Schema.Parser().parse(avroSchema)));
    }
    form.put(
        "fields",
        fields.stream()
            .sorted(Comparator.comparing(FieldSpec::name))
            .map(FieldSpec::canonical)
            .toList());
    form.put("id", idField);
    form.put("entity", entityField);
    form.put("time", timeField);
    return form;
  }
}
