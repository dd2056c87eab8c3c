package io.benchtap.ingest;

import io.moquette.broker.Server;
import io.moquette.broker.config.IConfig;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded Moquette MQTT broker that lets {@code benchtap serve} run on a fresh machine with
 * nothing installed. Persistent (sessions and QoS 1 queues survive a restart under
 * {@code broker.dataDir}), loopback-only unless a user and password are configured, and with
 * Moquette's telemetry switched off. Blocking: call it off the event loop.
 */
public final class EmbeddedBroker {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);

  private final EmbeddedBrokerConfig config;
  private final int maxMessageBytes;
  private Server server;

  public EmbeddedBroker(EmbeddedBrokerConfig config, int maxMessageBytes) {
    this.config = config;
    this.maxMessageBytes = maxMessageBytes;
  }

  /** Starts the broker; throws with a clear message when the port is taken. */
  public synchronized void start() throws IOException {
    Path data = Path.of(config.dataDir()).toAbsolutePath();
    Files.createDirectories(data);
    Properties p = new Properties();
    p.setProperty(IConfig.HOST_PROPERTY_NAME, config.host());
    p.setProperty(IConfig.PORT_PROPERTY_NAME, String.valueOf(config.port()));
    p.setProperty(IConfig.DATA_PATH_PROPERTY_NAME, data.toString());
    p.setProperty(IConfig.PERSISTENCE_ENABLED_PROPERTY_NAME, "true");
    p.setProperty(IConfig.ENABLE_TELEMETRY_NAME, "false");
    // mosquitto_pub 2.x connects with an empty client id and lets the broker assign one.
    p.setProperty(io.moquette.BrokerConstants.ALLOW_ZERO_BYTE_CLIENT_ID_PROPERTY_NAME, "true");
    p.setProperty(IConfig.WEB_SOCKET_PORT_PROPERTY_NAME, "disabled");
    // Take every message MQTT can carry, as Mosquitto does by default: an oversized one then
    // reaches the pipeline, which refuses and counts it (pipeline.maxMessageBytes). Below the
    // protocol's limit Moquette would close the publisher's connection and log a stack trace, and
    // nothing would be counted.
    p.setProperty(IConfig.NETTY_MAX_BYTES_PROPERTY_NAME, String.valueOf(Math.max(MqttIngestVerticle.MQTT_MAX_PAYLOAD, maxMessageBytes)));
    if (config.username() != null) {
      Path passwords = data.resolve("passwords.conf");
      Files.writeString(passwords, config.username() + ":" + sha256(config.password()) + "\n", StandardCharsets.UTF_8);
      p.setProperty(IConfig.PASSWORD_FILE_PROPERTY_NAME, passwords.toString());
      p.setProperty(IConfig.ALLOW_ANONYMOUS_PROPERTY_NAME, "false");
    } else {
      p.setProperty(IConfig.ALLOW_ANONYMOUS_PROPERTY_NAME, "true");
    }
    server = new Server();
    try {
      server.startServer(new MemoryConfig(p));
    } catch (RuntimeException | IOException e) {
      server = null;
      throw new IOException(bindFailure(config, e), e);
    }
    LOG.info("embedded MQTT broker listening on {}:{} (data in {})", config.host(), config.port(), data);
  }

  /** One line: where, why (the innermost cause), and the two flags that get around it. */
  static String bindFailure(EmbeddedBrokerConfig config, Exception e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String why = root instanceof java.net.BindException || String.valueOf(e.getMessage()).startsWith("Cannot bind")
        ? "address in use, probably by another MQTT broker" : root.getClass().getSimpleName() + ": " + root.getMessage();
    return "the embedded MQTT broker cannot listen on " + config.host() + ":" + config.port() + " (" + why
        + "); --mqtt-host " + ("0.0.0.0".equals(config.host()) ? "127.0.0.1" : config.host())
        + " connects to that broker instead, --mqtt-port PORT starts the embedded one on another port";
  }

  public synchronized void stop() {
    if (server != null) {
      server.stopServer();
      server = null;
    }
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
