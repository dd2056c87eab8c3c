package io.benchtap.config;

import java.net.InetAddress;

/** What the configuration needs to know about an address to listen on. */
public final class Hosts {
  private Hosts() {}

  /**
   * Whether {@code host} is a loopback address ({@code localhost}, {@code 127.0.0.0/8},
   * {@code ::1}). Only literal addresses are looked at, never resolved through DNS: any other
   * name (and null, which listens everywhere) counts as reachable from the network.
   */
  public static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    if (host.equals("localhost")) {
      return true;
    }
    try {
      return host.matches("[0-9.:a-fA-F]+") && InetAddress.getByName(host).isLoopbackAddress();
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
