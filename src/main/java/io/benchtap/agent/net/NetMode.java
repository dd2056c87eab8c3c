package io.benchtap.agent.net;

import java.util.Locale;

/**
 * How the device under test is networked in a run (the {@code net} label): natively ({@code
 * host}), through a veth pair into a Linux bridge ({@code veth}), or through macvlan in bridge mode
 * ({@code macvlan}) — the three cases of the paper's network evaluation.
 */
public enum NetMode {
  HOST, VETH, MACVLAN;

  /** The wire name: host, veth or macvlan. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return wireName();
  }

  /**
   * Parses a wire name, case-insensitively and ignoring surrounding blanks.
   *
   * @throws IllegalArgumentException for null or anything but host, veth, macvlan
   */
  public static NetMode parse(String s) {
    if (s != null) {
      String v = s.trim().toLowerCase(Locale.ROOT);
      for (NetMode m : values()) {
        if (m.wireName().equals(v)) {
          return m;
        }
      }
    }
    throw new IllegalArgumentException("unknown net mode '" + s + "' (expected host, veth or macvlan)");
  }
}
