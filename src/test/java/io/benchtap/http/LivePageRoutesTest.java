package io.benchtap.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The page, its chart library and its data routes as HttpVerticle serves them, with and without http.token. */
@ExtendWith(VertxExtension.class)
class LivePageRoutesTest {

  private record Answer(int status, String type, String body) {}

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private static Answer get(HttpClient client, int port, String path, String auth) throws Exception {
    RequestOptions o = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port).setURI(path);
    if (auth != null) {
      o.putHeader("Authorization", auth);
    }
    return await(client.request(o).compose(req -> req.send()).compose(r -> r.body()
        .map(body -> new Answer(r.statusCode(), r.getHeader("Content-Type"), body.toString()))));
  }

  private static HttpVerticle deploy(Vertx vertx, String token) throws Exception {
    HttpVerticle http = new HttpVerticle(new HttpConfig("127.0.0.1", 0, token),
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), HealthChecks.create(vertx), null);
    await(vertx.deployVerticle(http));
    return http;
  }

  @Test
  void servesThePageTheWebJarAndTheSnapshot(Vertx vertx) throws Exception {
    HttpVerticle http = deploy(vertx, null);
    HttpClient client = vertx.createHttpClient();
    int port = http.actualPort();

    Answer index = get(client, port, "/", null);
    assertThat(index.status()).isEqualTo(200);
    assertThat(index.type()).startsWith("text/html");
    assertThat(index.body()).contains("href=\"/metrics\"", "href=\"/health\"", "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js",
        "/app.js", "Overhead");
    assertThat(get(client, port, "/app.js", null).body()).contains("/api/live/ws", "/api/live/snapshot", "/api/overhead");
    assertThat(get(client, port, "/app.css", null).type()).startsWith("text/css");

    Answer uplot = get(client, port, "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js", null);
    assertThat(uplot.status()).isEqualTo(200);
    assertThat(uplot.body()).contains("uPlot");
    assertThat(get(client, port, "/webjars/uplot/1.6.30/dist/uPlot.min.css", null).status()).isEqualTo(200);

    Answer snap = get(client, port, "/api/live/snapshot", null);
    assertThat(snap.status()).isEqualTo(200);
    assertThat(snap.type()).startsWith("application/json");
    assertThat(new JsonObject(snap.body()).fieldNames()).contains("seq", "now", "runs", "series", "finals", "limits");
    // No analyzer here: /api/overhead does not exist, and the page then says "no overhead data yet".
    assertThat(get(client, port, "/api/overhead", null).status()).isEqualTo(404);
    assertThat(get(client, port, "/metrics", null).status()).isEqualTo(200);
    await(client.shutdown(0, TimeUnit.SECONDS));
  }

  @Test
  void withATokenThePageIsPublicButTheApiIsNot(Vertx vertx) throws Exception {
    HttpVerticle http = deploy(vertx, "s3cret");
    HttpClient client = vertx.createHttpClient();
    int port = http.actualPort();
    assertThat(get(client, port, "/", null).status()).isEqualTo(200);
    assertThat(get(client, port, "/app.js", null).status()).isEqualTo(200);
    assertThat(get(client, port, "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js", null).status()).isEqualTo(200);
    assertThat(get(client, port, "/api/live/snapshot", null).status()).isEqualTo(401);
    assertThat(get(client, port, "/api/live/ws", null).status()).isEqualTo(401);
    assertThat(get(client, port, "/api/live/snapshot", "Bearer s3cret").status()).isEqualTo(200);
    await(client.shutdown(0, TimeUnit.SECONDS));
  }
}
