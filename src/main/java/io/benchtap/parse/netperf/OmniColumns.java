package io.benchtap.parse.netperf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The human-readable omni block of {@code -O}: up to four header lines, then one line of values
 * ({@code print_omni_human()} in {@code src/nettest_omni.c}). netperf writes every column's
 * header words and its value from the same start column, so the value tokens' start positions
 * cut the header lines into column names ({@code Minimum Latency Microseconds}, {@code Throughput
 * Units}). A header line whose word crosses a column start does not belong to the block.
 */
final class OmniColumns {

  static final int MAX_HEADER_LINES = 4;

  private static final Pattern TOKEN = Pattern.compile("\\S+");

  /** One column: its name in lower case, words joined by one space, and its value text. */
  record Column(String name, String value) {}

  private OmniColumns() {}

  /**
   * The columns of {@code value} named by {@code headers} (raw lines, top first), or an empty
   * list when the headers do not line up with the values' columns.
   */
  static List<Column> read(List<String> headers, String value) {
    List<int[]> spans = new ArrayList<>();
    Matcher m = TOKEN.matcher(value);
    while (m.find()) {
      spans.add(new int[] {m.start(), m.end()});
    }
    if (spans.isEmpty() || headers.isEmpty() || spans.get(0)[0] != 0) {
      return List.of();
    }
    for (String h : headers) {
      if (!fits(h, spans)) {
        return List.of();
      }
    }
    List<Column> columns = new ArrayList<>(spans.size());
    for (int i = 0; i < spans.size(); i++) {
      int from = spans.get(i)[0];
      int to = i + 1 < spans.size() ? spans.get(i + 1)[0] : Integer.MAX_VALUE;
      StringBuilder name = new StringBuilder();
      for (String h : headers) {
        String part = h.substring(Math.min(from, h.length()), Math.min(to, h.length())).strip();
        if (!part.isEmpty()) {
          name.append(name.length() == 0 ? "" : " ").append(part.replaceAll("\\s+", " "));
        }
      }
      columns.add(new Column(name.toString().toLowerCase(Locale.ROOT),
          value.substring(spans.get(i)[0], spans.get(i)[1])));
    }
    return columns;
  }

  /** No word of the header line straddles a value column's start, and none starts before it. */
  private static boolean fits(String header, List<int[]> spans) {
    Matcher w = TOKEN.matcher(header);
    while (w.find()) {
      int column = -1;
      for (int i = 0; i < spans.size() && spans.get(i)[0] <= w.start(); i++) {
        column = i;
      }
      if (column < 0) {
        return false;
      }
      if (column + 1 < spans.size() && w.end() > spans.get(column + 1)[0]) {
        return false;
      }
    }
    return true;
  }
}
