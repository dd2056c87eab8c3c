package io.benchtap.ingest;

import io.benchtap.config.Cfg;
import io.benchtap.config.ConfigException;

/**
 * The MQTT client section ({@code mqtt.*}). {@link #host()} null means "use the embedded broker".
 * {@link #toString()} hides the password.
 */
public record MqttConfig(
    String host,
    int port,
    String clientId,
    String username,
    String password,
    boolean cleanSession,
    int qos,
    String topicPrefix,
    int keepAliveSeconds,
    long reconnectInitialDelayMs,
    long reconnectMaxDelayMs,
    boolean tls,
    String tlsCaFile,
    boolean tlsVerifyHost) {

  public static MqttConfig from(Cfg c) {
    String clientId = c.string("mqtt.clientId");
    if (clientId == null || clientId.equals("benchtap-<hostname>")) {
      clientId = "benchtap-" + hostname();
    }
    if (clientId.length() > 64 || !clientId.matches("[A-Za-z0-9._:-]+")) {
      throw new ConfigException("mqtt.clientId", "1-64 characters of A-Z a-z 0-9 . _ : -", clientId);
    }
    String prefix = c.string("mqtt.topicPrefix");
    if (prefix == null || prefix.contains("#") || prefix.contains("+") || prefix.endsWith("/")) {
      throw new ConfigException("mqtt.topicPrefix", "a topic without wildcards or trailing slash", prefix);
    }
    long initial = c.longValue("mqtt.reconnectInitialDelayMs", 10, 600_000);
    long max = c.longValue("mqtt.reconnectMaxDelayMs", 10, 3_600_000);
    if (max < initial) {
      throw new ConfigException("mqtt.reconnectMaxDelayMs", "at least mqtt.reconnectInitialDelayMs (" + initial + ")", max);
    }
    return new MqttConfig(
        c.string("mqtt.host"),
        c.integer("mqtt.port", 1, 65535),
        clientId,
        c.string("mqtt.username"),
        c.secret("mqtt.password", "mqtt.passwordFile"),
        c.bool("mqtt.cleanSession"),
        c.integer("mqtt.qos", 0, 1),
        prefix,
        c.integer("mqtt.keepAliveSeconds", 0, 65535),
        initial,
        max,
        c.bool("mqtt.tls.enabled"),
        c.string("mqtt.tls.caFile"),
        c.bool("mqtt.tls.verifyHost"));
  }

  /**
   * This config pointed at the embedded broker: its address (a wildcard listen address is
   * reached through loopback), and its user and password unless mqtt.username is set.
   */
  public MqttConfig towards(EmbeddedBrokerConfig broker) {
    String newHost = broker.host().equals("0.0.0.0") ? "127.0.0.1" : broker.host();
    boolean ownCredentials = username != null;
    return new MqttConfig(newHost, broker.port(), clientId, ownCredentials ? username : broker.username(),
        ownCredentials ? password : broker.password(), cleanSession, qos, topicPrefix, keepAliveSeconds,
        reconnectInitialDelayMs, reconnectMaxDelayMs, tls, tlsCaFile, tlsVerifyHost);
  }

  static String hostname() {
    String h = System.getenv("HOSTNAME");
    if (h == null || h.isBlank()) {
      try {
        h = java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.io.IOException e) {
        h = "host";
      }
    }
    return h.replaceAll("[^A-Za-z0-9._:-]", "-");
  }

  @Override
  public String toString() {
    return "MqttConfig[" + host + ":" + port + ", clientId=" + clientId + ", user=" + username
        + ", password=" + (password == null ? "unset" : "***") + ", tls=" + tls + "]";
  }
}
