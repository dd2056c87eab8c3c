package io.benchtap.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MarkTest {
  @Test
  void aTokenHasNoSpaceAndReadsBackToTheSameMark() {
    Mark m = new Mark(new StreamKey("gerät 1", "l@x%c", "run 2026/x", "sysbench", "16"), Long.MAX_VALUE);
    String t = m.token();
    assertThat(t).doesNotContain(" ").endsWith("@" + Long.MAX_VALUE);
    assertThat(Mark.parse(t)).isEqualTo(m);
  }

  @Test
  void malformedTokensAreRefused() {
    assertThatThrownBy(() -> Mark.parse("a/b/c/d@1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Mark.parse("a/b/c/d/e")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Mark.parse("a/b/c/d/e@x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Mark.parse("a/b/c/d/e@-1")).isInstanceOf(IllegalArgumentException.class);
  }
}
