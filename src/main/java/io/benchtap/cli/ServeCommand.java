package io.benchtap.cli;

import io.benchtap.serve.BenchtapConfig;
import io.benchtap.config.ConfigException;
import io.benchtap.config.ConfigLoader;
import io.benchtap.parse.ParserRegistry;
import io.benchtap.serve.ServeVerticle;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code benchtap serve}: runs the pipeline until SIGTERM or Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Run the pipeline: MQTT in, Prometheus /metrics and InfluxDB (or a line-protocol file) out.",
        "With no broker configured (no --mqtt-host) an embedded MQTT broker listens on 127.0.0.1:1883",
        "(--mqtt-port to change) and serve connects to it.",
        "Precedence: defaults < config file < BENCHTAP_* environment variables < flags."})
public final class ServeCommand implements java.util.concurrent.Callable<Integer> {

  @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Configuration file (.yaml, .yml or .json).")
  Path config;

  @Option(names = {"--set"}, paramLabel = "KEY=VALUE", description = "Override one key, e.g. --set http.port=9470 (repeatable).")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Option(names = "--mqtt-host", paramLabel = "HOST", description = "Broker to connect to instead of the embedded one (mqtt.host).")
  String mqttHost;

  @Option(names = "--mqtt-port", paramLabel = "PORT", description = {"Port of the broker serve connects to (mqtt.port, default 1883).",
      "Without --mqtt-host: the port the embedded broker listens on."})
  Integer mqttPort;

  @Option(names = "--http-port", paramLabel = "PORT", description = "HTTP port for /metrics and /health (http.port).")
  Integer httpPort;

  @Override
  public Integer call() throws Exception {
    Map<String, String> flags = new LinkedHashMap<>(overrides);
    if (mqttHost != null) {
      flags.put("mqtt.host", mqttHost);
    }
    if (mqttPort != null) {
      flags.put("mqtt.port", String.valueOf(mqttPort));
    }
    if (httpPort != null) {
      flags.put("http.port", String.valueOf(httpPort));
    }
    Vertx vertx = Vertx.vertx();
    BenchtapConfig cfg;
    try {
      cfg = BenchtapConfig.from(ConfigLoader.load(vertx, config, flags, System.getenv())
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
    } catch (ExecutionException e) {
      vertx.close();
      if (e.getCause() instanceof ConfigException ce) {
        throw ce;
      }
      throw e;
    } catch (ConfigException e) {
      vertx.close();
      throw e;
    }
    ParserRegistry parsers = ParserRegistry.load();
    ServeVerticle serve = new ServeVerticle(cfg, parsers);
    String id;
    try {
      id = vertx.deployVerticle(serve).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      System.err.println("benchtap serve: " + e.getCause().getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      // Wait from this (non-Vert.x) thread: a future chained on an event-loop context cannot
      // complete once Vert.x has closed that event loop.
      try {
        vertx.undeploy(id).toCompletionStage().toCompletableFuture().get(25, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("benchtap serve: shutdown incomplete: " + e);
      }
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("benchtap serve: Vert.x did not close cleanly: " + e);
      } finally {
        stopped.countDown();
      }
    }, "benchtap-shutdown"));
    stopped.await();
    return 0;
  }
}
