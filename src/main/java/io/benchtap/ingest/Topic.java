package io.benchtap.ingest;

import io.benchtap.model.StreamKey;

/**
 * The decoded shape of a topic under the contract prefix (docs/mqtt-contract.md):
 * <pre>
 *   {prefix}/{device}/{env}/{run}/{tool}/{instance}/out     raw output lines
 *   {prefix}/{device}/{env}/{run}/{tool}/{instance}/status  JSON lifecycle events
 *   {prefix}/{device}/agent                                 retained online/offline state
 * </pre>
 * Anything else is {@link Unknown} with a short reason, counted and dropped by the caller.
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
      StreamKey key = new StreamKey(p[0], p[1], p[2], p[3], p[4]);
      return switch (p[5]) {
        case "out" -> new Output(key);
        case "status" -> new Status(key);
        default -> new Unknown("suffix");
      };
    }
    return new Unknown("shape");
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
