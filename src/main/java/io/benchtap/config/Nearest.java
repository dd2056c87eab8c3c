package io.benchtap.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * The known name nearest to a misspelt one, for "did you mean" hints: configuration keys
 * ({@code --set}, the file, {@code BENCHTAP_*} variables) and campaign file keys use this one
 * implementation. Distance is optimal string alignment (Levenshtein plus swapped neighbours),
 * case-insensitive; a name further than a third of its length (at least 2) is no suggestion,
 * unless one is the start of the other (a shortened name: {@code user} for {@code username}).
 */
public final class Nearest {
  private Nearest() {}

  /** The nearest known name, if one is close enough to be a likely typo. */
  public static Optional<String> to(String typo, Collection<String> known) {
    String t = typo.toLowerCase(Locale.ROOT);
    int limit = Math.max(2, t.length() / 3);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      String kl = k.toLowerCase(Locale.ROOT);
      int d = distance(t, kl);
      boolean shortened = Math.min(t.length(), kl.length()) >= 4 && (kl.startsWith(t) || t.startsWith(kl));
      if (shortened) {
        d = Math.min(d, limit);
      }
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return bestDistance <= limit ? Optional.of(best) : Optional.empty();
  }

  /** {@code "; did you mean 'x'?"}, or empty when nothing known is near. */
  public static String hint(String typo, Collection<String> known) {
    return to(typo, known).map(k -> "; did you mean '" + k + "'?").orElse("");
  }

  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
