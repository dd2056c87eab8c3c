package io.benchtap.parse.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The shared shape of {@code ToolParser.detect}. */
class DetectTest {

  private static final Predicate<String> STRONG = "banner"::equals;
  private static final Predicate<String> WEAK = "row"::equals;
  private static final Predicate<String> WEAKEST = "error"::equals;

  private static int score(String... head) {
    return Detect.score(head == null ? null : Arrays.asList(head), 10, STRONG, 100, WEAK, 90,
        WEAKEST, 60);
  }

  @Test
  void aStrongLineWinsAtOnceAndOtherwiseTheHighestLineCounts() {
    assertThat(score("row", "banner")).isEqualTo(100);
    assertThat(score("row", "error")).isEqualTo(90);
    assertThat(score("error", "row", "error")).isEqualTo(90);
    assertThat(score("other", "error")).isEqualTo(60);
    assertThat(score("other")).isZero();
  }

  @Test
  void nullsAndOverlongLinesAreSkippedAndANullHeadIsZero() {
    assertThat(score((String[]) null)).isZero();
    assertThat(score(null, "banner" + " ".repeat(20), "error")).isEqualTo(60);
    assertThat(Detect.score(List.of("row"), 10, STRONG, 100, WEAK, 70)).isEqualTo(70);
  }
}
