package io.benchtap.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeasurementTimeTest {

  private static long epochNanos(Instant t) {
    // What sink/LineProtocol does with a measurement's time.
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
  }

  @Test
  void theRangeIsEpochNanosecondsInASignedLongBelowLongMax() {
    Instant last = MeasurementTime.END.minusNanos(1);
    assertThat(MeasurementTime.accepts(Instant.EPOCH)).isTrue();
    assertThat(MeasurementTime.accepts(last)).isTrue();
    assertThat(epochNanos(last)).isEqualTo(Long.MAX_VALUE - 1);
    assertThat(MeasurementTime.accepts(MeasurementTime.END)).isFalse();
    assertThat(MeasurementTime.accepts(MeasurementTime.END.plusNanos(1))).isFalse();
    assertThatThrownBy(() -> epochNanos(MeasurementTime.END.plusNanos(1))).isInstanceOf(ArithmeticException.class);
    assertThat(MeasurementTime.accepts(Instant.EPOCH.minusNanos(1))).isFalse();
    assertThat(MeasurementTime.INSTANT_RANGE).isEqualTo("1970-01-01T00:00:00Z up to 2262-04-11T23:47:16.854775806Z");
  }

  @Test
  void epochSecondsReadTheSameOnTheFastPathAsWithBigDecimal() {
    for (String v : List.of("0", "1", "1764124800", "1764124800.5", "1764124800.000000001", "1764124800.123456789",
        "1764124800.1234567891", "1.7641248E9", "00017.0100", "1.", ".5", "9223372036.854775806",
        "9223372036.8547758069")) {
      BigDecimal d = new BigDecimal(v);
      Instant expected = Instant.ofEpochSecond(d.longValue(),
          d.subtract(BigDecimal.valueOf(d.longValue())).movePointRight(9).longValue());
      assertThat(MeasurementTime.parseEpochSeconds("t", v)).as(v).isEqualTo(expected);
    }
  }

  @Test
  void textThatIsNotATimeInTheRangeIsOneLineNamingTheFieldAndTheRange() {
    for (String bad : List.of("", ".", "-1", "-0.5", "1.-5", "abc", "1,5", "9223372036.854775807", "9223372036.8547758071",
        "9999999999", "99999999999999", "999999999999999999", "99999999999999999999.5", "1e30", "1e999999999",
        "18446744073709551616")) {
      assertThatThrownBy(() -> MeasurementTime.parseEpochSeconds("status.t", bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("status.t must be epoch seconds, 0 <= t < 9223372036.854775807")
          .hasMessageNotContaining("\n");
    }
  }

  @Test
  void everyAcceptedTimeConvertsToEpochNanoseconds() {
    for (String v : List.of("0", "1764124800.25", "9223372036.854775806", "9223372036.8547758069", "9.223372036E9")) {
      Instant t = MeasurementTime.parseEpochSeconds("t", v);
      assertThat(epochNanos(t)).as(v).isBetween(0L, Long.MAX_VALUE - 1);
    }
  }
}
