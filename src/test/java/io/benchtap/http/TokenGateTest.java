package io.benchtap.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A browser reaches the API of a benchtap with http.token (the compose setup): /?token= once sets
 * a cookie that the page's own requests (fetch, EventSource) carry; a wrong token sets nothing.
 */
@ExtendWith(VertxExtension.class)
class TokenGateTest {
  // Does not follow redirects: the 303 and its cookie are what is checked.
  private final HttpClient browser = HttpClient.newHttpClient();
  private String base;

  private HttpResponse<String> open(String path, String... cookie) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    for (String c : cookie) {
      b.header("Cookie", c);
    }
    return browser.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theTokenInThePageUrlOnceLetsTheBrowsersRequestsThrough(Vertx vertx) throws Exception {
    HttpVerticle http = new HttpVerticle(new HttpConfig("127.0.0.1", 0, "s3cret"),
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), HealthChecks.create(vertx), null);
    vertx.deployVerticle(http).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + http.actualPort();

    assertThat(open("/api/live/snapshot").statusCode()).isEqualTo(401);
    HttpResponse<String> wrong = open("/?token=guess");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.headers().allValues("Set-Cookie")).isEmpty();

    HttpResponse<String> login = open("/?token=s3cret");
    assertThat(login.statusCode()).isEqualTo(303);
    assertThat(login.headers().firstValue("Location")).hasValue("/");
    List<String> set = login.headers().allValues("Set-Cookie");
    assertThat(set).singleElement().satisfies(c -> assertThat(c).startsWith(TokenGate.COOKIE + "=")
        .containsIgnoringCase("HttpOnly").contains("SameSite=Strict").doesNotContain("s3cret"));
    String cookie = set.get(0).split(";")[0];

    assertThat(open("/api/live/snapshot", cookie).statusCode()).isEqualTo(200);
    assertThat(open("/metrics", cookie).statusCode()).isEqualTo(200);
    assertThat(open("/api/live/snapshot", TokenGate.COOKIE + "=0000").statusCode()).isEqualTo(401);
    assertThat(open("/").statusCode()).isEqualTo(200);
  }
}
