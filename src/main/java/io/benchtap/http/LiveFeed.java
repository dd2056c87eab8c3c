package io.benchtap.http;

import io.benchtap.model.Measurement;
import io.benchtap.model.MeasurementBatch;
import io.benchtap.model.MeasurementJson;
import io.benchtap.pipeline.PipelineVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data side of the live page: listens to every batch the pipeline publishes on
 * {@link MeasurementBatch#ADDRESS}, keeps a bounded view of it (runs, the last points of
 * each interval series, the latest final values) and serves it as {@code GET /api/live/snapshot}
 * (JSON) and as a WebSocket at {@code /api/live/ws}. Each WebSocket text message is one JSON
 * object: first {@code {"type":"snapshot","data":SNAPSHOT}}, or {@code {"type":"live","seq":N}}
 * when the client's {@code ?since=} already is the current {@code seq} (the page came with that
 * snapshot in it); then {@code {"type":"run","seq":N,"data":RUN}} for a run's new state and
 * {@code {"type":"measurement","seq":N,"data":[...]}} with the measurements of one batch. Pings
 * keep idle connections open. A client whose unsent backlog passes
 * {@link Limits#clientBacklogBytes()} is disconnected (its page reconnects and gets a snapshot):
 * nothing here blocks or grows without bound.
 *
 * <p>A WebSocket, not Server-Sent Events: headless Chromium with {@code --virtual-time-budget}
 * holds virtual time while a fetch is open, and an event stream is a fetch that never ends, so
 * {@code --dump-dom} of the page never returned; it does not wait for WebSockets (measured with
 * Chromium 156 on a test page: event stream still open at a 30 s timeout; WebSocket and short
 * polling both return in the browser's start-up time, about 5 s on a loaded 2-core machine).
 *
 * <p>With {@code http.token} set, these routes (under /api) need the bearer token like the rest
 * of /api, while the page at / stays public; a browser passes it once as /?token= and then
 * carries a cookie ({@link TokenGate}); without it the page says so when the snapshot answers 401.
 *
 * <p>Create, start and mount it on one event-loop context (the HTTP verticle's): the view is not
 * synchronized.
 */
public final class LiveFeed {
  private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);

  /**
   * Bounds of the live view and of its clients.
   *
   * @param pointsPerSeries interval points kept per series
   * @param maxSeries interval series kept (and, separately, final values kept)
   * @param maxRuns runs kept (running or ended)
   * @param maxClients WebSocket clients served at once
   * @param clientBacklogBytes unsent bytes a client may have queued before it is dropped
   * @param heartbeatMs period of the ping sent to each client
   */
  public record Limits(int pointsPerSeries, int maxSeries, int maxRuns, int maxClients, int clientBacklogBytes,
      long heartbeatMs) {
    /** 300 points, 500 series, 200 runs, 32 clients, 1 MiB backlog, 15 s heartbeat. */
    public static final Limits DEFAULT = new Limits(300, 500, 200, 32, 1 << 20, 15_000);
  }

  private final Vertx vertx;
  private final Limits limits;
  private final LiveView view;
  private final Set<Client> clients = new LinkedHashSet<>();
  private MessageConsumer<MeasurementBatch> consumer;
  private long seq;
  private long dropped;

  public LiveFeed(Vertx vertx) {
    this(vertx, Limits.DEFAULT);
  }

  public LiveFeed(Vertx vertx, Limits limits) {
    this.vertx = vertx;
    this.limits = limits;
    this.view = new LiveView(limits);
  }

  /** Subscribes to the pipeline's batches; completes when the consumer is registered. */
  public Future<Void> start() {
    consumer = vertx.eventBus().localConsumer(MeasurementBatch.ADDRESS, msg -> onBatch(msg.body()));
    return consumer.completion();
  }

  /** Adds {@code GET /api/live/snapshot} and the WebSocket {@code /api/live/ws} to the router. */
  public void mount(Router router) {
    router.get("/api/live/snapshot").handler(this::snapshot);
    router.get(WEBSOCKET).handler(this::upgrade);
  }

  /** Where the page's WebSocket connects. */
  static final String WEBSOCKET = "/api/live/ws";

  /**
   * Serves the live page ({@code /} and {@code /index.html}) with the current snapshot in it, so
   * that the first response already shows the runs, charts and final values: the page draws them
   * before (and without) its WebSocket. Only without {@code http.token}: the page is public,
   * the data behind /api is not then.
   */
  public void mountPage(Router router) {
    String template;
    try (java.io.InputStream in = LiveFeed.class.getResourceAsStream("/webroot/index.html")) {
      template = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException | NullPointerException e) {
      throw new IllegalStateException("webroot/index.html is missing from the classpath", e);
    }
    int at = template.indexOf(INITIAL_STATE);
    if (at < 0) {
      throw new IllegalStateException("webroot/index.html has no " + INITIAL_STATE);
    }
    String head = template.substring(0, at + INITIAL_STATE.length() - "null</script>".length());
    String tail = template.substring(at + INITIAL_STATE.length() - "</script>".length());
    io.vertx.core.Handler<RoutingContext> page = ctx -> ctx.response()
        .putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Cache-Control", "no-store")
        // "<" escaped: the JSON cannot end the script element early, whatever a device sent.
        .end(head + snapshot().encode().replace("<", "\\u003c") + tail);
    router.get("/").handler(page);
    router.get("/index.html").handler(page);
  }

  /** The element of index.html that {@link #mountPage} fills with the snapshot. */
  static final String INITIAL_STATE = "<script id=\"initial-state\" type=\"application/json\">null</script>";

  /** The current view as JSON (what {@code /api/live/snapshot} answers). */
  public JsonObject snapshot() {
    return view.snapshot(seq, Instant.now());
  }

  /** WebSocket clients connected now. */
  public int clients() {
    return clients.size();
  }

  /** Clients disconnected so far because they fell behind. */
  public long droppedClients() {
    return dropped;
  }

  void onBatch(MeasurementBatch batch) {
    List<JsonObject> runs = view.apply(batch.measurements(), batch.events());
    if (clients.isEmpty()) {
      return;
    }
    List<String> out = new ArrayList<>(runs.size() + 1);
    JsonArray ms = new JsonArray();
    for (Measurement m : batch.measurements()) {
      if (LiveView.showable(m)) {
        ms.add(MeasurementJson.of(m));
      }
    }
    for (JsonObject r : runs) {
      out.add(message("run", r));
    }
    if (!ms.isEmpty()) {
      out.add(message("measurement", ms));
    }
    for (Client c : List.copyOf(clients)) {
      for (String text : out) {
        if (!c.send(text)) {
          break;
        }
      }
    }
  }

  private String message(String type, Object data) {
    return new JsonObject().put("type", type).put("seq", ++seq).put("data", data).encode();
  }

  private void snapshot(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").putHeader("Cache-Control", "no-store")
        .end(snapshot().encode());
  }

  private void upgrade(RoutingContext ctx) {
    if (clients.size() >= limits.maxClients()) {
      ctx.response().setStatusCode(503).putHeader("Retry-After", "10").end("too many live page clients\n");
      return;
    }
    String since = ctx.request().getParam("since");
    HttpConnection connection = ctx.request().connection();
    ctx.request().toWebSocket().onSuccess(ws -> {
      ws.setWriteQueueMaxSize(limits.clientBacklogBytes());
      Client c = new Client(ws, connection);
      clients.add(c);
      ws.closeHandler(v -> c.close());
      ws.exceptionHandler(e -> c.close());
      // Sent on this event loop before any later batch: nothing falls between the two.
      c.send(String.valueOf(seq).equals(since) ? new JsonObject().put("type", "live").put("seq", seq).encode()
          : new JsonObject().put("type", "snapshot").put("data", snapshot()).encode());
    }).onFailure(e -> LOG.debug("live page WebSocket upgrade failed: {}", e.toString()));
  }

  /** Closes every WebSocket and stops listening; for shutdown. */
  public Future<Void> close() {
    List<Future<Void>> closed = new ArrayList<>();
    for (Client c : List.copyOf(clients)) {
      c.close();
      closed.add(c.ws.close((short) 1001, "benchtap is stopping").recover(e -> Future.succeededFuture()));
    }
    Future<Void> consumed = consumer == null ? Future.succeededFuture() : consumer.unregister();
    return Future.join(closed).compose(v -> consumed, e -> consumed);
  }

  /** One connected WebSocket client: its socket and its ping timer. */
  private final class Client {
    final ServerWebSocket ws;
    final HttpConnection connection;
    final long timer;
    boolean closed;

    Client(ServerWebSocket ws, HttpConnection connection) {
      this.ws = ws;
      this.connection = connection;
      this.timer = vertx.setPeriodic(limits.heartbeatMs(), id -> {
        if (!closed && !ws.writeQueueFull()) {
          ws.writePing(Buffer.buffer());
        }
      });
    }

    /** Writes unless the client is too far behind, in which case it is disconnected; false then. */
    boolean send(String text) {
      if (closed) {
        return false;
      }
      if (ws.writeQueueFull()) {
        dropped++;
        LOG.info("live page client {} fell behind (over {} bytes unsent); disconnected, it will reconnect",
            ws.remoteAddress(), limits.clientBacklogBytes());
        close();
        // The connection, not a close frame: that would wait behind the backlog this client does not read.
        connection.close();
        return false;
      }
      ws.writeTextMessage(text);
      return true;
    }

    void close() {
      if (!closed) {
        closed = true;
        vertx.cancelTimer(timer);
        clients.remove(this);
      }
    }
  }
}
