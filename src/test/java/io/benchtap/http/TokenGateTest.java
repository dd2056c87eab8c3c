package io.benchtap.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A browser reaches the API of a benchtap with http.token (the compose setup): /?token= once sets
 * a cookie that the page's own requests (fetch, EventSource) carry; a wrong token sets nothing.
 */
@ExtendWith(VertxExtension.class)
class TokenGateTest {

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private static HttpClientResponse get(HttpClient client, int port, String path, String cookie) throws Exception {
    RequestOptions o = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port).setURI(path);
    if (cookie != null) {
      o.putHeader("Cookie", cookie);
    }
    return await(client.request(o).compose(req -> req.send()).compose(r -> r.body().map(b -> r)));
  }

  @Test
  void theTokenInThePageUrlOnceLetsTheBrowsersRequestsThrough(Vertx vertx) throws Exception {
    HttpVerticle http = new HttpVerticle(new HttpConfig("127.0.0.1", 0, "s3cret"),
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), HealthChecks.create(vertx), null);
    await(vertx.deployVerticle(http));
    int port = http.actualPort();
    HttpClient client = vertx.createHttpClient();

    assertThat(get(client, port, "/api/live/snapshot", null).statusCode()).isEqualTo(401);
    HttpClientResponse wrong = get(client, port, "/?token=guess", null);
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.cookies()).isEmpty();

    HttpClientResponse login = get(client, port, "/?token=s3cret", null);
    assertThat(login.statusCode()).isEqualTo(303);
    assertThat(login.getHeader("Location")).isEqualTo("/");
    assertThat(login.cookies()).singleElement().satisfies(c -> assertThat(c)
        .startsWith(TokenGate.COOKIE + "=").containsIgnoringCase("HttpOnly").contains("SameSite=Strict").doesNotContain("s3cret"));
    String cookie = login.cookies().get(0).split(";")[0];

    assertThat(get(client, port, "/api/live/snapshot", cookie).statusCode()).isEqualTo(200);
    assertThat(get(client, port, "/metrics", cookie).statusCode()).isEqualTo(200);
    assertThat(get(client, port, "/api/live/snapshot", TokenGate.COOKIE + "=0000").statusCode()).isEqualTo(401);
    assertThat(get(client, port, "/", null).statusCode()).isEqualTo(200);
    await(client.shutdown(0, TimeUnit.SECONDS));
  }
}
