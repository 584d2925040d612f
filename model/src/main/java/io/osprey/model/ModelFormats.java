package io.osprey.model;

import io.osprey.model.dl4j.Dl4jMlpFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The model formats an envelope may carry, by name: the one place a new family is registered. */
public final class ModelFormats {
  private static final Map<String, ModelFormat> KNOWN =
      List.<ModelFormat>of(new Dl4jMlpFormat()).stream()
          .collect(Collectors.toUnmodifiableMap(ModelFormat::name, Function.identity()));

  private ModelFormats() {}

  /**
   * The loader of {@code name}.
   *
   * @throws ModelException if no format of that name is registered
   */
  public static ModelFormat of(String name) {
    ModelFormat format = name == null ? null : KNOWN.get(name);
    if (format == null) {
      throw new ModelException("unsupported model format '" + name + "'");
    }
    return format;
  }
}
