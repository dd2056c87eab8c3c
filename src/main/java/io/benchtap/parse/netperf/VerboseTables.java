package io.benchtap.parse.netperf;

import java.util.regex.Pattern;

/**
 * The tables {@code -v 2} prints after a classic result (netperf 2.7.0, migrated tests): one
 * starting with {@code Alignment} (send/recv alignments and offsets; for an RR test also the round
 * trip latency and the outbound/inbound throughput, for a stream test the bytes per send and
 * receive), and for TCP stream tests then a {@code Maximum} / {@code Segment} / {@code Size
 * (bytes)} table. Each is header lines of words over one row of numbers. They repeat the result in
 * other units or describe the setup, so their lines are recognised and not read.
 *
 * <p>{@code Maximum} opens a table only after an {@code Alignment} table: alone it may be the
 * first header line of an omni {@code -O MAX_LATENCY} block.
 */
final class VerboseTables {

  private static final Pattern ALIGNMENT = Pattern.compile("Alignment(\\s+Offset\\b.*)?");
  private static final Pattern NUMBER = Pattern.compile("[0-9]+(\\.[0-9]+)?");

  private boolean inside;
  private boolean seenAlignment;

  /** True when {@code t} (a stripped, non-empty line) belongs to a {@code -v 2} table. */
  boolean owns(String t) {
    if (ALIGNMENT.matcher(t).matches()) {
      inside = true;
      seenAlignment = true;
      return true;
    }
    if (seenAlignment && t.equals("Maximum")) {
      inside = true;
      return true;
    }
    if (!inside) {
      return false;
    }
    String[] tokens = t.split("\\s+");
    long numbers = java.util.Arrays.stream(tokens).filter(x -> NUMBER.matcher(x).matches()).count();
    if (numbers == tokens.length) {
      inside = false; // the table's row of numbers ends it
      return true;
    }
    if (numbers == 0) {
      return true; // one more header line
    }
    inside = false;
    return false;
  }
}
