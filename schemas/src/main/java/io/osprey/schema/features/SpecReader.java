package io.osprey.schema.features;

import io.osprey.schema.features.AggregateFeature.Function;
import io.osprey.schema.features.CategoricalFeature.Encoding;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * Turns the located tree of a spec file into a checked {@link FeatureSpec}, or fails on the first
 * problem with its line: unknown or misplaced keys, missing ones, values of the wrong kind, fields
 * that do not exist or do not fit the feature, empty or non-positive windows, duplicate names, bad
 * regular expressions, Avro schemas that lack a field. Defaults are filled in here, so everything
 * downstream sees complete values.
 */
final class SpecReader {
  private static final Set<String> ROOT_KEYS = Set.of("name", "event", "features", "outcome");
  private static final Set<String> OUTCOME_KEYS = Set.of("positive", "model", "prior", "fallback");
  private static final Set<String> CONDITION_KEYS = Set.of("feature", "atLeast", "atMost");
  private static final Set<String> EVENT_KEYS =
      Set.of("format", "avroSchema", "fields", "id", "entity", "time");
  private static final Set<String> FIELD_KEYS =
      Set.of("type", "required", "min", "max", "greaterThan", "lessThan", "enum", "pattern");
  private static final Map<String, Set<String>> FEATURE_KEYS =
      Map.of(
          "numeric", Set.of("name", "kind", "field", "clip", "transform", "default"),
          "categorical", Set.of("name", "kind", "field", "encoding", "values", "other", "buckets"),
          "time", Set.of("name", "kind", "field", "part", "zone", "default"),
          "aggregate",
              Set.of(
                  "name",
                  "kind",
                  "function",
                  "field",
                  "window",
                  "cap",
                  "default",
                  "clip",
                  "transform",
                  "by",
                  "min_events",
                  "n"),
          "expression",
              Set.of("name", "kind", "op", "left", "right", "default", "clip", "transform"));

  /** Feature names; '=' and '#' are kept for the columns a categorical feature generates. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");

  private static final Pattern DURATION = Pattern.compile("(-?\\d+)\\s*(ms|s|m|h|d)");
  private static final int MAX_BUCKETS = 4096;
  private static final int MAX_MIN_EVENTS = 1_000_000;

  private final FeatureSpecs.Source source;

  /** The features read so far, in order: what an expression may refer to. */
  private List<Feature> earlierFeatures = List.of();

  SpecReader(FeatureSpecs.Source source) {
    this.source = source;
  }

  FeatureSpec spec(SpecNode root) {
    object(root, "the spec");
    allowKeys(root, ROOT_KEYS, "the spec");
    String name = name(required(root, "name", "the spec"), "the spec's name");
    EventSpec event = event(required(root, "event", "the spec"));
    List<Feature> features = features(required(root, "features", "the spec"), event);
    SpecNode outcome = root.member("outcome");
    return new FeatureSpec(
        name, event, features, outcome == null ? OutcomeSpec.DEFAULT : outcome(outcome, features));
  }

  // ---- outcome ----

  private OutcomeSpec outcome(SpecNode node, List<Feature> features) {
    object(node, "outcome");
    allowKeys(node, OUTCOME_KEYS, "outcome");
    SpecNode positive = node.member("positive");
    SpecNode model = node.member("model");
    SpecNode priorNode = node.member("prior");
    double prior = priorNode == null ? 0 : number(priorNode, "outcome prior");
    if (prior < 0 || prior > 1) {
      throw error(priorNode.line(), "outcome prior: expected a rate in [0, 1], got " + prior);
    }
    List<OutcomeSpec.Signal> signals = new ArrayList<>();
    SpecNode fallback = node.member("fallback");
    if (fallback != null) {
      if (!fallback.isArray()) {
        throw error(
            fallback.line(), "outcome fallback: expected a list, got " + fallback.describe());
      }
      for (SpecNode signal : fallback.elements()) {
        signals.add(signal(signal, features));
      }
    }
    return new OutcomeSpec(
        positive == null ? OutcomeSpec.DEFAULT.positive() : name(positive, "outcome positive"),
        model == null ? null : name(model, "outcome model"),
        prior,
        signals);
  }

  /** A signal: a condition, or a list of conditions that must all hold. */
  private OutcomeSpec.Signal signal(SpecNode node, List<Feature> features) {
    List<OutcomeSpec.Condition> conditions = new ArrayList<>();
    if (node.isArray() && !node.elements().isEmpty()) {
      for (SpecNode element : node.elements()) {
        conditions.add(condition(element, features));
      }
    } else {
      conditions.add(condition(node, features));
    }
    return new OutcomeSpec.Signal(conditions);
  }

  private OutcomeSpec.Condition condition(SpecNode node, List<Feature> features) {
    String what = "outcome fallback signal";
    object(node, what);
    allowKeys(node, CONDITION_KEYS, what);
    SpecNode featureNode = required(node, "feature", what);
    String feature = text(featureNode, what + " feature");
    boolean single =
        features.stream()
            .anyMatch(f -> f.name().equals(feature) && f.columns().equals(List.of(feature)));
    if (!single) {
      throw error(
          featureNode.line(),
          what
              + ": '"
              + feature
              + "' is not a single-column feature of this spec"
              + known(features.stream().filter(f -> f.columns().size() == 1).map(Feature::name))
                  .replace("declared fields", "its features"));
    }
    Double atLeast = optionalNumber(node, "atLeast", what);
    Double atMost = optionalNumber(node, "atMost", what);
    if (atLeast == null && atMost == null) {
      throw error(node.line(), what + " on '" + feature + "': give atLeast, atMost or both");
    }
    return new OutcomeSpec.Condition(feature, atLeast, atMost);
  }

  // ---- event ----

  private EventSpec event(SpecNode node) {
    object(node, "event");
    allowKeys(node, EVENT_KEYS, "event");
    List<EventFormat> formats = formats(required(node, "format", "event"));
    List<FieldSpec> fields = fields(required(node, "fields", "event"));
    Map<String, FieldSpec> byName = new HashMap<>();
    fields.forEach(f -> byName.put(f.name(), f));

    String id = role(node, "id", byName, Set.of(FieldType.STRING, FieldType.LONG));
    String entity = role(node, "entity", byName, Set.of(FieldType.STRING, FieldType.LONG));
    String time = role(node, "time", byName, Set.of(FieldType.TIMESTAMP));

    SpecNode avroNode = node.member("avroSchema");
    String avroSchema = null;
    if (formats.contains(EventFormat.AVRO)) {
      if (avroNode == null) {
        throw error(node.keyLine("format"), "format avro needs event.avroSchema (an .avsc file)");
      }
      avroSchema = avroSchema(avroNode, fields, node.member("fields"));
    } else if (avroNode != null) {
      throw error(
          node.keyLine("avroSchema"), "avroSchema applies only when event.format includes avro");
    }
    return new EventSpec(formats, avroSchema, fields, id, entity, time);
  }

  private List<EventFormat> formats(SpecNode node) {
    List<SpecNode> values = node.isArray() ? node.elements() : List.of(node);
    if (values.isEmpty()) {
      throw error(node.line(), "event.format: give json, avro or [json, avro]");
    }
    List<EventFormat> formats = new ArrayList<>();
    for (SpecNode value : values) {
      formats.add(choice(value, EventFormat.class, "event.format"));
    }
    return formats;
  }

  private List<FieldSpec> fields(SpecNode node) {
    object(node, "event.fields");
    if (node.members().isEmpty()) {
      throw error(node.line(), "event.fields: declare at least the id, entity and time fields");
    }
    List<FieldSpec> fields = new ArrayList<>();
    node.members().forEach((name, value) -> fields.add(field(name, value, node.keyLine(name))));
    return fields;
  }

  /** {@code name: long} or {@code name: {type: long, min: 0, ...}}. */
  private FieldSpec field(String name, SpecNode node, int keyLine) {
    String what = "field '" + name + "'";
    if (!NAME.matcher(name).matches()) {
      throw error(keyLine, what + ": a field name is letters, digits, '_', '.' or '-'");
    }
    if (node.isScalar()) {
      return new FieldSpec(
          name,
          choice(node, FieldType.class, what + " type"),
          true,
          null,
          null,
          null,
          null,
          List.of(),
          null);
    }
    object(node, what);
    allowKeys(node, FIELD_KEYS, what);
    FieldType type = choice(required(node, "type", what), FieldType.class, what + " type");
    boolean required = node.member("required") == null || bool(node.member("required"), what);
    Double min = optionalNumber(node, "min", what);
    Double max = optionalNumber(node, "max", what);
    Double greaterThan = optionalNumber(node, "greaterThan", what);
    Double lessThan = optionalNumber(node, "lessThan", what);
    boolean bounded = min != null || max != null || greaterThan != null || lessThan != null;
    if (bounded && type != FieldType.LONG && type != FieldType.DOUBLE) {
      throw error(
          node.line(),
          what + ": min, max, greaterThan and lessThan apply to long or double fields");
    }
    double lower =
        Math.max(
            min == null ? -Double.MAX_VALUE : min,
            greaterThan == null ? -Double.MAX_VALUE : greaterThan);
    double upper =
        Math.min(
            max == null ? Double.MAX_VALUE : max, lessThan == null ? Double.MAX_VALUE : lessThan);
    if (lower > upper) {
      throw error(node.line(), what + ": its bounds leave no valid value");
    }
    List<String> allowed = List.of();
    if (node.member("enum") != null) {
      requireType(node, "enum", type == FieldType.STRING, what + ": enum applies to string fields");
      allowed = distinctTexts(node.member("enum"), what + " enum");
    }
    String pattern = null;
    if (node.member("pattern") != null) {
      requireType(
          node, "pattern", type == FieldType.STRING, what + ": pattern applies to string fields");
      pattern = text(node.member("pattern"), what + " pattern");
      try {
        Pattern.compile(pattern);
      } catch (PatternSyntaxException e) {
        throw error(
            node.keyLine("pattern"),
            what
                + ": pattern is not a valid regular expression: "
                + e.getDescription()
                + " near index "
                + e.getIndex());
      }
    }
    return new FieldSpec(name, type, required, min, max, greaterThan, lessThan, allowed, pattern);
  }

  private void requireType(SpecNode node, String key, boolean fits, String problem) {
    if (!fits) {
      throw error(node.keyLine(key), problem);
    }
  }

  /** {@code event.id}, {@code .entity}, {@code .time}: a declared, required field of a type. */
  private String role(
      SpecNode event, String key, Map<String, FieldSpec> fields, Set<FieldType> types) {
    SpecNode node = required(event, key, "event");
    String name = text(node, "event." + key);
    FieldSpec field = fields.get(name);
    if (field == null) {
      throw error(node.line(), "event." + key + ": unknown field '" + name + "'" + known(fields));
    }
    if (!types.contains(field.type())) {
      throw error(
          node.line(),
          "event."
              + key
              + ": field '"
              + name
              + "' is "
              + field.type().specName()
              + ", expected "
              + types.stream()
                  .map(FieldType::specName)
                  .sorted()
                  .collect(Collectors.joining(" or ")));
    }
    if (!field.required()) {
      throw error(node.line(), "event." + key + ": field '" + name + "' must be required");
    }
    return name;
  }

  private String avroSchema(SpecNode node, List<FieldSpec> fields, SpecNode fieldNodes) {
    String path = text(node, "event.avroSchema");
    String text;
    try {
      text = source.sibling() == null ? null : source.sibling().read(path);
    } catch (IOException e) {
      throw error(node.line(), "event.avroSchema: cannot read '" + path + "': " + e.getMessage());
    }
    if (text == null) {
      throw error(node.line(), "event.avroSchema: no file '" + path + "' next to the spec");
    }
    Schema schema;
    try {
      schema = new Schema.Parser().parse(text);
    } catch (SchemaParseException e) {
      throw error(
          node.line(), "event.avroSchema: '" + path + "' is not an Avro schema: " + e.getMessage());
    }
    if (schema.getType() != Schema.Type.RECORD) {
      throw error(node.line(), "event.avroSchema: '" + path + "' must be a record schema");
    }
    for (FieldSpec field : fields) {
      int line = fieldNodes.keyLine(field.name());
      Schema.Field avroField = schema.getField(field.name());
      if (avroField == null) {
        throw error(
            line,
            "field '"
                + field.name()
                + "' is not in the Avro schema "
                + path
                + " (its fields: "
                + schema.getFields().stream()
                    .map(Schema.Field::name)
                    .collect(Collectors.joining(", "))
                + ")");
      }
      Schema.Type avroType = withoutNull(avroField.schema(), field.name(), line);
      if (!AvroTypes.fits(field.type(), avroType)) {
        throw error(
            line,
            "field '"
                + field.name()
                + "' is "
                + field.type().specName()
                + " but the Avro schema has "
                + avroType.getName());
      }
    }
    return schema.toString();
  }

  /** The type of a field, looking through a nullable union. */
  private Schema.Type withoutNull(Schema schema, String field, int line) {
    if (schema.getType() != Schema.Type.UNION) {
      return schema.getType();
    }
    List<Schema> branches =
        schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).toList();
    if (branches.size() != 1) {
      throw error(
          line, "field '" + field + "': Avro unions other than [null, T] are not supported");
    }
    return branches.get(0).getType();
  }

  // ---- features ----

  private List<Feature> features(SpecNode node, EventSpec event) {
    if (!node.isArray() || node.elements().isEmpty()) {
      throw error(node.line(), "features: expected a non-empty list, got " + node.describe());
    }
    List<Feature> features = new ArrayList<>();
    earlierFeatures = features;
    Map<String, Integer> columnLines = new HashMap<>();
    for (SpecNode element : node.elements()) {
      Feature feature = feature(element, event);
      for (String column : feature.columns()) {
        Integer first = columnLines.putIfAbsent(column, element.line());
        if (first != null) {
          throw error(
              element.line(),
              "duplicate feature name '" + column + "' (first defined on line " + first + ")");
        }
      }
      features.add(feature);
    }
    return features;
  }

  private Feature feature(SpecNode node, EventSpec event) {
    object(node, "a feature");
    String name = name(required(node, "name", "a feature"), "a feature's name");
    String what = "feature '" + name + "'";
    SpecNode kindNode = required(node, "kind", what);
    String kind = text(kindNode, what + " kind");
    Set<String> keys = FEATURE_KEYS.get(kind);
    if (keys == null) {
      throw error(
          kindNode.line(),
          what
              + ": unknown kind '"
              + kind
              + "' (expected one of: aggregate, categorical, expression, numeric, time)");
    }
    allowKeys(node, keys, what);
    return switch (kind) {
      case "numeric" -> numeric(node, name, what, event);
      case "categorical" -> categorical(node, name, what, event);
      case "time" -> time(node, name, what, event);
      case "expression" -> expression(node, name, what, event);
      default ->
          isPrevious(node) ? previous(node, name, what, event) : aggregate(node, name, what, event);
    };
  }

  private NumericFeature numeric(SpecNode node, String name, String what, EventSpec event) {
    FieldSpec field = field(node, what, event);
    if (!field.type().isNumeric()) {
      throw misfit(node, what, "numeric", field, "long, double or boolean");
    }
    return new NumericFeature(
        name, field.name(), clip(node, what), transform(node, what), defaultValue(node, what));
  }

  private CategoricalFeature categorical(SpecNode node, String name, String what, EventSpec event) {
    FieldSpec field = field(node, what, event);
    if (!field.type().isCategorical()) {
      throw misfit(node, what, "categorical", field, "string, long or boolean");
    }
    Encoding encoding =
        choice(required(node, "encoding", what), Encoding.class, what + " encoding");
    String context = what + " (encoding " + encoding.specName() + ")";
    Set<String> keys =
        switch (encoding) {
          case VOCABULARY -> Set.of("name", "kind", "field", "encoding", "values", "other");
          case HASH -> Set.of("name", "kind", "field", "encoding", "buckets");
          case IN -> Set.of("name", "kind", "field", "encoding", "values");
        };
    allowKeys(node, keys, context);
    if (encoding == Encoding.HASH) {
      SpecNode bucketsNode = required(node, "buckets", context);
      double buckets = number(bucketsNode, what + " buckets");
      if (buckets != Math.rint(buckets) || buckets < 1 || buckets > MAX_BUCKETS) {
        throw error(
            bucketsNode.line(),
            what
                + ": buckets must be a whole number from 1 to "
                + MAX_BUCKETS
                + ", got "
                + bucketsNode.text());
      }
      return new CategoricalFeature(name, field.name(), encoding, List.of(), false, (int) buckets);
    }
    List<String> values = distinctTexts(required(node, "values", context), what + " values");
    boolean other = node.member("other") != null && bool(node.member("other"), what + " other");
    return new CategoricalFeature(name, field.name(), encoding, values, other, 0);
  }

  private TimeFeature time(SpecNode node, String name, String what, EventSpec event) {
    FieldSpec field =
        node.member("field") == null
            ? event.field(event.timeField()).orElseThrow()
            : field(node, what, event);
    if (field.type() != FieldType.TIMESTAMP) {
      throw misfit(node, what, "time", field, "timestamp");
    }
    TimeFeature.Part part =
        choice(required(node, "part", what), TimeFeature.Part.class, what + " part");
    String zone = "UTC";
    SpecNode zoneNode = node.member("zone");
    if (zoneNode != null) {
      zone = text(zoneNode, what + " zone");
      try {
        ZoneId.of(zone);
      } catch (DateTimeException e) {
        throw error(zoneNode.line(), what + ": unknown time zone '" + zone + "'");
      }
    }
    return new TimeFeature(name, field.name(), part, zone, defaultValue(node, what));
  }

  private AggregateFeature aggregate(SpecNode node, String name, String what, EventSpec event) {
    SpecNode functionNode = required(node, "function", what);
    Function function = choice(functionNode, Function.class, what + " function");
    String context = what + " (" + function.specName() + ")";
    Set<String> keys =
        new LinkedHashSet<>(List.of("name", "kind", "function", "clip", "transform", "by"));
    if (function == Function.FRAUD_RATE) {
      keys.add("min_events");
    }
    if (function.numeric() || function.categorical()) {
      keys.add("field");
    }
    if (function == Function.TIME_SINCE_LAST) {
      keys.add("cap");
    } else {
      keys.add("window");
    }
    if (function.takesDefault()) {
      keys.add("default");
    }
    allowKeys(node, keys, context);

    String field = null;
    if (function.numeric() || function.categorical()) {
      FieldSpec spec = field(node, context, event);
      if (function.numeric() && !spec.type().isNumeric()) {
        throw misfit(node, what, function.specName(), spec, "long, double or boolean");
      }
      if (function.categorical() && !spec.type().isCategorical()) {
        throw misfit(node, what, function.specName(), spec, "string, long or boolean");
      }
      field = spec.name();
    }
    Duration window = null;
    Duration cap = null;
    if (function == Function.TIME_SINCE_LAST) {
      cap = duration(required(node, "cap", context), what + " cap");
    } else {
      window = duration(required(node, "window", context), what + " window");
    }
    double defaultValue = function.takesDefault() ? defaultValue(node, what) : 0;
    return new AggregateFeature(
        name,
        function,
        field,
        window,
        cap,
        defaultValue,
        clip(node, what),
        transform(node, what),
        by(node, context, event),
        minEvents(node, what));
  }

  /**
   * {@code by: <field>}: a declared string or long field (its value is the key); null for the
   * entity, also when it names the entity field.
   */
  private String by(SpecNode node, String what, EventSpec event) {
    SpecNode byNode = node.member("by");
    if (byNode == null) {
      return null;
    }
    String name = text(byNode, what + " by");
    FieldSpec field =
        event
            .field(name)
            .orElseThrow(
                () ->
                    error(
                        byNode.line(),
                        what
                            + ": by: unknown field '"
                            + name
                            + "'"
                            + known(event.fields().stream().map(FieldSpec::name))));
    if (field.type() != FieldType.STRING && field.type() != FieldType.LONG) {
      throw error(
          byNode.line(),
          what
              + ": by: needs a string or long field (its value is the key), and '"
              + name
              + "' is "
              + field.type().specName());
    }
    return name.equals(event.entityField()) ? null : name;
  }

  /** {@code min_events: n} of a fraud_rate: a whole number from 0; 0 when absent. */
  private int minEvents(SpecNode node, String what) {
    SpecNode value = node.member("min_events");
    if (value == null) {
      return 0;
    }
    double n = number(value, what + " min_events");
    if (n != Math.rint(n) || n < 0 || n > MAX_MIN_EVENTS) {
      throw error(
          value.line(),
          what
              + ": min_events must be a whole number from 0 to "
              + MAX_MIN_EVENTS
              + ", got "
              + value.text());
    }
    return (int) n;
  }

  // ---- previous and expressions (DerivedFeatures in the README) ----

  private static boolean isPrevious(SpecNode node) {
    SpecNode function = node.member("function");
    return function != null
        && function.isScalar()
        && PreviousFeature.FUNCTION.equals(function.text());
  }

  private PreviousFeature previous(SpecNode node, String name, String what, EventSpec event) {
    String context = what + " (previous)";
    allowKeys(
        node,
        Set.of("name", "kind", "function", "field", "n", "window", "default", "clip", "transform"),
        context);
    FieldSpec field = field(node, context, event);
    if (!field.type().isNumeric()) {
      throw misfit(node, what, PreviousFeature.FUNCTION, field, "long, double or boolean");
    }
    int n = 1;
    SpecNode nNode = node.member("n");
    if (nNode != null) {
      double value = number(nNode, what + " n");
      if (value != Math.rint(value) || value < 1 || value > PreviousFeature.MAX_N) {
        throw error(
            nNode.line(),
            what
                + ": n is how many events back, a whole number from 1 to "
                + PreviousFeature.MAX_N
                + ", got "
                + nNode.text());
      }
      n = (int) value;
    }
    Duration window =
        node.member("window") == null
            ? PreviousFeature.DEFAULT_WINDOW
            : duration(node.member("window"), what + " window");
    return new PreviousFeature(
        name,
        field.name(),
        n,
        window,
        defaultValue(node, what),
        clip(node, what),
        transform(node, what));
  }

  private ExpressionFeature expression(SpecNode node, String name, String what, EventSpec event) {
    SpecNode opNode = required(node, "op", what);
    ExpressionFeature.Op op = choice(opNode, ExpressionFeature.Op.class, what + " op");
    return new ExpressionFeature(
        name,
        op,
        operand(required(node, "left", what), what + " left", event),
        operand(required(node, "right", what), what + " right", event),
        defaultValue(node, what),
        clip(node, what),
        transform(node, what));
  }

  /** A number, else a single-column feature declared earlier, else a numeric event field. */
  private ExpressionFeature.Operand operand(SpecNode node, String what, EventSpec event) {
    if (node.isScalar() && node.isNumber()) {
      return ExpressionFeature.Operand.ofConstant(number(node, what));
    }
    String name = text(node, what);
    for (Feature earlier : earlierFeatures) {
      if (earlier.name().equals(name)) {
        if (earlier.columns().size() != 1) {
          throw error(
              node.line(),
              what
                  + ": feature '"
                  + name
                  + "' has "
                  + earlier.columns().size()
                  + " columns; an operand needs a single value");
        }
        if (earlier instanceof AggregateFeature a && a.keyed()) {
          // Keyed and label-aware aggregates are computed by another keyed stage and joined
          // afterwards; the entity's stage, which evaluates expressions, does not see them.
          throw error(
              node.line(),
              what
                  + ": feature '"
                  + name
                  + "' is keyed by another field or reads labels; an expression can use only"
                  + " the entity's own features and fields");
        }
        return ExpressionFeature.Operand.ofFeature(name);
      }
    }
    FieldSpec field = event.field(name).orElse(null);
    if (field == null) {
      throw error(
          node.line(),
          what
              + ": '"
              + name
              + "' is neither a number, a feature declared above, nor a field of the event");
    }
    if (!field.type().isNumeric()) {
      throw error(
          node.line(),
          what
              + ": field '"
              + name
              + "' is "
              + field.type().specName()
              + ", an operand needs a long, double or boolean field");
    }
    return ExpressionFeature.Operand.ofField(name);
  }

  private FieldSpec field(SpecNode node, String what, EventSpec event) {
    SpecNode fieldNode = required(node, "field", what);
    String name = text(fieldNode, what + " field");
    return event
        .field(name)
        .orElseThrow(
            () ->
                error(
                    fieldNode.line(),
                    what
                        + ": unknown field '"
                        + name
                        + "'"
                        + known(event.fields().stream().map(FieldSpec::name))));
  }

  private SpecException misfit(
      SpecNode node, String what, String use, FieldSpec field, String expected) {
    return error(
        node.keyLine("field"),
        what
            + ": "
            + use
            + " needs a "
            + expected
            + " field, and '"
            + field.name()
            + "' is "
            + field.type().specName());
  }

  private Clip clip(SpecNode node, String what) {
    SpecNode clip = node.member("clip");
    if (clip == null) {
      return null;
    }
    if (!clip.isArray() || clip.elements().size() != 2) {
      throw error(clip.line(), what + ": clip is [lo, hi], got " + clip.describe());
    }
    double lo = number(clip.elements().get(0), what + " clip");
    double hi = number(clip.elements().get(1), what + " clip");
    if (!(lo < hi)) {
      throw error(clip.line(), what + ": clip needs lo < hi, got [" + lo + ", " + hi + "]");
    }
    return new Clip(lo, hi);
  }

  private Transform transform(SpecNode node, String what) {
    SpecNode transform = node.member("transform");
    return transform == null
        ? Transform.NONE
        : choice(transform, Transform.class, what + " transform");
  }

  private double defaultValue(SpecNode node, String what) {
    SpecNode value = node.member("default");
    return value == null ? 0 : number(value, what + " default");
  }

  // ---- scalars ----

  private String name(SpecNode node, String what) {
    String name = text(node, what);
    if (!NAME.matcher(name).matches()) {
      throw error(
          node.line(),
          what
              + ": '"
              + name
              + "' must start with a letter or '_' and hold only letters, digits, '_', '.' or '-'");
    }
    return name;
  }

  private Duration duration(SpecNode node, String what) {
    String text = node.isScalar() ? node.text().trim() : "";
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      throw error(
          node.line(),
          what
              + ": expected a duration like 30s, 10m, 1h or 7d, got "
              + (node.isScalar() ? "'" + node.text() + "'" : node.describe()));
    }
    long amount = Long.parseLong(m.group(1));
    if (amount <= 0) {
      throw error(node.line(), what + ": must be positive, got '" + text + "'");
    }
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
  }

  private <E extends Enum<E>> E choice(SpecNode node, Class<E> type, String what) {
    String text = node.isScalar() ? node.text().trim() : null;
    for (E value : type.getEnumConstants()) {
      if (value.name().toLowerCase(Locale.ROOT).equals(text)) {
        return value;
      }
    }
    throw error(
        node.line(),
        what
            + ": expected one of "
            + Stream.of(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "))
            + ", got "
            + (text == null ? node.describe() : "'" + text + "'"));
  }

  private String text(SpecNode node, String what) {
    if (!node.isScalar() || node.text().isBlank()) {
      throw error(node.line(), what + ": expected text, got " + node.describe());
    }
    return node.text().trim();
  }

  private double number(SpecNode node, String what) {
    if (!node.isScalar() || !node.isNumber()) {
      throw error(
          node.line(),
          what
              + ": expected a number, got "
              + node.describe()
              + (node.isScalar() ? " '" + node.text() + "'" : ""));
    }
    double value;
    try {
      value = Double.parseDouble(node.text());
    } catch (NumberFormatException e) {
      throw error(node.line(), what + ": cannot read '" + node.text() + "' as a number");
    }
    if (!Double.isFinite(value)) {
      throw error(node.line(), what + ": expected a finite number, got " + node.text());
    }
    return value;
  }

  private Double optionalNumber(SpecNode node, String key, String what) {
    SpecNode value = node.member(key);
    return value == null ? null : number(value, what + " " + key);
  }

  private boolean bool(SpecNode node, String what) {
    if (!node.isBoolean()) {
      throw error(node.line(), what + ": expected true or false, got " + node.describe());
    }
    return node.booleanValue();
  }

  /** A non-empty list of distinct scalars, as written ({@code [4829, "5967"]} gives text). */
  private List<String> distinctTexts(SpecNode node, String what) {
    if (!node.isArray() || node.elements().isEmpty()) {
      throw error(node.line(), what + ": expected a non-empty list, got " + node.describe());
    }
    List<String> values = new ArrayList<>();
    for (SpecNode element : node.elements()) {
      String value = text(element, what);
      if (values.contains(value)) {
        throw error(element.line(), what + ": '" + value + "' is listed twice");
      }
      values.add(value);
    }
    return values;
  }

  // ---- structure ----

  private void object(SpecNode node, String what) {
    if (!node.isObject()) {
      throw error(node.line(), what + ": expected a mapping of keys, got " + node.describe());
    }
  }

  private SpecNode required(SpecNode node, String key, String what) {
    SpecNode value = node.member(key);
    if (value == null) {
      throw error(node.line(), what + ": missing key '" + key + "'");
    }
    if (value.kind() == SpecNode.Kind.NULL) {
      throw error(node.keyLine(key), what + ": key '" + key + "' has no value");
    }
    return value;
  }

  private void allowKeys(SpecNode node, Set<String> allowed, String what) {
    for (String key : node.members().keySet()) {
      if (!allowed.contains(key)) {
        throw error(
            node.keyLine(key),
            "unknown key '"
                + key
                + "' in "
                + what
                + " (allowed here: "
                + allowed.stream().sorted().collect(Collectors.joining(", "))
                + ")");
      }
    }
  }

  private static String known(Map<String, FieldSpec> fields) {
    return known(fields.keySet().stream());
  }

  private static String known(Stream<String> names) {
    return " (declared fields: " + names.sorted().collect(Collectors.joining(", ")) + ")";
  }

  private SpecException error(int line, String problem) {
    return new SpecException(source.name(), line, problem);
  }
}
