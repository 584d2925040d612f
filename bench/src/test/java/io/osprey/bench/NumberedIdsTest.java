package io.osprey.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NumberedIdsTest {
  private final NumberedIds ids = new NumberedIds("e-x-", 6);

  @Test
  void anIdReadsBackAsItsNumber() {
    assertThat(ids.id(42)).isEqualTo("e-x-000042");
    assertThat(ids.numberOf("e-x-000042")).isEqualTo(42);
    assertThat(ids.numberOf(ids.bytes(999_999))).isEqualTo(999_999);
  }

  @Test
  void digitsAreOverwrittenInPlace() {
    byte[] record = ("[" + ids.id(0) + "]").getBytes(StandardCharsets.UTF_8);

    ids.writeDigits(123, record, 1 + ids.digitsOffset());

    assertThat(new String(record, StandardCharsets.UTF_8)).isEqualTo("[e-x-000123]");
  }

  @Test
  void foreignIdsAndNumbersThatDoNotFitAreRefused() {
    assertThat(ids.numberOf("e-y-000042")).isEqualTo(-1);
    assertThat(ids.numberOf("e-x-42")).isEqualTo(-1);
    assertThat(ids.numberOf((String) null)).isEqualTo(-1);
    assertThatThrownBy(() -> ids.id(1_000_000)).isInstanceOf(IllegalArgumentException.class);
  }
}
