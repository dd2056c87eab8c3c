package io.benchtap.parse.support;

import java.util.List;
import java.util.function.Predicate;

/**
 * The common shape of {@code ToolParser.detect}: scan the first lines of an output; a line only
 * this tool prints gives the strong score at once, a line typical of it the weak score. Lines
 * longer than {@code maxLength} (and nulls) are skipped, so a huge line costs nothing.
 */
public final class Detect {
  private Detect() {}

  /** The score of {@code head}: {@code strongScore}, {@code weakScore} or 0. Never throws. */
  public static int score(List<String> head, int maxLength, Predicate<String> strong, int strongScore,
      Predicate<String> weak, int weakScore) {
    return score(head, maxLength, strong, strongScore, weak, weakScore, line -> false, 0);
  }

  /**
   * The score of {@code head} with a third, weakest kind of line (e.g. the tool's own error
   * lines): {@code strongScore} at the first strong line, else the highest score of any line, 0
   * when none fits. Never throws.
   */
  public static int score(List<String> head, int maxLength, Predicate<String> strong, int strongScore,
      Predicate<String> weak, int weakScore, Predicate<String> weakest, int weakestScore) {
    if (head == null) {
      return 0;
    }
    int score = 0;
    for (String line : head) {
      if (line == null || line.length() > maxLength) {
        continue;
      }
      if (strong.test(line)) {
        return strongScore;
      }
      if (weak.test(line)) {
        score = Math.max(score, weakScore);
      } else if (weakest.test(line)) {
        score = Math.max(score, weakestScore);
      }
    }
    return score;
  }
}
