package io.osprey.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.model.dl4j.CompiledMlp;
import io.osprey.model.dl4j.Dl4jMlp;
import io.osprey.model.dl4j.MlpShape;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Envelopes are opened by the loader registered for their format, and only by one. */
class ModelFormatsTest {
  @Test
  void theDl4jFormatLoadsItsPayloadAndServesItCompiled() {
    Dl4jMlp network = Dl4jMlp.create(new MlpShape(List.of(3), 0.01, 0, 7), 4);
    ModelFormat format = ModelFormats.of(network.format());

    ScoringModel loaded = format.load(network.payload(), network.normalizer());
    ScoringModel served = format.forScoring(loaded);

    assertThat(loaded).isInstanceOf(Dl4jMlp.class);
    assertThat(served).isInstanceOf(CompiledMlp.class);
    double[] row = {0.1, 0.2, 0.3, 0.4};
    assertThat(served.score(row))
        .isCloseTo(network.score(row), org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void anUnknownFormatIsRefused() {
    assertThatThrownBy(() -> ModelFormats.of("pickle"))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("unsupported model format 'pickle'");
    assertThatThrownBy(() -> ModelFormats.of(null)).isInstanceOf(ModelException.class);
  }
}
