package io.benchtap.sink.influx;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import com.influxdb.client.WriteApiBlocking;
import com.influxdb.client.domain.WritePrecision;
import io.benchtap.sink.SinkHealth;
import io.benchtap.sink.durable.AppendLog;
import io.benchtap.sink.durable.AppendLogSink;
import io.benchtap.sink.durable.LogPosition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes measurements to InfluxDB 2 (or anything that speaks its /api/v2/write line protocol).
 * Every point goes first to the spool on local disk ({@code influx.spoolDir}, an
 * {@link AppendLog}: group commit, fsync with {@code influx.fsync}); a sender thread posts the
 * spooled points in order, in batches, with influxdb-client-java's blocking write API, and moves
 * its cursor ({@code influx.cursor}) past them only once InfluxDB has acknowledged them. Failed
 * posts are retried with exponential backoff and jitter; nothing is dropped.
 *
 * <p>When is a write held? With {@code influx.ack=spool} (the default) once it is in the spool:
 * InfluxDB may be away for hours, and the points survive a crash of benchtap. With
 * {@code influx.ack=store} only once InfluxDB has acknowledged it: an InfluxDB that fails stops
 * the acknowledgements (back-pressure through the broker). A post that InfluxDB took just before
 * a crash, before the cursor moved, is posted again after the restart: InfluxDB keeps one point
 * per series and timestamp, so that is not a duplicate. The token is never logged.
 */
public final class InfluxSink extends AppendLogSink {
  private static final Logger LOG = LoggerFactory.getLogger(InfluxSink.class);

  private final Vertx vertx;
  private final InfluxConfig config;
  private final InfluxDBClient client;
  private final WriteApiBlocking writeApi;
  private final SpoolFiles files;
  private final AppendLog log;
  private final Thread sender;
  private final Object signal = new Object();
  private final PriorityQueue<Waiter> waiters = new PriorityQueue<>((a, b) -> a.position().compareTo(b.position()));
  private final AtomicLong pending = new AtomicLong();
  private final AtomicLong spooledBytes = new AtomicLong();
  private final Counter points;
  private final Counter posts;
  private final Counter retries;
  private final Timer latency;
  private volatile LogPosition cursor;
  private volatile boolean closing;
  private volatile String lastError;
  private volatile long failingSinceNanos;

  /** A write that is held only once InfluxDB has the data up to {@code position} ({@code influx.ack=store}). */
  private record Waiter(LogPosition position, Promise<Void> promise, Context context) {}

  /**
   * Opens the spool (reading the marks written since the last acknowledged point, cutting off a
   * write that did not complete) and starts the sender.
   *
   * @param unacked arrival time of the oldest unacknowledged message ({@code Unacked.NONE} without MQTT)
   * @throws IllegalStateException when the spool directory is not usable
   */
  public InfluxSink(Vertx vertx, InfluxConfig config, MeterRegistry registry, LongSupplier unacked) {
    super("influx", registry);
    this.vertx = vertx;
    this.config = config;
    InfluxDBClientOptions.Builder options = InfluxDBClientOptions.builder()
        .url(config.url()).org(config.org()).bucket(config.bucket());
    if (config.token() != null) {
      options.authenticateToken(config.token().toCharArray());
    }
    this.client = InfluxDBClientFactory.create(options.build());
    this.writeApi = client.getWriteApiBlocking();
    Path dir = Path.of(config.spoolDir());
    this.files = new SpoolFiles(dir, SpoolFiles.SEGMENT_BYTES);
    this.points = counter(registry, "benchtap.sink.points", "Points taken into the spool");
    this.posts = counter(registry, "benchtap.sink.posts", "Batches InfluxDB acknowledged");
    // The same counter as the spool's failed writes: both are writes kept and retried.
    this.retries = counter(registry, "benchtap.sink.retries", "Failed writes; the batches are kept and the write is retried");
    this.latency = Timer.builder("benchtap.sink.post").tag("sink", "influx").description("Time of one post to InfluxDB")
        .register(registry);
    registry.gauge("benchtap.queue.depth", Tags.of("queue", "influx"), pending, AtomicLong::get);
    registry.gauge("benchtap.sink.spool.bytes", Tags.of("sink", "influx"), spooledBytes, AtomicLong::get);
    io.micrometer.core.instrument.Gauge.builder("benchtap.sink.failing", this,
            s -> s.lastError == null ? 0 : (System.nanoTime() - s.failingSinceNanos) / 1e9)
        .tags("sink", "influx", "part", "store").baseUnit("seconds")
        .description("How long posts to InfluxDB have been failing (0 while they succeed)").register(registry);
    this.log = new AppendLog(new AppendLog.Options("influx", dir, files, config.fsync(),
        Duration.ofMillis(500), Duration.ofSeconds(10), this::admit), unacked, registry);
    try {
      Files.createDirectories(dir);
      files.migrateLegacy();
      open(log);
      LogPosition c = files.readCursor();
      List<Path> segs = files.files();
      this.cursor = c != null ? c : new LogPosition(segs.isEmpty() ? files.segment(1) : segs.get(0), 0);
      LogPosition end = log.committed();
      if (end != null && cursor.compareTo(end) < 0) {
        try (SpoolReader reader = new SpoolReader(files)) {
          pending.set(reader.count(cursor, end));
        }
        spooledBytes.set(spooled(end));
        LOG.info("influx sink: {} point(s) spooled by an earlier run are sent first", pending.get());
      }
    } catch (IOException | RuntimeException e) {
      client.close();
      throw new IllegalStateException("influx.spoolDir " + config.spoolDir() + " is not usable: " + AppendLog.describe(e), e);
    }
    log.onCommit(() -> {
      synchronized (signal) {
        signal.notifyAll();
      }
    });
    this.sender = new Thread(this::sendLoop, "benchtap-influx-sender");
    sender.setDaemon(true);
    sender.start();
    LOG.info("influx sink: {} org={} bucket={} spool={} ack={}", config.url(), config.org(), config.bucket(),
        config.spoolDir(), config.ack());
  }

  private Counter counter(MeterRegistry registry, String name, String description) {
    return Counter.builder(name).tag("sink", "influx").description(description).register(registry);
  }

  /** The spool may not grow beyond influx.spoolMaxBytes: then writes wait, their messages unacknowledged. */
  private String admit(long bytes) {
    long now = spooledBytes.get();
    return now > 0 && now + bytes > config.spoolMaxBytes()
        ? "spool full: " + now + " bytes waiting for InfluxDB (influx.spoolMaxBytes " + config.spoolMaxBytes() + ")"
        : null;
  }

  @Override
  public boolean backlogged() {
    return log.failure() != null || (config.storeAck() && lastError != null);
  }

  @Override
  protected Future<Void> appended(LogPosition end, int n, long bytes) {
    points.increment(n);
    pending.addAndGet(n);
    spooledBytes.addAndGet(bytes);
    return config.storeAck() ? stored(end) : Future.succeededFuture();
  }

  /** Completes once InfluxDB has acknowledged everything up to {@code end}. */
  private Future<Void> stored(LogPosition end) {
    synchronized (waiters) {
      if (cursor.compareTo(end) >= 0) {
        return Future.succeededFuture();
      }
      Promise<Void> p = Promise.promise();
      waiters.add(new Waiter(end, p, Vertx.currentContext()));
      return p.future();
    }
  }

  private void releaseWaiters(LogPosition upTo) {
    List<Waiter> done = new ArrayList<>();
    synchronized (waiters) {
      while (!waiters.isEmpty() && waiters.peek().position().compareTo(upTo) <= 0) {
        done.add(waiters.poll());
      }
    }
    for (Waiter w : done) {
      if (w.context() == null) {
        w.promise().complete();
      } else {
        w.context().runOnContext(v -> w.promise().complete());
      }
    }
  }

  private void sendLoop() {
    int attempt = 0;
    long lastPost = 0;
    try (SpoolReader reader = new SpoolReader(files)) {
      while (true) {
        LogPosition end = log.committed();
        boolean caughtUp = end == null || cursor.compareTo(end) >= 0;
        // Without waiters, small batches wait up to influx.flushIntervalMs for more points.
        boolean linger = !caughtUp && !closing && !config.storeAck() && pending.get() < config.batchSize()
            && System.nanoTime() - lastPost < TimeUnit.MILLISECONDS.toNanos(config.flushIntervalMs());
        if (caughtUp || linger) {
          if (caughtUp && closing) {
            return;
          }
          synchronized (signal) {
            signal.wait(caughtUp ? 200 : Math.max(1, config.flushIntervalMs() / 4));
          }
          continue;
        }
        SpoolReader.Batch batch;
        try {
          batch = reader.read(cursor, end, config.batchSize());
        } catch (IOException e) {
          lastError = "spool: " + AppendLog.describe(e);
          LOG.error("influx sink: cannot read the spool: {}", lastError);
          sleep(1000);
          continue;
        }
        if (!batch.lines().isEmpty()) {
          try {
            long start = System.nanoTime();
            writeApi.writeRecords(WritePrecision.NS, batch.lines());
            latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
          } catch (RuntimeException e) {
            retries.increment();
            if (lastError == null) {
              failingSinceNanos = System.nanoTime();
            }
            lastError = summary(e);
            if (attempt == 0) {
              LOG.warn("influx write to {} failed ({}); {} point(s) kept in the spool, retrying with backoff", config.url(),
                  lastError, pending.get());
            }
            if (closing && attempt >= 2) {
              LOG.warn("influx sink closing with {} point(s) kept in {} for the next start", pending.get(), config.spoolDir());
              return;
            }
            long cap = Math.min(config.maxRetryDelayMs(), (long) config.retryIntervalMs() << Math.min(attempt, 16));
            attempt++;
            sleep(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
            continue;
          }
          posts.increment();
          pending.addAndGet(-batch.lines().size());
          if (attempt > 0) {
            LOG.info("influx sink: InfluxDB takes points again after {} failed attempt(s)", attempt);
          }
          attempt = 0;
          lastError = null;
          lastPost = System.nanoTime();
        }
        advance(batch.next());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      LOG.error("influx sink sender stopped: {}", e.toString());
    }
  }

  /** Moves the cursor (persisted: a restart sends from there), releases waiters, removes sent segments. */
  private void advance(LogPosition next) {
    LogPosition before = cursor;
    cursor = next;
    try {
      files.writeCursor(next);
    } catch (IOException e) {
      LOG.warn("influx sink: cursor not saved ({}); a restart sends some points again", e.toString());
    }
    releaseWaiters(next);
    if (!next.file().equals(before.file())) {
      removeSent();
    }
    LogPosition end = log.committed();
    spooledBytes.set(end == null ? 0 : spooled(end));
  }

  /** Segments before both the cursor and the log's horizon (their marks are no longer needed). */
  private void removeSent() {
    LogPosition horizon = log.horizon();
    if (horizon == null) {
      return;
    }
    try {
      for (Path p : files.files()) {
        if (p.getFileName().toString().compareTo(cursor.file().getFileName().toString()) >= 0
            || p.getFileName().toString().compareTo(horizon.file().getFileName().toString()) >= 0) {
          break;
        }
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      LOG.warn("influx sink: cannot remove sent spool segments: {}", e.toString());
    }
  }

  /** Bytes between the cursor and {@code end}. */
  private long spooled(LogPosition end) {
    try {
      long total = 0;
      for (Path p : files.files()) {
        String name = p.getFileName().toString();
        if (name.compareTo(cursor.file().getFileName().toString()) < 0) {
          continue;
        }
        long size = name.equals(end.file().getFileName().toString()) ? end.offset() : Files.size(p);
        if (name.equals(cursor.file().getFileName().toString())) {
          size -= cursor.offset();
        }
        total += Math.max(0, size);
        if (name.equals(end.file().getFileName().toString())) {
          break;
        }
      }
      return total;
    } catch (IOException e) {
      return spooledBytes.get();
    }
  }

  private static void sleep(long ms) throws InterruptedException {
    Thread.sleep(ms);
  }

  private static String summary(Throwable t) {
    String msg = t.getMessage() == null ? "" : t.getMessage().replaceAll("\\s+", " ");
    return t.getClass().getSimpleName() + (msg.isEmpty() ? "" : ": " + (msg.length() > 200 ? msg.substring(0, 200) : msg));
  }

  @Override
  public SinkHealth health() {
    String spoolErr = log.failure();
    if (spoolErr != null) {
      return SinkHealth.down("cannot write the spool for " + Math.round(log.failingSeconds()) + " s (" + spoolErr + "); "
          + log.queued() + " batch(es) wait, their messages unacknowledged");
    }
    String err = lastError;
    long queued = pending.get();
    return err == null ? SinkHealth.up(queued + " point(s) spooled, " + spooledBytes.get() + " bytes")
        : SinkHealth.down("last write failed: " + err + "; " + queued + " point(s) kept in the spool");
  }

  @Override
  public Future<Void> close() {
    return vertx.executeBlocking(() -> {
      log.close(Duration.ofSeconds(10));
      closing = true;
      synchronized (signal) {
        signal.notifyAll();
      }
      sender.join(TimeUnit.SECONDS.toMillis(30));
      if (sender.isAlive()) {
        sender.interrupt();
      }
      client.close();
      return null;
    }, false);
  }
}
