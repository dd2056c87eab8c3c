package io.benchtap.http;

import io.benchtap.model.Measurement;
import io.benchtap.model.MeasurementBatch;
import io.benchtap.model.MeasurementJson;
import io.benchtap.pipeline.PipelineVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
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
 * (JSON) and {@code GET /api/live/events} (Server-Sent Events: {@code measurement} with the
 * measurements of one batch as a JSON array, {@code run} with a run's new state, a comment as
 * heartbeat). Every event carries an {@code id}, and the snapshot the {@code seq} of the last
 * event it includes, so a page can open the stream, load the snapshot and skip what it already
 * has. A client whose unsent backlog passes {@link Limits#clientBacklogBytes()} is disconnected
 * (its page reconnects and reloads the snapshot): nothing here blocks or grows without bound.
 *
 * <p>With {@code http.token} set, these routes (under /api) need the bearer token like the rest
 * of /api, while the page at / stays public; a browser cannot send the token, so the page only
 * says so when the snapshot answers 401 (passing the token from the page is out of scope).
 *
 * <p>Create, start and mount it on one event-loop context (the HTTP verticle's): the view is not
 * synchronized.
 */
public final class LiveFeed {
  private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);
  private static final Buffer HEARTBEAT = Buffer.buffer(": heartbeat\n\n");

  /**
   * Bounds of the live view and of its clients.
   *
   * @param pointsPerSeries interval points kept per series
   * @param maxSeries interval series kept (and, separately, final values kept)
   * @param maxRuns runs kept (running or ended)
   * @param maxClients event-stream clients served at once
   * @param clientBacklogBytes unsent bytes a client may have queued before it is dropped
   * @param heartbeatMs period of the heartbeat comment
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

  /** Adds {@code GET /api/live/snapshot} and {@code GET /api/live/events} to the router. */
  public void mount(Router router) {
    router.get("/api/live/snapshot").handler(this::snapshot);
    router.get("/api/live/events").handler(this::events);
  }

  /**
   * Serves the live page ({@code /} and {@code /index.html}) with the current snapshot in it, so
   * that the first response already shows the runs, charts and final values: the page draws them
   * before (and without) its event stream. Only without {@code http.token}: the page is public,
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

  /** Event-stream clients connected now. */
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
    List<Buffer> out = new ArrayList<>(runs.size() + 1);
    JsonArray ms = new JsonArray();
    for (Measurement m : batch.measurements()) {
      if (LiveView.showable(m)) {
        ms.add(MeasurementJson.of(m));
      }
    }
    for (JsonObject r : runs) {
      out.add(event("run", r.encode()));
    }
    if (!ms.isEmpty()) {
      out.add(event("measurement", ms.encode()));
    }
    for (Client c : List.copyOf(clients)) {
      for (Buffer b : out) {
        if (!c.send(b)) {
          break;
        }
      }
    }
  }

  private Buffer event(String name, String data) {
    return Buffer.buffer("id: " + (++seq) + "\nevent: " + name + "\ndata: " + data + "\n\n");
  }

  private void snapshot(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").putHeader("Cache-Control", "no-store")
        .end(snapshot().encode());
  }

  private void events(RoutingContext ctx) {
    HttpServerResponse resp = ctx.response();
    if (clients.size() >= limits.maxClients()) {
      resp.setStatusCode(503).putHeader("Retry-After", "10").end("too many live page clients\n");
      return;
    }
    resp.setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .putHeader("X-Accel-Buffering", "no");
    resp.setWriteQueueMaxSize(limits.clientBacklogBytes());
    Client c = new Client(ctx);
    clients.add(c);
    resp.closeHandler(v -> c.close());
    resp.exceptionHandler(e -> c.close());
    // The first write sends the headers: the page's EventSource opens, then it loads the snapshot.
    c.send(Buffer.buffer("retry: 3000\n: seq " + seq + "\n\n"));
  }

  /** Ends every event stream and stops listening; for shutdown. */
  public Future<Void> close() {
    for (Client c : List.copyOf(clients)) {
      c.close();
      try {
        c.ctx.response().end();
      } catch (IllegalStateException e) {
        // already ended or closed
      }
    }
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  /** One connected event-stream client: its response and its heartbeat timer. */
  private final class Client {
    final RoutingContext ctx;
    final long timer;
    boolean closed;

    Client(RoutingContext ctx) {
      this.ctx = ctx;
      this.timer = vertx.setPeriodic(limits.heartbeatMs(), id -> send(HEARTBEAT));
    }

    /** Writes unless the client is too far behind, in which case it is disconnected; false then. */
    boolean send(Buffer b) {
      if (closed) {
        return false;
      }
      HttpServerResponse resp = ctx.response();
      if (resp.writeQueueFull()) {
        dropped++;
        LOG.info("live page client {} fell behind (over {} bytes unsent); disconnected, it will reconnect",
            ctx.request().remoteAddress(), limits.clientBacklogBytes());
        close();
        ctx.request().connection().close();
        return false;
      }
      resp.write(b);
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
