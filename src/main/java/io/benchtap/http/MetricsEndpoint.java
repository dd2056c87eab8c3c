package io.benchtap.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.OutputStream;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics}. The exposition is rendered on a thread of its own
 * ({@value #THREAD_NAME}), never on the event loop: with tens of thousands of series a render
 * takes hundreds of milliseconds to seconds, and the event loop it would block also serves
 * /health, the live page and, when Vert.x puts them on the same loop, pipeline workers. The
 * series themselves are read without a lock ({@code LiveSeries} is a concurrent map), so the
 * pipeline keeps updating them while a render runs.
 *
 * <p>Concurrent scrapes do not pile up: a request that arrives while a render of the same format
 * is in progress gets that render's result (a snapshot at most one render old), so at most one
 * render per format runs or waits, however many clients scrape. Nothing is cached beyond the
 * render in progress.
 *
 * <p>The body is written in small slices, a few per turn of the event loop (see {@link #send}):
 * the event loop's share of a scrape is copying bytes to the socket, in pieces.
 *
 * <p>Formats: OpenMetrics 1.0 when the Accept header names {@code application/openmetrics-text}
 * (what Prometheus asks for), else the Prometheus text format 0.0.4. A render that fails answers
 * 500 to every request waiting for it. Not thread-safe: used on its verticle's event loop only.
 */
final class MetricsEndpoint implements Handler<RoutingContext> {
  /** Name of the rendering thread (the worker pool of one thread). */
  static final String THREAD_NAME = "benchtap-scrape";

  private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);
  /** Bytes per write of the response body. */
  private static final int SLICE = 64 * 1024;
  /** Writes per turn of the event loop. */
  private static final int SLICES_PER_TURN = 4;

  /** The two formats, each with the Accept header it is rendered with and the Content-Type it is answered with. */
  enum Format {
    OPENMETRICS("application/openmetrics-text; version=1.0.0", "application/openmetrics-text; version=1.0.0; charset=utf-8"),
    TEXT("text/plain; version=0.0.4", "text/plain; version=0.0.4; charset=utf-8");

    final String accept;
    final String contentType;

    Format(String accept, String contentType) {
      this.accept = accept;
      this.contentType = contentType;
    }

    static Format of(String acceptHeader) {
      return acceptHeader != null && acceptHeader.contains("application/openmetrics-text") ? OPENMETRICS : TEXT;
    }
  }

  private final Vertx vertx;
  private final PrometheusMeterRegistry registry;
  private final WorkerExecutor executor;
  private final Map<Format, Future<Buffer>> inProgress = new EnumMap<>(Format.class);
  /** Size of the last render of each format: the next one's buffer starts at that size (no regrowth copies). */
  private final int[] lastSize = new int[Format.values().length];

  MetricsEndpoint(Vertx vertx, PrometheusMeterRegistry registry) {
    this.vertx = vertx;
    this.registry = registry;
    // One thread: renders of the two formats never compete with each other for the CPU, and a
    // render never takes a thread of the shared worker pool (the file sink's writes).
    this.executor = vertx.createSharedWorkerExecutor(THREAD_NAME, 1, 5, TimeUnit.MINUTES);
  }

  @Override
  public void handle(RoutingContext ctx) {
    Format format = Format.of(ctx.request().getHeader("Accept"));
    render(format).onComplete(ar -> {
      if (ctx.response().closed()) {
        return;
      }
      if (ar.succeeded()) {
        Buffer body = ar.result();
        ctx.response().putHeader("Content-Type", format.contentType).putHeader("Content-Length", String.valueOf(body.length()));
        send(vertx.getOrCreateContext(), ctx.response(), body, 0);
      } else {
        LOG.warn("/metrics: rendering failed: {}", ar.cause().toString());
        ctx.fail(500, ar.cause());
      }
    });
  }

  /**
   * Writes the body from {@code from} in slices of {@value #SLICE} bytes, at most
   * {@value #SLICES_PER_TURN} per turn of the event loop, and waits for the connection to drain
   * when its queue is full. One write of the whole body would make Netty allocate, zero and fill
   * a direct buffer of its size on the event loop, and write it in one go (with 8 MB and four
   * concurrent scrapes on a loaded machine the loop was blocked for up to 200 ms at a time); a
   * slice is copied into a small pooled buffer, and other work of the loop runs between turns.
   * Slices share the rendered buffer, which every waiting request sends.
   */
  private static void send(Context context, HttpServerResponse response, Buffer body, int from) {
    int pos = from;
    for (int n = 0; pos < body.length(); n++) {
      if (response.closed()) {
        return;
      }
      if (response.writeQueueFull()) {
        int resume = pos;
        response.drainHandler(v -> send(context, response, body, resume));
        return;
      }
      if (n == SLICES_PER_TURN) {
        int resume = pos;
        context.runOnContext(v -> send(context, response, body, resume));
        return;
      }
      int end = Math.min(body.length(), pos + SLICE);
      response.write(body.slice(pos, end));
      pos = end;
    }
    response.end();
  }

  /** The render in progress for this format, or a new one. */
  Future<Buffer> render(Format format) {
    Future<Buffer> running = inProgress.get(format);
    if (running != null) {
      return running;
    }
    int hint = lastSize[format.ordinal()];
    Future<Buffer> started = executor.executeBlocking(() -> {
      Buffer out = Buffer.buffer(hint + hint / 8 + 4096);
      registry.scrape(new BufferOutputStream(out), format.accept);
      return out;
    }, false);
    inProgress.put(format, started);
    // Completes on this event loop (the caller's context), before or after the waiting requests'
    // handlers: either way the next request starts a new render.
    started.onComplete(ar -> {
      inProgress.remove(format);
      if (ar.succeeded()) {
        lastSize[format.ordinal()] = ar.result().length();
      }
    });
    return started;
  }

  Future<Void> close() {
    return executor.close();
  }

  /** Appends what the exposition writer writes to a Vert.x buffer, which the response sends as it is. */
  private static final class BufferOutputStream extends OutputStream {
    private final Buffer buffer;

    BufferOutputStream(Buffer buffer) {
      this.buffer = buffer;
    }

    @Override
    public void write(int b) {
      buffer.appendByte((byte) b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      buffer.appendBytes(b, off, len);
    }
  }
}
