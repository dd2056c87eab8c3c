package io.benchtap.http;

import io.benchtap.analyze.AnalyzerVerticle;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side: {@code /metrics} (OpenMetrics or Prometheus text from the Micrometer registry,
 * rendered off the event loop by {@link MetricsEndpoint}),
 * {@code /health} (503 when the broker connection or a sink is down), the live page at {@code /}
 * (static files from {@code webroot/}, uPlot from its WebJar under {@code /webjars/}) and its data
 * under {@code /api/live/} ({@link LiveFeed}).
 * Binds to 127.0.0.1 by default; with {@code http.token} set, /metrics and /api require
 * {@code Authorization: Bearer <token>} or, from a browser, the cookie of {@link TokenGate}.
 */
public final class HttpVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(HttpVerticle.class);

  private final HttpConfig config;
  private final PrometheusMeterRegistry registry;
  private final HealthChecks health;
  private final AnalyzerVerticle analyzer;
  private HttpServer server;
  private LiveFeed live;
  private MetricsEndpoint metrics;

  public HttpVerticle(HttpConfig config, PrometheusMeterRegistry registry, HealthChecks health, AnalyzerVerticle analyzer) {
    this.config = config;
    this.registry = registry;
    this.health = health;
    this.analyzer = analyzer;
  }

  /** The port actually bound (useful with http.port 0). */
  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    if (config.token() != null) {
      new TokenGate(config.token()).mount(router);
    }
    metrics = new MetricsEndpoint(vertx, registry);
    router.get("/metrics").handler(metrics);
    router.get("/health").handler(HealthCheckHandler.createWithHealthChecks(health));
    if (analyzer != null) {
      router.get("/api/runs").handler(ctx -> json(ctx, analyzer.runs()));
      // Run ids are chosen by the devices: every record with this id (one per device, env and
      // tool that used it), never just the first.
      router.get("/api/runs/:id").handler(ctx -> {
        io.vertx.core.json.JsonArray records = new io.vertx.core.json.JsonArray();
        for (Object o : analyzer.runs()) {
          if (ctx.pathParam("id").equals(((io.vertx.core.json.JsonObject) o).getString("run"))) {
            records.add(o);
          }
        }
        if (records.isEmpty()) {
          ctx.response().setStatusCode(404).putHeader("Content-Type", "application/json")
              .end(new io.vertx.core.json.JsonObject().put("error", "no such run").encode());
        } else {
          json(ctx, records);
        }
      });
      router.get("/api/overhead").handler(ctx -> {
        java.util.Map<String, String> filters = new java.util.HashMap<>();
        for (String f : java.util.List.of("device", "tool", "env", "net", "instances", "metric", "benchmark", "campaign")) {
          filters.put(f, ctx.request().getParam(f));
        }
        json(ctx, analyzer.overhead(filters));
      });
      router.get("/api/regressions").handler(ctx -> json(ctx, analyzer.regressions()));
    }
    live = new LiveFeed(vertx);
    live.mount(router);
    if (config.token() == null) {
      live.mountPage(router);
    }
    router.route("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars"));
    router.route("/*").handler(StaticHandler.create("webroot").setCachingEnabled(false));
    return live.start().compose(v -> vertx.createHttpServer()
        .requestHandler(router)
        .listen(config.port(), config.host())
        .onSuccess(s -> {
          server = s;
          LOG.info("HTTP on http://{}:{}/ (live page, /metrics, /health)", config.host(), s.actualPort());
        })
        .recover(e -> Future.failedFuture(new IllegalStateException(
            "cannot listen on " + config.host() + ":" + config.port() + " (" + e.getMessage() + "); set http.port"))));
  }

  private static void json(RoutingContext ctx, Object body) {
    String text = body instanceof io.vertx.core.json.JsonArray a ? a.encodePrettily()
        : ((io.vertx.core.json.JsonObject) body).encodePrettily();
    ctx.response().putHeader("Content-Type", "application/json").end(text);
  }

  @Override
  public Future<?> stop() {
    // Vert.x 5's close() waits up to 30 s for keep-alive clients (a Prometheus scraper) to go.
    Future<Void> feed = live == null ? Future.succeededFuture() : live.close().recover(e -> Future.succeededFuture());
    Future<Void> served = server == null ? feed : feed.compose(v -> server.shutdown(2, java.util.concurrent.TimeUnit.SECONDS));
    return metrics == null ? served : served.compose(v -> metrics.close().recover(e -> Future.succeededFuture()));
  }
}
