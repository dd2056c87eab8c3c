package io.benchtap.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.model.Measurement;
import io.benchtap.model.Phase;
import io.benchtap.model.TimeSource;
import io.benchtap.sink.prometheus.LiveSeries;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * /metrics is rendered off the event loop, concurrent scrapes share a render, and the formats
 * are the ones the endpoint always answered with. No timed asserts: where a render must be "in
 * progress", a collector blocks on a latch that the test releases.
 */
@ExtendWith(VertxExtension.class)
class MetricsEndpointTest {
  /** What Prometheus 2.x sends. */
  private static final String PROMETHEUS_ACCEPT = "application/openmetrics-text;version=1.0.0,"
      + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

  private record Answer(int status, String type, String body) {}

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private static Future<Answer> get(HttpClient client, int port, String path, String accept) {
    RequestOptions o = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port).setURI(path);
    if (accept != null) {
      o.putHeader("Accept", accept);
    }
    return client.request(o).compose(req -> req.send()).compose(r -> r.body()
        .map(body -> new Answer(r.statusCode(), r.getHeader("Content-Type"), body.toString())));
  }

  /** One devhealth series of device dev-i. */
  private static Measurement series(int i, double value) {
    return new Measurement(Instant.EPOCH, "dev-" + i, "native", "host", "r1", "devhealth", "health", "1", "memory_available_bytes",
        value, "bytes", Phase.INTERVAL, Map.of(), TimeSource.ARRIVAL);
  }

  private static HttpVerticle deploy(Vertx vertx, PrometheusMeterRegistry registry) throws Exception {
    return deploy(vertx, registry, null);
  }

  private static HttpVerticle deploy(Vertx vertx, PrometheusMeterRegistry registry, String token) throws Exception {
    HttpVerticle http = new HttpVerticle(new HttpConfig("127.0.0.1", 0, token), registry, HealthChecks.create(vertx), null);
    await(vertx.deployVerticle(http));
    return http;
  }

  /**
   * A collector that, once armed, holds the render until released: it records the thread it runs
   * on, says that the render has started, and waits for the test.
   */
  private static final class HoldingCollector implements MultiCollector {
    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger calls = new AtomicInteger();
    volatile boolean armed;
    volatile boolean onEventLoop;
    volatile String thread;
    volatile boolean releasedByTest;

    @Override
    public MetricSnapshots collect() {
      calls.incrementAndGet();
      if (armed) {
        onEventLoop = Context.isOnEventLoopThread();
        thread = Thread.currentThread().getName();
        started.countDown();
        try {
          // The guard against a hang, not a timing: if the render blocked the event loop, the
          // test could never release it, and releasedByTest stays false.
          releasedByTest = release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return new MetricSnapshots(GaugeSnapshot.builder().name("held_render").help("a render the test holds")
          .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(1).build()).build());
    }
  }

  @Test
  void theEventLoopServesOtherRequestsWhileAScrapeRenders(Vertx vertx) throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // A large registry as well: 20,000 live benchmark series, so the render is a real one.
    LiveSeries live = new LiveSeries(Duration.ofHours(1), System::nanoTime, 100_000);
    registry.getPrometheusRegistry().register(live);
    List<Measurement> ms = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      ms.add(series(i, 1e9 + i));
    }
    live.update(ms);
    HoldingCollector held = new HoldingCollector();
    registry.getPrometheusRegistry().register(held);
    HttpVerticle http = deploy(vertx, registry);
    HttpClient client = vertx.createHttpClient();
    held.armed = true;

    Future<Answer> scrape = get(client, http.actualPort(), "/metrics", PROMETHEUS_ACCEPT);
    assertThat(held.started.await(30, TimeUnit.SECONDS)).as("the render started").isTrue();
    // The render is now in progress and held. The same server (one verticle, one event loop)
    // must still answer /health; if the render ran on its event loop, this request would wait
    // for the render, which waits for this request.
    Answer health = await(get(client, http.actualPort(), "/health", null));
    held.release.countDown();
    Answer metrics = await(scrape);

    assertThat(health.status()).as("/health without checks").isEqualTo(204);
    assertThat(held.releasedByTest).as("released by the test after /health was answered").isTrue();
    assertThat(held.onEventLoop).as("rendered on an event-loop thread").isFalse();
    assertThat(held.thread).startsWith(MetricsEndpoint.THREAD_NAME);
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.type()).isEqualTo("application/openmetrics-text; version=1.0.0; charset=utf-8");
    assertThat(metrics.body()).contains("held_render 1.0", "device=\"dev-19999\"").endsWith("# EOF\n");
    await(client.shutdown(0, TimeUnit.SECONDS));
  }

  @Test
  void requestsDuringARenderShareItAndTheNextRequestStartsANewOne(Vertx vertx) throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    HoldingCollector held = new HoldingCollector();
    registry.getPrometheusRegistry().register(held);
    held.armed = true;
    Context ctx = vertx.getOrCreateContext();
    CompletableFuture<MetricsEndpoint> endpoint = new CompletableFuture<>();
    CompletableFuture<List<Future<Buffer>>> renders = new CompletableFuture<>();
    ctx.runOnContext(v -> {
      MetricsEndpoint e = new MetricsEndpoint(vertx, registry);
      endpoint.complete(e);
      // Three scrapes in OpenMetrics and one in text arrive while nothing has finished.
      renders.complete(List.of(e.render(MetricsEndpoint.Format.OPENMETRICS), e.render(MetricsEndpoint.Format.OPENMETRICS),
          e.render(MetricsEndpoint.Format.OPENMETRICS), e.render(MetricsEndpoint.Format.TEXT)));
    });
    List<Future<Buffer>> first = renders.get(30, TimeUnit.SECONDS);
    assertThat(first.get(1)).isSameAs(first.get(0));
    assertThat(first.get(2)).isSameAs(first.get(0));
    assertThat(first.get(3)).isNotSameAs(first.get(0));
    assertThat(held.started.await(30, TimeUnit.SECONDS)).isTrue();
    held.armed = false;
    held.release.countDown();
    String om = await(first.get(0)).toString();
    String text = await(first.get(3)).toString();
    // One render per format: the three OpenMetrics requests cost one collection.
    assertThat(held.calls.get()).isEqualTo(2);
    assertThat(om).contains("# TYPE held_render gauge").endsWith("# EOF\n");
    assertThat(text).contains("held_render 1.0").doesNotContain("# EOF");

    CompletableFuture<Future<Buffer>> later = new CompletableFuture<>();
    ctx.runOnContext(v -> later.complete(endpoint.join().render(MetricsEndpoint.Format.OPENMETRICS)));
    Future<Buffer> next = later.get(30, TimeUnit.SECONDS);
    assertThat(next).isNotSameAs(first.get(0));
    await(next);
    assertThat(held.calls.get()).as("a request after the render completed starts a new one, nothing is cached").isEqualTo(3);
  }

  @Test
  void concurrentScrapesAllGetTheWholeExposition(Vertx vertx) throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    LiveSeries live = new LiveSeries(Duration.ofHours(1), System::nanoTime, 100_000);
    registry.getPrometheusRegistry().register(live);
    List<Measurement> ms = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      ms.add(series(i, i));
    }
    live.update(ms);
    HttpVerticle http = deploy(vertx, registry);
    HttpClient client = vertx.createHttpClient(new HttpClientOptions(), new PoolOptions().setHttp1MaxSize(8));
    List<Future<Answer>> all = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      all.add(get(client, http.actualPort(), "/metrics", PROMETHEUS_ACCEPT));
    }
    await(Future.all(all));
    String expected = registry.scrape(PROMETHEUS_ACCEPT);
    for (Future<Answer> f : all) {
      assertThat(f.result().status()).isEqualTo(200);
      assertThat(f.result().body()).isEqualTo(expected);
    }
    await(client.shutdown(0, TimeUnit.SECONDS));
  }

  @Test
  void formatsAreNegotiatedAsBefore(Vertx vertx) throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.counter("benchtap.test.things", "kind", "a").increment(3);
    HttpVerticle http = deploy(vertx, registry);
    HttpClient client = vertx.createHttpClient();
    int port = http.actualPort();

    Answer om = await(get(client, port, "/metrics", PROMETHEUS_ACCEPT));
    assertThat(om.type()).isEqualTo("application/openmetrics-text; version=1.0.0; charset=utf-8");
    assertThat(om.body()).isEqualTo(registry.scrape(PROMETHEUS_ACCEPT));
    Answer plain = await(get(client, port, "/metrics", null));
    assertThat(plain.type()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    assertThat(plain.body()).isEqualTo(registry.scrape("text/plain")).contains("benchtap_test_things_total{kind=\"a\"} 3.0");
    assertThat(await(get(client, port, "/metrics", "text/plain;version=0.0.4")).body()).isEqualTo(plain.body());
    // A client that prefers protobuf gets text, labelled as text (Micrometer would render
    // protobuf bytes for this header; the endpoint answers in the text formats only).
    Answer proto = await(get(client, port, "/metrics",
        "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.7,text/plain;version=0.0.4;q=0.3"));
    assertThat(proto.type()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    assertThat(proto.body()).isEqualTo(plain.body());
    await(client.shutdown(0, TimeUnit.SECONDS));
  }

  @Test
  void withATokenAnUnauthorizedScrapeIsRefusedBeforeAnythingIsRendered(Vertx vertx) throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    HoldingCollector counted = new HoldingCollector();
    registry.getPrometheusRegistry().register(counted);
    HttpVerticle http = deploy(vertx, registry, "s3cret");
    HttpClient client = vertx.createHttpClient();
    RequestOptions wrong = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(http.actualPort())
        .setURI("/metrics").putHeader("Authorization", "Bearer wrong");
    assertThat(await(get(client, http.actualPort(), "/metrics", PROMETHEUS_ACCEPT)).status()).isEqualTo(401);
    assertThat(await(client.request(wrong).compose(req -> req.send())).statusCode()).isEqualTo(401);
    assertThat(counted.calls.get()).isZero();
    RequestOptions right = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(http.actualPort())
        .setURI("/metrics").putHeader("Authorization", "Bearer s3cret");
    assertThat(await(client.request(right).compose(req -> req.send())).statusCode()).isEqualTo(200);
    assertThat(counted.calls.get()).isEqualTo(1);
    await(client.shutdown(0, TimeUnit.SECONDS));
  }
}
