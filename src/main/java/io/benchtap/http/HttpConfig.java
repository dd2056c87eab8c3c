package io.benchtap.http;

import io.benchtap.config.Cfg;
import io.benchtap.config.ConfigException;
import io.benchtap.config.Hosts;

/**
 * The HTTP server section ({@code http.*}); binds to loopback by default. Listening beyond
 * loopback without {@code http.token} is refused at start, as the embedded broker refuses to
 * listen beyond loopback without a user: /api and /metrics would be open to the network.
 */
public record HttpConfig(String host, int port, String token) {
  public static HttpConfig from(Cfg c) {
    HttpConfig h = new HttpConfig(c.string("http.host"), c.integer("http.port", 0, 65535), c.secret("http.token", "http.tokenFile"));
    if (h.token == null && !Hosts.isLoopback(h.host)) {
      throw new ConfigException("http.host: " + (h.host == null ? "empty (every address)" : "\"" + h.host + "\"")
          + " is not a loopback address and http.token is unset: set http.token (BENCHTAP_HTTP_TOKEN) or http.tokenFile,"
          + " which /metrics and /api then require, or set http.host to 127.0.0.1");
    }
    return h;
  }

  @Override
  public String toString() {
    return "HttpConfig[" + host + ":" + port + ", token=" + (token == null ? "unset" : "***") + "]";
  }
}
