package io.benchtap.parse.nuttcp;

/**
 * What a nuttcp command line says about the run: {@code -u} (or 8.x {@code -j}, which implies
 * UDP) makes it {@code udp}, {@code -r} makes the client the receiver, {@code -t} (the default)
 * the sender. Options are separate tokens in nuttcp ({@code -u -r -T3}), never bundled.
 *
 * @param benchmark {@code tcp}, {@code udp}, or null when there is no nuttcp command line
 * @param receiver true with {@code -r}; null when unknown
 */
record CommandLines(String benchmark, Boolean receiver) {

  static final CommandLines NONE = new CommandLines(null, null);

  static CommandLines of(String commandLine) {
    if (commandLine == null || commandLine.isBlank()) {
      return NONE;
    }
    String[] tokens = commandLine.trim().split("\\s+");
    int start = -1;
    for (int i = 0; i < tokens.length && start < 0; i++) {
      String t = tokens[i].replace("\"", "").replace("'", "");
      if (t.equals("nuttcp") || t.endsWith("/nuttcp")) {
        start = i + 1;
      }
    }
    if (start < 0) {
      return NONE;
    }
    boolean udp = false;
    boolean receiver = false;
    for (int i = start; i < tokens.length; i++) {
      String t = tokens[i];
      if (t.startsWith("-u") || t.startsWith("-j")) {
        udp = true;
      } else if (t.equals("-r")) {
        receiver = true;
      } else if (t.equals("-t")) {
        receiver = false;
      }
    }
    return new CommandLines(udp ? "udp" : "tcp", receiver);
  }
}
