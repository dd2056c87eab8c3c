package io.benchtap.bench;

import io.benchtap.serve.BenchtapConfig;
import io.benchtap.config.ConfigLoader;
import io.benchtap.parse.ParserRegistry;
import io.benchtap.serve.ServeVerticle;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The whole {@code benchtap serve} verticle tree ({@link ServeVerticle}: MQTT ingest, pipeline
 * workers, sinks, HTTP) deployed in this JVM with the given configuration keys, so the bench (and
 * the integration tests' ServeHarness) can listen on its event bus. Environment variables are not
 * read: the bench's figures depend on its flags only.
 */
public final class InProcessServe implements AutoCloseable {
  public final Vertx vertx = Vertx.vertx();
  public final ServeVerticle serve;
  private final String id;
  private volatile io.micrometer.core.instrument.Counter outCounter;

  public InProcessServe(Map<String, String> flags) throws Exception {
    BenchtapConfig cfg = BenchtapConfig.from(ConfigLoader.load(vertx, null, flags, Map.of())
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
    serve = new ServeVerticle(cfg, ParserRegistry.load());
    id = vertx.deployVerticle(serve).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  /**
   * The flags every bench's benchtap starts from: the broker, its own client id, an ephemeral
   * HTTP port, no file sink (a bench adds or overrides keys after these).
   */
  static Map<String, String> benchFlags(String host, int port, String topicPrefix, String clientId) {
    Map<String, String> f = new java.util.LinkedHashMap<>();
    f.put("mqtt.host", host);
    f.put("mqtt.port", String.valueOf(port));
    f.put("mqtt.clientId", clientId);
    f.put("mqtt.topicPrefix", topicPrefix);
    f.put("http.port", "0");
    f.put("file.enabled", "false");
    return f;
  }

  public String metricsUrl() {
    return "http://127.0.0.1:" + serve.httpPort() + "/metrics";
  }

  /** Output messages the pipeline has taken in (its own counter, read in-process: cheap). */
  long outMessages() {
    io.micrometer.core.instrument.Counter c = outCounter;
    if (c == null) {
      // Searching the registry costs; do it until the counter exists, then keep it.
      c = serve.registry().find("benchtap.ingest.messages").tag("kind", "out").counter();
      if (c == null) {
        return 0;
      }
      outCounter = c;
    }
    return (long) c.count();
  }

  @Override
  public void close() throws Exception {
    try {
      vertx.undeploy(id).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
