package io.osprey.schema.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The spec hash follows meaning, not spelling. */
class FeatureSpecHashTest {
  private static final String SPEC =
      """
      name: tiny
      event:
        format: json
        id: id
        entity: who
        time: at
        fields:
          id: string
          who: string
          at: timestamp
          x: {type: double, min: 0}
          c: {type: string, enum: [a, b]}
      features:
        - name: x_log
          kind: numeric
          field: x
          transform: log1p
        - name: x_mean_1h
          kind: aggregate
          function: mean
          field: x
          window: 1h
        - name: c_in
          kind: categorical
          field: c
          encoding: in
          values: [a, b]
      """;

  /** The same spec: comments, flow style, reordered keys and fields, other spellings. */
  private static final String SAME_SPEC_REWRITTEN =
      """
      # A comment, and the keys in another order.
      features:
        - {kind: numeric, field: x, name: x_log, transform: log1p}   # flow style
        - {name: x_mean_1h, kind: aggregate, function: mean, field: x, window: 60m, default: 0}
        - {name: c_in, kind: categorical, field: c, encoding: in, values: ["b", "a"]}
      event:
        time: at
        entity: who
        fields:
          x: {min: 0.0, type: double, required: true}
          c: {enum: [b, a], type: string}
          at: {type: timestamp}
          who: string
          id: "string"
        id: id
        format: [json]
      name: "tiny"
      """;

  @TempDir Path dir;

  @Test
  void commentsLayoutKeyOrderAndSpellingDoNotChangeTheHash() {
    FeatureSpec spec = SpecFiles.load(dir, "a.yaml", SPEC);
    FeatureSpec rewritten = SpecFiles.load(dir, "b.yaml", SAME_SPEC_REWRITTEN);

    assertThat(rewritten.hash()).isEqualTo(spec.hash());
    assertThat(rewritten).isEqualTo(spec);
  }

  @Test
  void theSameSpecInJsonHasTheSameHash() {
    String json =
        """
        {"name": "tiny",
         "event": {"format": "json", "id": "id", "entity": "who", "time": "at",
                   "fields": {"id": "string", "who": "string", "at": "timestamp",
                              "x": {"type": "double", "min": 0}, "c": {"type": "string", "enum": ["a", "b"]}}},
         "features": [
           {"name": "x_log", "kind": "numeric", "field": "x", "transform": "log1p"},
           {"name": "x_mean_1h", "kind": "aggregate", "function": "mean", "field": "x", "window": "1h"},
           {"name": "c_in", "kind": "categorical", "field": "c", "encoding": "in", "values": ["a", "b"]}]}
        """;
    assertThat(SpecFiles.load(dir, "c.json", json).hash())
        .isEqualTo(SpecFiles.load(dir, "a.yaml", SPEC).hash());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a window | window: 1h | window: 2h",
        "the feature order | - name: x_log | - name: x_log_again",
        "a transform | transform: log1p | transform: none",
        "a validation rule | min: 0} | min: 1}",
        "a field type | who: string | who: long",
        "the name | name: tiny | name: tiny2",
        "the entity | entity: who | entity: id",
      })
  void anyChangeOfMeaningChangesTheHash(String what, String from, String to) {
    String changed = SPEC.replace(from, to);
    assertThat(changed).as(what).isNotEqualTo(SPEC);
    assertThat(SpecFiles.load(dir, "changed.yaml", changed).hash())
        .as(what)
        .isNotEqualTo(SpecFiles.load(dir, "a.yaml", SPEC).hash());
  }

  @Test
  void reorderingFeaturesChangesTheHashAndTheLayout() {
    String swapped =
        SPEC.replace(
                """
              - name: x_log
                kind: numeric
                field: x
                transform: log1p
            """,
                "")
            .concat(
                """
              - name: x_log
                kind: numeric
                field: x
                transform: log1p
            """);
    FeatureSpec spec = SpecFiles.load(dir, "a.yaml", SPEC);
    FeatureSpec reordered = SpecFiles.load(dir, "d.yaml", swapped);

    assertThat(reordered.layout().names()).containsExactly("x_mean_1h", "c_in", "x_log");
    assertThat(reordered.hash()).isNotEqualTo(spec.hash());
  }

  @Test
  void aSpecSurvivesJavaSerializationAsAJobShipsIt() throws Exception {
    FeatureSpec spec = FeatureSpecs.load(FeatureSpecs.BUILTIN_PAYMENTS);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(spec);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      FeatureSpec copy = (FeatureSpec) in.readObject();
      assertThat(copy).isEqualTo(spec);
      assertThat(copy.layout()).isEqualTo(FeatureLayout.PAYMENTS);
    }
  }
}
