package dev.sightline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class TraceparentTest {
  static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @Test
  void parsesAndWritesVersion00() {
    Traceparent t = Traceparent.parse(" " + VALID + " ");
    assertThat(t).isEqualTo(new Traceparent(0x4bf92f3577b34da6L, 0xa3ce929d0e0e4736L, 0x00f067aa0ba902b7L, true));
    assertThat(Traceparent.format(t.traceHigh(), t.traceLow(), t.parentSpanId(), t.sampled())).isEqualTo(VALID);
    assertThat(Traceparent.parse(VALID.replace("-01", "-00")).sampled()).isFalse();
    assertThat(Traceparent.parse(VALID.replace("-01", "-03")).sampled()).isTrue();
  }

  @Test
  void aLaterVersionMayAppendFields() {
    assertThat(Traceparent.parse("01" + VALID.substring(2) + "-what-comes-next")).isNotNull();
    assertThat(Traceparent.parse("01" + VALID.substring(2))).isNotNull();
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "garbage",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",   // version 00 has exactly 4 fields
      "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",         // version ff is invalid
      "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x",
      "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",         // upper case
      "00-00000000000000000000000000000000-00f067aa0ba902b7-01",         // all-zero trace id
      "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",         // all-zero parent id
      "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",          // short trace id
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g",
      "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01",
      "0x-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"})
  void rejectsWhatIsNotATraceparent(String header) {
    assertThat(Traceparent.parse(header)).isNull();
  }
}
