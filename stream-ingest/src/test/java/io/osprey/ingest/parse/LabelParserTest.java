package io.osprey.ingest.parse;

import static io.osprey.ingest.Fixtures.T0;
import static io.osprey.ingest.Fixtures.raw;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.ingest.Fixtures;
import io.osprey.ingest.model.LabelEvent;
import io.osprey.ingest.model.Rejected;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LabelParserTest {
  private static final long NOW = T0 + Duration.ofMinutes(5).toMillis();

  private final LabelParser parser = new LabelParser(1024);

  @Test
  void labelsAreParsedAndValidated() {
    Outcome<LabelEvent> ok =
        parser.parse(raw("labels", 1, "e-1", Fixtures.labelJson("e-1", true, T0)), NOW);
    assertThat(ok.isOk()).isTrue();
    assertThat(ok.value().fraud).isTrue();
    assertThat(ok.value().sourceOffset).isEqualTo(1);

    Rejected missing =
        parser.parse(raw("labels", 2, "e-1", "{\"eventId\":\"e-1\"}"), NOW).rejected();
    assertThat(missing.stage).isEqualTo(Rejected.PARSE);
    assertThat(missing.reason).contains("missing required field");

    Rejected blank =
        parser.parse(raw("labels", 3, "", Fixtures.labelJson("", false, T0)), NOW).rejected();
    assertThat(blank.stage).isEqualTo(Rejected.VALIDATE);
    assertThat(blank.reason).startsWith("eventId");

    Rejected seconds =
        parser
            .parse(raw("labels", 4, "e-1", Fixtures.labelJson("e-1", true, T0 / 1000)), NOW)
            .rejected();
    assertThat(seconds.reason).startsWith("labelTime:").contains("before 2000");
  }
}
