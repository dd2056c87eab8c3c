package io.benchtap.parse.support;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A line of a tool's output known to carry no measurement (a banner, an option echo, a hint),
 * and the benchmark it implies when it names one ({@code ""} when it does not). A tool lists its
 * known lines in its own {@code KnownLines}; an output line is matched stripped.
 */
public record KnownLine(Pattern pattern, String benchmark) {

  /** A known line that names no benchmark. */
  public static KnownLine known(String regex) {
    return new KnownLine(Pattern.compile(regex), "");
  }

  /** A known line that implies {@code benchmark}. */
  public static KnownLine known(String regex, String benchmark) {
    return new KnownLine(Pattern.compile(regex), benchmark);
  }

  /**
   * The benchmark implied by the first of {@code known} that matches the stripped line: {@code
   * null} when none does, {@code ""} when it names no benchmark.
   */
  public static String classify(List<KnownLine> known, String stripped) {
    for (int i = 0; i < known.size(); i++) {
      if (known.get(i).pattern().matcher(stripped).matches()) {
        return known.get(i).benchmark();
      }
    }
    return null;
  }
}
