package io.benchtap.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusEventTest {

  @Test
  void deviceTimeIsEpochSecondsWithAFraction() {
    assertThat(StatusEvent.decode("{\"event\":\"started\",\"t\":1764151200.5}").time())
        .isEqualTo(Instant.ofEpochSecond(1764151200L, 500_000_000));
    assertThat(StatusEvent.decode("{\"event\":\"finished\",\"t\":0}").time()).isEqualTo(Instant.EPOCH);
    assertThat(StatusEvent.decode("{\"event\":\"finished\"}").time()).isNull();
  }

  @Test
  void aTimeThatEpochNanosecondsInALongCannotHoldIsRefusedWithTheRange() {
    // 99999999999 s was taken before (the old limit was 1e11 s) and overflowed in the sinks.
    for (String t : List.of("99999999999", "9223372037", "1e11", "1e300", "-1", "123456789012345678901234567890")) {
      assertThatThrownBy(() -> StatusEvent.decode("{\"event\":\"started\",\"t\":" + t + "}")).as(t)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("status.t must be epoch seconds, 0 <= t < 9223372036.854775807");
    }
  }

  @Test
  void aFinishedSaysHowManyOutputMessagesCameBeforeIt() {
    assertThat(StatusEvent.decode("{\"event\":\"finished\",\"seq\":42}").seq()).isEqualTo(42);
    assertThat(StatusEvent.decode("{\"event\":\"finished\"}").seq()).isEqualTo(-1);
    for (String seq : List.of("-1", "\"7\"", "1.5")) {
      assertThatThrownBy(() -> StatusEvent.decode("{\"event\":\"finished\",\"seq\":" + seq + "}")).as(seq)
          .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("status");
    }
  }
}
