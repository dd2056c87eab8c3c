package io.benchtap.http;

import io.benchtap.config.Cfg;

/** The HTTP server section ({@code http.*}); binds to loopback by default. */
public record HttpConfig(String host, int port, String token) {
  public static HttpConfig from(Cfg c) {
    return new HttpConfig(c.string("http.host"), c.integer("http.port", 0, 65535), c.string("http.token"));
  }

  @Override
  public String toString() {
    return "HttpConfig[" + host + ":" + port + ", token=" + (token == null ? "unset" : "***") + "]";
  }
}
