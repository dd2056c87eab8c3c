package io.benchtap.parse.iperf;

import java.util.regex.Pattern;

/**
 * One line of iperf 2's CSV report ({@code -y C}): {@code timestamp,local address,local port,
 * remote address,remote port,id,start-end,bytes,bits per second}, and for UDP five more fields
 * {@code jitter ms,lost,total,lost percent,out of order}. The rate and byte count are raw numbers
 * (bits/s and bytes), not scaled by {@code -f}. Id {@code -1} (2.0.x) is the sum of all streams.
 * iperf 2.1 adds enhanced fields after the nine TCP ones with {@code -e}; they are ignored.
 *
 * @param udp whether the UDP fields are present; {@code total} is -1 on a 2.1 client's own summary
 */
record CsvRow(String id, double start, double bytes, double bitsPerSecond, boolean udp,
    double jitterMs, double lost, double total) {

  private static final Pattern STAMP = Pattern.compile("[0-9]{14}(?:\\.[0-9]+)?");
  private static final Pattern INTERVAL = Pattern.compile("-?[0-9]+(?:\\.[0-9]+)?--?[0-9]+(?:\\.[0-9]+)?");
  private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(?:\\.[0-9]+)?");

  /** Whether a trimmed line has the shape of an iperf 2 CSV row (timestamp first, 9+ fields). */
  static boolean looksLike(String trimmed) {
    int comma = trimmed.indexOf(',');
    return comma > 0 && STAMP.matcher(trimmed.substring(0, comma)).matches()
        && trimmed.chars().filter(c -> c == ',').count() >= 8;
  }

  /** The row, or null when a field is not what iperf prints there. */
  static CsvRow parse(String trimmed) {
    String[] f = trimmed.split(",", -1);
    if (f.length < 9 || !STAMP.matcher(f[0]).matches() || !f[5].matches("-?[0-9]{1,9}")
        || !INTERVAL.matcher(f[6]).matches() || !NUMBER.matcher(f[7]).matches()
        || !NUMBER.matcher(f[8]).matches()) {
      return null;
    }
    int dash = f[6].indexOf('-', 1);
    double start = Double.parseDouble(f[6].substring(0, dash));
    double bytes = Double.parseDouble(f[7]);
    double rate = Double.parseDouble(f[8]);
    if (start < 0 || bytes < 0 || rate < 0) {
      return null;
    }
    String id = f[5].equals("-1") ? "SUM" : f[5];
    boolean udp = f.length == 14;
    for (int i = 9; udp && i < 14; i++) {
      udp = NUMBER.matcher(f[i]).matches();
    }
    if (!udp) {
      return new CsvRow(id, start, bytes, rate, false, 0, 0, 0);
    }
    return new CsvRow(id, start, bytes, rate, true, Double.parseDouble(f[9]),
        Double.parseDouble(f[10]), Double.parseDouble(f[11]));
  }
}
