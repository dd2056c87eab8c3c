package io.benchtap.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DirectionTest {
  @Test
  void ratesAreBetterHigherAndTimesBetterLower() {
    assertThat(Direction.of("throughput_bytes_per_second")).isEqualTo(Direction.HIGHER_IS_BETTER);
    assertThat(Direction.of("flops_per_second")).isEqualTo(Direction.HIGHER_IS_BETTER);
    assertThat(Direction.of("memory_bandwidth_bytes_per_second")).isEqualTo(Direction.HIGHER_IS_BETTER);
    assertThat(Direction.of("round_trip_latency_seconds")).isEqualTo(Direction.LOWER_IS_BETTER);
    assertThat(Direction.of("total_time_seconds")).isEqualTo(Direction.LOWER_IS_BETTER);
    assertThat(Direction.of("datagrams_lost_ratio")).isEqualTo(Direction.LOWER_IS_BETTER);
    assertThat(Direction.of("events_total")).isEqualTo(Direction.NEUTRAL);
  }

  @Test
  void overheadIsPositiveWhenTheContainerIsWorse() {
    assertThat(Direction.HIGHER_IS_BETTER.overhead(-0.1)).isEqualTo(0.1);
    assertThat(Direction.LOWER_IS_BETTER.overhead(0.1)).isEqualTo(0.1);
    assertThat(Direction.NEUTRAL.overhead(0.1)).isNaN();
  }
}
