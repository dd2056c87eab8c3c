package io.benchtap.bench;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One QoS 1 publishing connection of the bench: a bounded queue, at most {@code window}
 * messages in flight, every message kept until the broker acknowledged it, and after a lost
 * connection everything unacknowledged sent again in its original order (the pipeline drops the
 * resulting duplicates by their {@code seq}). The in-flight count is taken when a message is
 * handed to the client, not when its write completes (vertx-mqtt completes a publish future only
 * after the write), so a burst can never exceed the client's in-flight limit and no message is
 * re-queued out of order.
 *
 * <p>{@link #publish} may be called from any non-event-loop thread and blocks while the queue is
 * full; everything else runs on the publisher's own context.
 */
final class BenchPublisher {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BenchPublisher.class);

  private static String oneLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }

  private static final class Pending {
    final String topic;
    final byte[] payload;
    int packetId = -1;
    boolean acked;

    Pending(String topic, byte[] payload) {
      this.topic = topic;
      this.payload = payload;
    }
  }

  private final Vertx vertx;
  private final Context context;
  private final String host;
  private final int port;
  private final int window;
  private final MqttClientOptions options;
  private MqttClient client;
  private final Semaphore capacity;
  private final Deque<Pending> queue = new ArrayDeque<>();
  private final java.util.Queue<Pending> incoming = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final java.util.concurrent.atomic.AtomicBoolean scheduled = new java.util.concurrent.atomic.AtomicBoolean();
  private final Deque<Pending> outstanding = new ArrayDeque<>();
  private final Map<Integer, Pending> byId = new HashMap<>();
  private final Set<Integer> earlyAcks = new HashSet<>();
  private final List<Promise<Void>> drainWaiters = new ArrayList<>();
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong resent = new AtomicLong();
  private boolean connected;
  private boolean closing;
  private int attempt;
  private int generation;

  BenchPublisher(Vertx vertx, String host, int port, String clientId, int window, int queueLimit) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.host = host;
    this.port = port;
    this.window = Math.max(1, window);
    this.capacity = new Semaphore(Math.max(queueLimit, this.window));
    this.options = new MqttClientOptions().setClientId(clientId).setCleanSession(true)
        .setKeepAliveInterval(10).setMaxInflightQueue(this.window);
  }

  /** Connects, retrying with backoff; completes on the first connection. */
  Future<Void> start() {
    Promise<Void> first = Promise.promise();
    context.runOnContext(v -> connect(first));
    return first.future();
  }

  /** Connects with a new client each time ({@link io.benchtap.agent.ConnectionClient}). */
  private void connect(Promise<Void> first) {
    MqttClient c = io.benchtap.agent.ConnectionClient.create(vertx, options, () -> client, this::onAck, this::onClose);
    client = c;
    c.connect(port, host).onComplete(ar -> {
      if (ar.succeeded() && ar.result().code() == MqttConnectReturnCode.CONNECTION_ACCEPTED) {
        connected = true;
        attempt = 0;
        if (first != null) {
          first.tryComplete();
        }
        drain();
      } else if (closing) {
        if (first != null) {
          first.tryFail("closed before connecting");
        }
      } else {
        if (attempt == 0) {
          // One line per outage (the library's own error with its stack trace is filtered out).
          LOG.warn("broker {}:{} unreachable ({}); publishing resumes when it is back", host, port,
              ar.failed() ? oneLine(ar.cause()) : "refused: " + ar.result().code());
        }
        long cap = Math.min(2000, 100L << Math.min(attempt++, 10));
        vertx.setTimer(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1), id -> connect(first));
      }
    });
  }

  private void onClose() {
    if (!connected) {
      return;
    }
    connected = false;
    generation++;
    // Everything not acknowledged goes back to the head of the queue, in the order it was sent.
    List<Pending> unacked = new ArrayList<>();
    for (Pending p : outstanding) {
      if (!p.acked) {
        p.packetId = -1;
        unacked.add(p);
      } else {
        release(1);
      }
    }
    outstanding.clear();
    byId.clear();
    earlyAcks.clear();
    for (int i = unacked.size() - 1; i >= 0; i--) {
      queue.addFirst(unacked.get(i));
    }
    resent.addAndGet(unacked.size());
    if (!closing) {
      connect(null);
    }
  }

  private void onAck(int packetId) {
    Pending p = byId.remove(packetId);
    if (p == null) {
      earlyAcks.add(packetId);
      return;
    }
    p.acked = true;
    settle();
  }

  private void settle() {
    int n = 0;
    while (!outstanding.isEmpty() && outstanding.peekFirst().acked) {
      outstanding.pollFirst();
      n++;
    }
    release(n);
    drain();
  }

  private void release(int n) {
    if (n > 0) {
      acked.addAndGet(n);
      capacity.release(n);
    }
  }

  private void drain() {
    while (connected && outstanding.size() < window && !queue.isEmpty()) {
      Pending p = queue.poll();
      outstanding.addLast(p);
      int gen = generation;
      client.publish(p.topic, Buffer.buffer(p.payload), MqttQoS.AT_LEAST_ONCE, false, false).onSuccess(id -> {
        if (gen != generation) {
          return;
        }
        p.packetId = id;
        if (earlyAcks.remove(id)) {
          p.acked = true;
          settle();
        } else {
          byId.put(id, p);
        }
      });
      // A failed write means a closing connection: onClose puts the message back in order.
    }
    if (queue.isEmpty() && outstanding.isEmpty() && !drainWaiters.isEmpty()) {
      List<Promise<Void>> done = new ArrayList<>(drainWaiters);
      drainWaiters.clear();
      done.forEach(Promise::tryComplete);
    }
  }

  /** Queues a message; blocks while the queue is full. Not for event-loop threads. */
  void publish(String topic, String payload) throws InterruptedException {
    capacity.acquire();
    incoming.add(new Pending(topic, payload.getBytes(StandardCharsets.UTF_8)));
    // One context task takes whatever has accumulated, rather than one task per message.
    if (scheduled.compareAndSet(false, true)) {
      context.runOnContext(v -> {
        scheduled.set(false);
        for (Pending p; (p = incoming.poll()) != null; ) {
          queue.add(p);
        }
        drain();
      });
    }
  }

  /** Completes when every queued message has been acknowledged. */
  Future<Void> drained() {
    Promise<Void> p = Promise.promise();
    context.runOnContext(v -> {
      for (Pending x; (x = incoming.poll()) != null; ) {
        queue.add(x);
      }
      drainWaiters.add(p);
      drain();
    });
    return p.future();
  }

  long acknowledged() {
    return acked.get();
  }

  long resent() {
    return resent.get();
  }

  /** Disconnects (what is still queued is dropped; call {@link #drained} first). */
  Future<Void> close() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      closing = true;
      if (!client.isConnected()) {
        done.complete();
        return;
      }
      client.disconnect().timeout(3, java.util.concurrent.TimeUnit.SECONDS).onComplete(ar -> done.complete());
    });
    return done.future();
  }
}
