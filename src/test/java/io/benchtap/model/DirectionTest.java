package io.benchtap.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DirectionTest {
  @Test
  void overheadIsPositiveWhenTheContainerIsWorse() {
    assertThat(Direction.HIGHER_IS_BETTER.overhead(-0.1)).isEqualTo(0.1);
    assertThat(Direction.LOWER_IS_BETTER.overhead(0.1)).isEqualTo(0.1);
    assertThat(Direction.NEUTRAL.overhead(0.1)).isNaN();
  }
}
