package io.benchtap.ingest;

import io.benchtap.config.Cfg;
import io.benchtap.config.ConfigException;
import io.benchtap.config.Hosts;
import java.util.Set;

/**
 * The embedded Moquette broker section ({@code broker.*}). Listening beyond loopback without a
 * user and password is refused: an open broker would let anyone inject results.
 *
 * <p>With {@code mqtt.host} unset serve connects to its own embedded broker, so {@code mqtt.port}
 * (the {@code --mqtt-port} flag) then is the port that broker listens on; {@code broker.port}
 * says the same, and the two set to different ports are refused rather than one ignored.
 */
public record EmbeddedBrokerConfig(String mode, String host, int port, String dataDir, String username, String password) {

  public static EmbeddedBrokerConfig from(Cfg c) {
    EmbeddedBrokerConfig b = new EmbeddedBrokerConfig(
        c.choice("broker.embedded", Set.of("auto", "true", "false")),
        c.string("broker.host"),
        port(c),
        c.string("broker.dataDir"),
        c.string("broker.username"),
        c.secret("broker.password", null));
    if ((b.username == null) != (b.password == null)) {
      throw new ConfigException("broker.password", "broker.username and broker.password set together", "only one of them");
    }
    if (!Hosts.isLoopback(b.host) && b.username == null) {
      throw new ConfigException("broker.host", "a loopback address unless broker.username/password are set", b.host);
    }
    return b;
  }

  /** The listening port: broker.port, or mqtt.port when serve connects to this broker (mqtt.host unset). */
  private static int port(Cfg c) {
    int port = c.integer("broker.port", 1, 65535);
    if (c.string("mqtt.host") != null || !c.isSet("mqtt.port")) {
      return port;
    }
    int wanted = c.integer("mqtt.port", 1, 65535);
    if (c.isSet("broker.port") && wanted != port) {
      throw new ConfigException("mqtt.port", "the same port as broker.port (" + port
          + ") or unset: with mqtt.host unset serve connects to its embedded broker (--mqtt-host for another broker)", wanted);
    }
    return wanted;
  }

  /** Whether the embedded broker runs, given whether an external broker is configured. */
  public boolean enabled(boolean externalBrokerConfigured) {
    return switch (mode) {
      case "true" -> true;
      case "false" -> false;
      default -> !externalBrokerConfigured;
    };
  }

  @Override
  public String toString() {
    return "EmbeddedBrokerConfig[" + mode + " " + host + ":" + port + ", dataDir=" + dataDir + ", auth=" + (username != null) + "]";
  }
}
