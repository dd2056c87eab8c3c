package io.benchtap.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
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
 * <p>Formats: OpenMetrics 1.0 when the Accept header names {@code application/openmetrics-text}
 * (what Prometheus asks for), else the Prometheus text format 0.0.4. A render that fails answers
 * 500 to every request waiting for it. Not thread-safe: used on its verticle's event loop only.
 */
final class MetricsEndpoint implements Handler<RoutingContext> {
  /** Name of the rendering thread (the worker pool of one thread). */
  static final String THREAD_NAME = "benchtap-scrape";

  private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);

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

  private final PrometheusMeterRegistry registry;
  private final WorkerExecutor executor;
  private final Map<Format, Future<Buffer>> inProgress = new EnumMap<>(Format.class);
  /** Size of the last render of each format: the next one's buffer starts at that size (no regrowth copies). */
  private final int[] lastSize = new int[Format.values().length];

  MetricsEndpoint(Vertx vertx, PrometheusMeterRegistry registry) {
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
        ctx.response().putHeader("Content-Type", format.contentType).end(ar.result());
      } else {
        LOG.warn("/metrics: rendering failed: {}", ar.cause().toString());
        ctx.fail(500, ar.cause());
      }
    });
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
