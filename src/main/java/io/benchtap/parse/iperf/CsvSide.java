package io.benchtap.parse.iperf;

/**
 * What an iperf 2 command line tells about its CSV ({@code -y C}) rows, which do not say on
 * which side they were printed: the direction of the data ({@code sender} for a client,
 * {@code receiver} for a server, flipped by {@code -R}; null when unknown) and whether there is
 * a single stream (no {@code -P} above 1), so that rows need not wait for the stream count.
 */
record CsvSide(String direction, boolean single) {

  static final CsvSide UNKNOWN = new CsvSide(null, false);

  static CsvSide of(String commandLine) {
    String[] tokens = commandLine.trim().split("\\s+");
    String role = null;
    boolean reverse = false;
    boolean single = true;
    for (int i = 0; i < tokens.length; i++) {
      String t = tokens[i];
      if (t.equals("-s") || t.equals("--server")) {
        role = "server";
      } else if (t.equals("-c") || t.equals("--client") || t.startsWith("-c") && t.length() > 2) {
        role = "client";
      } else if (t.equals("-R") || t.equals("--reverse")) {
        reverse = true;
      } else if ((t.equals("-P") || t.equals("--parallel")) && i + 1 < tokens.length) {
        single = tokens[i + 1].equals("1");
      } else if (t.startsWith("-P") && t.length() > 2) {
        single = t.substring(2).equals("1");
      }
    }
    if (role == null) {
      return new CsvSide(null, false);
    }
    // A server does not know the client's -P: its rows wait for the end like unknown ones.
    boolean client = role.equals("client");
    return new CsvSide(client != reverse ? "sender" : "receiver", client && single);
  }
}
