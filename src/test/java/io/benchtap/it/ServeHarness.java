package io.benchtap.it;

import io.benchtap.config.BenchtapConfig;
import io.benchtap.config.ConfigLoader;
import io.benchtap.parse.ParserRegistry;
import io.benchtap.serve.ServeVerticle;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the whole {@code serve} verticle tree in-process with the given flag overrides. */
final class ServeHarness implements AutoCloseable {
  final Vertx vertx = Vertx.vertx();
  final ServeVerticle serve;
  private final String id;

  ServeHarness(Map<String, String> flags) throws Exception {
    BenchtapConfig cfg = BenchtapConfig.from(ConfigLoader.load(vertx, null, flags, Map.of())
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
    serve = new ServeVerticle(cfg, ParserRegistry.load());
    id = vertx.deployVerticle(serve).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  String base() {
    return "http://127.0.0.1:" + serve.httpPort();
  }

  String metrics() {
    return ItEnv.http(base() + "/metrics").body();
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
