package io.benchtap.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A few QoS 1 connections to the broker, each a {@link BenchPublisher} (bounded queue, bounded
 * in-flight window, resend in order after a reconnect). Stream k always uses connection {@code k % n}, so
 * the messages of one stream keep their order. {@link #publish} blocks while that connection's
 * queue is full.
 */
public final class Publishers implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final List<BenchPublisher> pubs = new ArrayList<>();
  private final AtomicLong sent = new AtomicLong();

  /**
   * @param idPrefix client ids are {@code idPrefix-j}
   * @param window QoS 1 messages in flight per connection
   */
  public Publishers(String host, int port, String idPrefix, int connections, int window) {
    for (int j = 0; j < Math.max(1, connections); j++) {
      String id = idPrefix + "-" + j;
      pubs.add(new BenchPublisher(vertx, host, port, id, window, Math.max(window * 4, 256)));
    }
  }

  /** Connects every connection (retrying until the timeout). */
  public void start(Duration timeout) throws Exception {
    List<Future<Void>> all = new ArrayList<>();
    pubs.forEach(p -> all.add(p.start()));
    Future.all(all).toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Queues a message on the stream's connection; blocks while its queue is full. */
  public void publish(int stream, String topic, String payload) throws InterruptedException {
    pubs.get(Math.floorMod(stream, pubs.size())).publish(topic, payload);
    sent.incrementAndGet();
  }

  /** Messages queued so far. */
  public long sent() {
    return sent.get();
  }

  /** Messages the broker acknowledged so far. */
  public long acknowledged() {
    return pubs.stream().mapToLong(BenchPublisher::acknowledged).sum();
  }

  /** Messages sent again after a lost connection. */
  public long resent() {
    return pubs.stream().mapToLong(BenchPublisher::resent).sum();
  }

  /** Waits until the broker acknowledged everything queued; false on timeout. */
  public boolean drained(Duration timeout) {
    List<Future<Void>> all = new ArrayList<>();
    pubs.forEach(p -> all.add(p.drained()));
    try {
      Future.all(all).toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  @Override
  public void close() {
    List<Future<Void>> all = new ArrayList<>();
    pubs.forEach(p -> all.add(p.close()));
    try {
      Future.join(all).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      // best effort: the broker may be gone already
    }
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // best effort
    }
  }
}
