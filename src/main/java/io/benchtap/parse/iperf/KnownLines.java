package io.benchtap.parse.iperf;

import java.util.regex.Pattern;

/** Informational iperf 2 output that carries no measurement (matched on the trimmed line). */
final class KnownLines {

  private static final Pattern KNOWN = Pattern.compile(String.join("|",
      "-{10,}",
      "(TCP window size|UDP buffer size|Write buffer size|Read buffer size|TOS set to"
          + "|Sending \\d+ byte datagrams|Receiving \\d+ byte datagrams"
          + "|Multicast|Joining multicast|Enabled|Setting|Server will|Client will).*",
      "\\[ ID\\] Interval\\s.*",
      "\\[\\s*(\\*?\\s*\\d+|SUM(-\\d+)?)\\] Sent \\d+ datagrams",
      "\\[ CT\\] .*",
      "\\[\\s*(\\*?\\s*\\d+|SUM(-\\d+)?)\\]\\s+\\S+\\s*-\\s*\\S+ sec\\s+\\d+ datagrams received"
          + " out-of-order",
      "Waiting for server threads to complete\\..*",
      "(\\[\\s*\\*?\\s*\\d+\\] )?WARNING: .*",
      "iperf version .*"));

  private KnownLines() {}

  static boolean known(String trimmed) {
    return KNOWN.matcher(trimmed).matches();
  }
}
