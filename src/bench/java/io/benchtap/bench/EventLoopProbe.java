package io.benchtap.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * How late the event loops of a Vert.x instance run a timer: on each event loop a one-shot timer
 * of {@code periodMs} re-arms itself, and each firing records how much later than due it ran. A
 * handler that blocks its loop for a second shows as a lag of about a second on that loop. The
 * figures are the lags since the last {@link #reset()}: their maximum and percentiles over all
 * loops, corrected for the firings a blocked loop swallowed ({@link LoopLags}). Lags include the
 * timer's own granularity (Netty's scheduler: well under a millisecond).
 */
final class EventLoopProbe implements AutoCloseable {
  /**
   * Lags of one interval, in milliseconds, and how many event loops were probed; {@code perLoopMax}
   * is the largest lag of each loop, largest first. One blocked loop stands out there, while a GC
   * pause or a CPU taken by other processes delays every loop alike.
   */
  record Lag(long samples, double p50, double p99, double max, int loops, List<Double> perLoopMax) {}

  private final Vertx vertx;
  private final long periodNanos;
  private final Set<String> threads = ConcurrentHashMap.newKeySet();
  private final LoopLags lags;
  private volatile boolean running = true;

  private final String deployment;

  /**
   * @param loops instances of a probe verticle to deploy; Vert.x gives each its own context on
   *     the next event loop in turn, so as many as the pool has (2 x cores by default) cover
   *     every loop
   */
  EventLoopProbe(Vertx vertx, int loops, long periodMs) throws Exception {
    this.vertx = vertx;
    this.periodNanos = TimeUnit.MILLISECONDS.toNanos(periodMs);
    this.lags = new LoopLags(periodMs);
    deployment = vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        threads.add(Thread.currentThread().getName());
        arm(System.nanoTime() + periodNanos);
        return Future.succeededFuture();
      }
    }, new DeploymentOptions().setInstances(loops)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private void arm(long due) {
    if (!running) {
      return;
    }
    vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(due - System.nanoTime())), id -> {
      long now = System.nanoTime();
      long micros = Math.max(0, (now - due) / 1000);
      synchronized (this) {
        lags.record(Thread.currentThread().getName(), micros);
      }
      arm(now + periodNanos);
    });
  }

  /** Starts a new interval: forgets the lags seen so far. */
  synchronized void reset() {
    lags.reset();
  }

  /** The lags since the last {@link #reset()}. */
  synchronized Lag lag() {
    return lags.lag(threads.size());
  }

  @Override
  public void close() {
    running = false;
    vertx.undeploy(deployment);
  }
}
