package io.benchtap.contract;

import io.benchtap.model.StreamKey;

/**
 * The decoded shape of a topic under the contract prefix (docs/mqtt-contract.md):
 * <pre>
 *   {prefix}/{device}/{env}/{run}/{tool}/{instance}/out     raw output lines
 *   {prefix}/{device}/{env}/{run}/{tool}/{instance}/status  JSON lifecycle events
 *   {prefix}/{device}/agent                                 retained online/offline state
 * </pre>
 * {@code instance} is {@code 1..4096} or {@code host}. Anything else is {@link Unknown} with a
 * short reason, counted and dropped by the caller.
 */
public sealed interface Topic {

  /** Output lines of one stream. */
  record Output(StreamKey key) implements Topic {}

  /** Status events of one stream. */
  record Status(StreamKey key) implements Topic {}

  /** Retained agent state of a device. */
  record Agent(String device) implements Topic {}

  /** Alerts published by benchtap itself; ignored on input. */
  record Alerts() implements Topic {}

  /** Not a topic of the contract. */
  record Unknown(String reason) implements Topic {}

  /** Longest accepted topic level, in characters. */
  int MAX_LEVEL = 128;

  /** Highest instance number: as many as a status's {@code instances} may announce. */
  int MAX_INSTANCE = 4096;

  /** What an instance level must be; the reason of an {@link Unknown} for any other. */
  String INSTANCE_RULE = "instance must be 1.." + MAX_INSTANCE + " without leading zeros, or host";

  /** Decodes a topic; never throws. */
  static Topic parse(String prefix, String topic) {
    if (topic == null || !topic.startsWith(prefix + "/")) {
      return new Unknown("prefix");
    }
    String[] p = topic.substring(prefix.length() + 1).split("/", -1);
    for (String level : p) {
      if (!validLevel(level)) {
        return new Unknown("level");
      }
    }
    if (p.length == 1 && p[0].equals("alerts")) {
      return new Alerts();
    }
    if (p.length == 2 && p[1].equals("agent")) {
      return new Agent(p[0]);
    }
    if (p.length == 6) {
      boolean out = p[5].equals("out");
      if (!out && !p[5].equals("status")) {
        return new Unknown("suffix");
      }
      if (!validInstance(p[4])) {
        return new Unknown(INSTANCE_RULE);
      }
      StreamKey key = new StreamKey(p[0], p[1], p[2], p[3], p[4]);
      return out ? new Output(key) : new Status(key);
    }
    return new Unknown("shape");
  }

  /**
   * Whether a level is an instance of the contract: {@code 1..MAX_INSTANCE} in decimal without
   * leading zeros (one stream has one spelling, so {@code 01} and {@code 1} never become two
   * series), or {@code host} (the device itself, for devhealth). The instance becomes a Prometheus
   * label: free text here would be an unbounded label value.
   */
  static boolean validInstance(String level) {
    if (level.equals("host")) {
      return true;
    }
    int n = level.length();
    if (n == 0 || n > 4 || level.charAt(0) == '0') {
      return false;
    }
    int v = 0;
    for (int i = 0; i < n; i++) {
      char c = level.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
      v = v * 10 + (c - '0');
    }
    return v <= MAX_INSTANCE;
  }

  private static boolean validLevel(String level) {
    if (level.isEmpty() || level.length() > MAX_LEVEL) {
      return false;
    }
    for (int i = 0; i < level.length(); i++) {
      char c = level.charAt(i);
      if (Character.isISOControl(c) || c == '+' || c == '#' || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }
}
