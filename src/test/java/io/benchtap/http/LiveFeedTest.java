package io.benchtap.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.model.Measurement;
import io.benchtap.model.MeasurementBatch;
import io.benchtap.model.Phase;
import io.benchtap.model.RunEvent;
import io.benchtap.model.StreamKey;
import io.benchtap.model.TimeSource;
import io.benchtap.pipeline.LocalCodec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class LiveFeedTest {
  private static final LiveFeed.Limits LIMITS = new LiveFeed.Limits(5, 10, 4, 2, 64 * 1024, 200);
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  private Vertx vertx;
  private FeedVerticle verticle;
  private final List<WebSocketClient> wsClients = new ArrayList<>();
  private NetClient netClient;

  /** Creates the feed and a small HTTP server on one context, as HttpVerticle does. */
  static final class FeedVerticle extends VerticleBase {
    LiveFeed feed;
    HttpServer server;

    @Override
    public Future<?> start() {
      feed = new LiveFeed(vertx, LIMITS);
      Router router = Router.router(vertx);
      feed.mount(router);
      return feed.start().compose(v -> vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"))
          .onSuccess(s -> server = s);
    }

    Context ctx() {
      return context;
    }
  }

  @BeforeEach
  void deploy(Vertx vertx) throws Exception {
    this.vertx = vertx;
    vertx.eventBus().registerDefaultCodec(MeasurementBatch.class, new LocalCodec<>(MeasurementBatch.class));
    verticle = new FeedVerticle();
    await(vertx.deployVerticle(verticle));
  }

  @AfterEach
  void stopServer() throws Exception {
    // Vert.x waits for open connections on close; the streams here never end by themselves.
    for (WebSocketClient c : wsClients) {
      await(c.shutdown(0, TimeUnit.SECONDS));
    }
    if (netClient != null) {
      await(netClient.shutdown(0, TimeUnit.SECONDS));
    }
    await(verticle.server.shutdown(0, TimeUnit.SECONDS));
  }

  private WebSocketClient webSocketClient() {
    WebSocketClient c = vertx.createWebSocketClient();
    wsClients.add(c);
    return c;
  }

  static Measurement m(String device, String instance, String metric, double value, Phase phase, int second) {
    return new Measurement(T0.plusSeconds(second), device, "lxc", "veth", "run-1", "sysbench", "cpu", instance, metric,
        value, "per_second", phase, metric.startsWith("latency") ? Map.of("stat", "p95") : Map.of(), TimeSource.ARRIVAL);
  }

  static RunEvent event(String device, String instance, RunEvent.Type type, int second) {
    return new RunEvent(T0.plusSeconds(second), new StreamKey(device, "lxc", "run-1", "sysbench", instance), "veth", type,
        type == RunEvent.Type.STARTED ? "sysbench cpu run" : null, null, 2, type == RunEvent.Type.FINISHED ? 0 : null,
        Double.NaN, null, Map.of());
  }

  private void publish(List<Measurement> ms, List<RunEvent> events) {
    vertx.eventBus().publish(MeasurementBatch.ADDRESS, new MeasurementBatch(ms, events));
  }

  /** Runs on the feed's context (it is not synchronized) and returns the result. */
  private <T> T onFeed(Function<LiveFeed, T> f) throws Exception {
    Promise<T> p = Promise.promise();
    verticle.ctx().runOnContext(v -> p.complete(f.apply(verticle.feed)));
    return await(p.future());
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private static void eventually(String what, Supplier<Boolean> cond) {
    Awaitility.await(what).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).pollInSameThread()
        .until(() -> Boolean.TRUE.equals(cond.get()));
  }

  private JsonObject snapshot() throws Exception {
    return onFeed(LiveFeed::snapshot);
  }

  @Test
  void snapshotHasRunsTheLastPointsOfEachSeriesAndTheFinalValues() throws Exception {
    publish(List.of(), List.of(event("rpi", "1", RunEvent.Type.STARTED, 0)));
    for (int s = 1; s <= 8; s++) {
      publish(List.of(m("rpi", "1", "events_per_second", 1000 + s, Phase.INTERVAL, s)), List.of());
    }
    publish(List.of(m("rpi", "1", "events_per_second", 1004.5, Phase.FINAL, 9)), List.of(event("rpi", "1", RunEvent.Type.FINISHED, 9)));
    eventually("the final value", () -> call(() -> snapshot().getJsonArray("finals").size() == 1));

    JsonObject snap = snapshot();
    JsonObject series = snap.getJsonArray("series").getJsonObject(0);
    assertThat(series.getString("metric")).isEqualTo("events_per_second");
    assertThat(series.getString("device")).isEqualTo("rpi");
    assertThat(series.getString("unit")).isEqualTo("per_second");
    assertThat(series.getJsonArray("v").getList()).containsExactly(1004.0, 1005.0, 1006.0, 1007.0, 1008.0);
    assertThat(series.getJsonArray("t").getLong(4)).isEqualTo(T0.plusSeconds(8).toEpochMilli());
    JsonObject fin = snap.getJsonArray("finals").getJsonObject(0);
    assertThat(fin.getString("phase")).isEqualTo("final");
    assertThat(fin.getDouble("value")).isEqualTo(1004.5);
    assertThat(fin.getString("run")).isEqualTo("run-1");
    assertThat(fin.fieldNames()).containsExactlyInAnyOrder("time", "device", "env", "net", "run", "tool", "benchmark",
        "instance", "metric", "value", "unit", "phase", "labels", "timeSource");
    JsonObject run = snap.getJsonArray("runs").getJsonObject(0);
    assertThat(run.getString("state")).isEqualTo("finished");
    assertThat(run.getString("command")).isEqualTo("sysbench cpu run");
    assertThat(run.getInteger("instances")).isEqualTo(2);
    assertThat(run.getLong("started")).isEqualTo(T0.toEpochMilli());
    assertThat(run.getInteger("exitCode")).isZero();
  }

  @Test
  void anotherDevicesStatusesForTheSameRunIdShowAsItsOwnRunsAndLeaveTheFirstAsItWas() throws Exception {
    publish(List.of(), List.of(event("devB", "1", RunEvent.Type.STARTED, 0)));
    eventually("devB's run", () -> call(() -> snapshot().getJsonArray("runs").size() == 1));
    JsonObject devB = snapshot().getJsonArray("runs").getJsonObject(0);
    RunEvent evil = new RunEvent(T0.plusSeconds(2), new StreamKey("devA", "lxc", "run-1", "sysbench", "1"), "veth",
        RunEvent.Type.STARTED, "evil", null, 4096, null, Double.NaN, null, Map.of());
    publish(List.of(), List.of(new RunEvent(T0.plusSeconds(1), new StreamKey("devA", "lxc", "run-1", "sysbench", "1"), "veth",
        RunEvent.Type.FINISHED, null, null, 0, 1, Double.NaN, null, Map.of()), evil));
    eventually("devA's run", () -> call(() -> snapshot().getJsonArray("runs").size() == 2));
    JsonArray runs = snapshot().getJsonArray("runs");
    assertThat(runs.stream().map(JsonObject.class::cast).filter(r -> r.getString("device").equals("devB")))
        .containsExactly(devB);
    assertThat(devB.getString("command")).isEqualTo("sysbench cpu run");
  }

  @Test
  void aStreamWithoutStatusShowsAsARunUntilItsFinalValue() throws Exception {
    publish(List.of(m("pi", "3", "events_per_second", 1, Phase.INTERVAL, 1)), List.of());
    eventually("the inferred run", () -> call(() -> snapshot().getJsonArray("runs").size() == 1));
    assertThat(snapshot().getJsonArray("runs").getJsonObject(0).getString("state")).isEqualTo("running");
    publish(List.of(m("pi", "3", "events_per_second", 2, Phase.FINAL, 2)), List.of());
    eventually("finished", () -> call(() -> "finished".equals(snapshot().getJsonArray("runs").getJsonObject(0).getString("state"))));
    assertThat(snapshot().getJsonArray("runs").getJsonObject(0).getString("source")).isEqualTo("output");
  }

  @Test
  void memoryIsBoundedByTheSeriesAndRunCaps() throws Exception {
    for (int i = 0; i < 25; i++) {
      publish(List.of(m("dev" + i, "1", "events_per_second", i, Phase.INTERVAL, i), m("dev" + i, "1", "events_per_second", i, Phase.FINAL, i)),
          List.of(event("dev" + i, "1", RunEvent.Type.STARTED, i)));
    }
    publish(List.of(m("dev3", "1", "events_per_second", -1, Phase.INTERVAL, 30), m("nan", "1", "x", Double.NaN, Phase.INTERVAL, 30)), List.of());
    eventually("the last batch", () -> call(() -> snapshot().getJsonArray("series").stream()
        .anyMatch(s -> ((JsonObject) s).getString("device").equals("dev3"))));
    JsonObject snap = snapshot();
    assertThat(snap.getJsonArray("series")).hasSize(LIMITS.maxSeries());
    assertThat(snap.getJsonArray("finals")).hasSize(LIMITS.maxSeries());
    assertThat(snap.getJsonArray("runs")).hasSize(LIMITS.maxRuns());
    List<String> devices = new ArrayList<>();
    snap.getJsonArray("series").forEach(s -> devices.add(((JsonObject) s).getString("device")));
    // Least recently updated go first: dev3 was updated last, so it is back; nothing NaN is kept.
    assertThat(devices).contains("dev3", "dev24", "dev16").doesNotContain("dev0", "dev15", "nan");
  }

  @Test
  void theWebSocketSendsTheSnapshotThenBatchesAndRunsInOrderAndCleansUpOnDisconnect() throws Exception {
    List<JsonObject> messages = new CopyOnWriteArrayList<>();
    AtomicInteger pings = new AtomicInteger();
    WebSocket ws = await(webSocketClient().connect(verticle.server.actualPort(), "127.0.0.1", LiveFeed.WEBSOCKET)
        .onSuccess(w -> {
          // Set on the event loop as the socket opens, so no message is missed.
          w.textMessageHandler(t -> messages.add(new JsonObject(t)));
          w.frameHandler(f -> {
            if (f.type() == WebSocketFrameType.PING) {
              pings.incrementAndGet();
            }
          });
        }));
    eventually("the first message", () -> !messages.isEmpty());
    assertThat(messages.get(0).getString("type")).isEqualTo("snapshot");
    assertThat(messages.get(0).getJsonObject("data").fieldNames()).contains("seq", "runs", "series", "finals");
    assertThat(onFeed(LiveFeed::clients)).isEqualTo(1);

    publish(List.of(), List.of(event("rpi", "1", RunEvent.Type.STARTED, 0)));
    for (int s = 1; s <= 5; s++) {
      publish(List.of(m("rpi", "1", "events_per_second", 100 * s, Phase.INTERVAL, s), m("rpi", "1", "latency_seconds", s, Phase.INTERVAL, s)), List.of());
    }
    eventually("6 data messages", () -> messages.size() >= 7);
    eventually("a ping", () -> pings.get() > 0);

    List<JsonObject> data = messages.subList(1, messages.size());
    long lastSeq = 0;
    List<Double> values = new ArrayList<>();
    for (JsonObject msg : data) {
      long seq = msg.getLong("seq");
      assertThat(seq).isGreaterThan(lastSeq);
      lastSeq = seq;
      if (msg.getString("type").equals("measurement")) {
        JsonArray batch = msg.getJsonArray("data");
        assertThat(batch).hasSize(2);
        values.add(batch.getJsonObject(0).getDouble("value"));
        assertThat(batch.getJsonObject(1).getJsonObject("labels").getString("stat")).isEqualTo("p95");
      } else {
        assertThat(msg.getString("type")).isEqualTo("run");
        assertThat(msg.getJsonObject("data").getString("state")).isEqualTo("running");
      }
    }
    assertThat(data.get(0).getString("type")).isEqualTo("run");
    assertThat(values).containsExactly(100.0, 200.0, 300.0, 400.0, 500.0);
    assertThat(snapshot().getLong("seq")).isEqualTo(lastSeq);

    // A page that came with the current snapshot in it is not sent it again.
    List<JsonObject> second = new CopyOnWriteArrayList<>();
    await(webSocketClient().connect(verticle.server.actualPort(), "127.0.0.1", LiveFeed.WEBSOCKET + "?since=" + lastSeq)
        .onSuccess(w -> w.textMessageHandler(t -> second.add(new JsonObject(t)))));
    eventually("the second client's first message", () -> !second.isEmpty());
    assertThat(second.get(0)).isEqualTo(new JsonObject().put("type", "live").put("seq", lastSeq));

    await(ws.close());
    eventually("the first client is forgotten", () -> call(() -> onFeed(LiveFeed::clients) == 1));
  }

  @Test
  void aClientThatFallsBehindIsDroppedAndClientsAreCapped() throws Exception {
    netClient = vertx.createNetClient();
    NetSocket slow = await(netClient.connect(verticle.server.actualPort(), "127.0.0.1"));
    slow.handler(b -> slow.pause());
    await(slow.write("GET " + LiveFeed.WEBSOCKET + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"));
    eventually("the slow client connected", () -> call(() -> onFeed(LiveFeed::clients) == 1));

    WebSocket second = await(webSocketClient().connect(verticle.server.actualPort(), "127.0.0.1", LiveFeed.WEBSOCKET));
    Throwable refused = webSocketClient().connect(verticle.server.actualPort(), "127.0.0.1", LiveFeed.WEBSOCKET)
        .toCompletionStage().toCompletableFuture().handle((w, e) -> e).get(20, TimeUnit.SECONDS);
    assertThat(refused).isNotNull().hasMessageContaining("503");
    await(second.close());

    List<Measurement> big = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      big.add(m("dev" + i % 8, String.valueOf(i), "events_per_second", i, Phase.INTERVAL, i));
    }
    for (int round = 0; round < 400 && call(() -> onFeed(LiveFeed::droppedClients)) == 0; round++) {
      for (int k = 0; k < 20; k++) {
        publish(big, List.of());
      }
      Thread.sleep(5);
    }
    eventually("the slow client dropped", () -> call(() -> onFeed(LiveFeed::droppedClients) == 1 && onFeed(LiveFeed::clients) == 0));
    int kept = onFeed(f -> f.snapshot().getJsonArray("series").size());
    assertThat(kept).isEqualTo(LIMITS.maxSeries());
  }

  private static <T> T call(java.util.concurrent.Callable<T> c) {
    try {
      return c.call();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
