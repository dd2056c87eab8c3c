package io.benchtap.agent;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's MQTT side: publishes with QoS 1 from a bounded local queue and keeps every message
 * until the broker has acknowledged it. When the connection drops, the unacknowledged messages go
 * back to the head of the queue, in order, and are sent again after the reconnect (the pipeline
 * drops the resulting duplicates by their {@code seq} header). Each connection attempt uses a new
 * MQTT client, so no connection inherits another's in-flight accounting. Connects with a retained
 * {@code offline} last will on {@code {prefix}/{device}/agent} and publishes a retained
 * {@code online} there on every connect.
 *
 * <p>Threads: {@link #publish} may be called from any thread except a Vert.x event loop; it
 * blocks while the queue is full (back-pressure to the benchmark's output reader rather than
 * losing lines). Everything else runs on the publisher's own Vert.x context.
 */
public final class AgentPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(AgentPublisher.class);
  /** Pause before a write that failed while connected is tried again. */
  private static final long RETRY_FAILED_MS = 100;

  /** Connection settings of the agent. */
  public record Settings(String host, int port, String clientId, String username, String password,
      boolean tls, String caFile, String agentTopic, int queueLimit, int window) {}

  private record Pending(String topic, byte[] payload, boolean retain, boolean counted) {}

  private final Vertx vertx;
  private final Context context;
  private final Settings settings;
  private final MqttClientOptions options;
  /** The client of the current connection or connection attempt; a new one for each attempt. */
  private MqttClient client;
  private final Semaphore capacity;
  private final Deque<Pending> queue = new ArrayDeque<>();
  private final Map<Integer, Pending> inflight = new LinkedHashMap<>();
  private final Map<Integer, Long> inflightOrder = new java.util.HashMap<>();
  private final List<Promise<Void>> drainWaiters = new ArrayList<>();
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong resent = new AtomicLong();
  private final java.util.TreeMap<Long, Pending> failed = new java.util.TreeMap<>();
  private int sending;
  private long sendOrder;
  private boolean connected;
  private boolean closing;
  private int attempt;
  private volatile int inFlightCount;

  public AgentPublisher(Vertx vertx, Settings settings) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.settings = settings;
    this.capacity = new Semaphore(settings.queueLimit());
    MqttClientOptions o = new MqttClientOptions()
        .setClientId(settings.clientId())
        .setCleanSession(true)
        .setKeepAliveInterval(10)
        // One slot more than the window: the retained "online" state of each connection is
        // published beside the queue and holds a slot of the client until its PUBACK.
        .setMaxInflightQueue(Math.max(settings.window(), 1) + 1)
        .setWillFlag(true)
        .setWillTopic(settings.agentTopic())
        .setWillMessageBytes(Buffer.buffer("offline"))
        .setWillQoS(1)
        .setWillRetain(true);
    if (settings.username() != null) {
      o.setUsername(settings.username());
    }
    if (settings.password() != null) {
      o.setPassword(settings.password());
    }
    if (settings.tls()) {
      o.setSsl(true);
      o.setHostnameVerificationAlgorithm("HTTPS");
      if (settings.caFile() != null) {
        o.setTrustOptions(new PemTrustOptions().addCertPath(settings.caFile()));
      }
    }
    this.options = o;
  }

  /** Connects (retrying with backoff until it works); completes on the first connection. */
  public Future<Void> start() {
    Promise<Void> first = Promise.promise();
    context.runOnContext(v -> connect(first));
    return first.future();
  }

  /** One connection attempt, with a client of its own ({@link ConnectionClient}). */
  private void connect(Promise<Void> first) {
    MqttClient c = ConnectionClient.create(vertx, options, () -> client, this::onAck, this::onClose);
    client = c;
    c.connect(settings.port(), settings.host()).onComplete(ar -> {
      if (ar.succeeded() && ar.result().code() == MqttConnectReturnCode.CONNECTION_ACCEPTED) {
        if (closing) {
          // close() ran while this attempt was under way: nothing may be sent any more.
          c.disconnect();
          if (first != null) {
            first.tryFail("closed before connecting");
          }
          return;
        }
        connected = true;
        attempt = 0;
        c.publish(settings.agentTopic(), Buffer.buffer("online"), MqttQoS.AT_LEAST_ONCE, false, true);
        LOG.info("agent connected to {}:{} as {}", settings.host(), settings.port(), settings.clientId());
        if (first != null) {
          first.tryComplete();
        }
        drain();
      } else {
        String why = ar.failed() ? ar.cause().toString() : "refused: " + ar.result().code();
        if (first != null && attempt == 0) {
          LOG.warn("agent cannot reach the broker at {}:{} ({}); retrying", settings.host(), settings.port(), why);
        }
        retry(first);
      }
    });
  }

  private void retry(Promise<Void> first) {
    if (closing) {
      if (first != null) {
        first.tryFail("closed before connecting");
      }
      return;
    }
    long cap = Math.min(10_000, 200L << Math.min(attempt, 10));
    attempt++;
    vertx.setTimer(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1), id -> connect(first));
  }

  private void onClose() {
    if (!connected) {
      return;
    }
    connected = false;
    // Everything not acknowledged goes back to the head of the queue, in the order it was sent,
    // together with writes that failed (drain() puts them back once no write is outstanding).
    int unacked = inflight.size();
    inflight.forEach((id, p) -> failed.put(inflightOrder.get(id), p));
    inflight.clear();
    inflightOrder.clear();
    inFlightCount = 0;
    resent.addAndGet(unacked);
    if (!closing) {
      LOG.warn("agent lost the broker; {} message(s) will be sent again after reconnecting", unacked);
      retry(null);
    }
  }

  private void onAck(int packetId) {
    Pending p = inflight.remove(packetId);
    inflightOrder.remove(packetId);
    inFlightCount = inflight.size();
    if (p != null && p.counted()) {
      acked.incrementAndGet();
      capacity.release();
    }
    drain();
  }

  private void drain() {
    // Messages whose write failed go back to the head of the queue in their original order, once
    // no write is outstanding any more (so a later failure cannot overtake an earlier one).
    if (sending == 0 && !failed.isEmpty()) {
      List<Pending> back = new ArrayList<>(failed.values());
      failed.clear();
      for (int i = back.size() - 1; i >= 0; i--) {
        queue.addFirst(back.get(i));
      }
    }
    // A message counts against the window from the moment it is handed to the client, not only
    // once the write completed: otherwise a burst overruns the client's in-flight limit.
    while (connected && inflight.size() + sending < settings.window() && !queue.isEmpty()) {
      Pending p = queue.poll();
      long order = sendOrder++;
      sending++;
      MqttClient c = client;
      c.publish(p.topic(), Buffer.buffer(p.payload()), MqttQoS.AT_LEAST_ONCE, false, p.retain())
          .onComplete(ar -> {
            sending--;
            // Written on a connection that is gone by now (its PUBACK can never come): send it
            // again like the other unacknowledged ones, rather than wait for it forever.
            if (ar.succeeded() && c == client && connected) {
              inflight.put(ar.result(), p);
              inflightOrder.put(ar.result(), order);
            } else {
              failed.put(order, p);
              LOG.debug("publish not in flight, kept for later: {}", ar.failed() ? ar.cause().toString() : "connection gone");
            }
            inFlightCount = inflight.size();
            if (!failed.isEmpty() && sending == 0) {
              // Not drain() directly: a publish the client refuses at once fails synchronously,
              // and retrying it within this call would recurse until the stack overflows.
              vertx.setTimer(RETRY_FAILED_MS, id -> drain());
            }
          });
    }
    if (queue.isEmpty() && inflight.isEmpty() && sending == 0 && failed.isEmpty() && !drainWaiters.isEmpty()) {
      List<Promise<Void>> done = new ArrayList<>(drainWaiters);
      drainWaiters.clear();
      done.forEach(Promise::tryComplete);
    }
  }

  /** Queues a message; blocks while the local queue is full. Not for event-loop threads. */
  public void publish(String topic, String payload, boolean retain) throws InterruptedException {
    capacity.acquire();
    Pending p = new Pending(topic, payload.getBytes(StandardCharsets.UTF_8), retain, true);
    context.runOnContext(v -> {
      queue.add(p);
      drain();
    });
  }

  /** {@link #publish} without retain, as a {@link StreamBatcher.Sink}. */
  void publish0(String topic, String payload) throws InterruptedException {
    publish(topic, payload, false);
  }

  /** Completes when every queued message has been acknowledged by the broker. */
  public Future<Void> drained() {
    Promise<Void> p = Promise.promise();
    context.runOnContext(v -> {
      drainWaiters.add(p);
      drain();
    });
    return p.future();
  }

  /** Messages the broker acknowledged so far. */
  public long acknowledged() {
    return acked.get();
  }

  /** Messages written to the current connection and not yet acknowledged (at most the window). */
  public int inFlight() {
    return inFlightCount;
  }

  /** Messages sent again after a connection loss. */
  public long resent() {
    return resent.get();
  }

  /**
   * Waits up to {@code timeoutMs} for the queue to drain, publishes the retained {@code offline}
   * state and disconnects. Messages still queued after the timeout are reported, not lost
   * silently.
   */
  public Future<Void> close(long timeoutMs) {
    return drained().timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .recover(e -> {
          LOG.warn("agent stopping with {} message(s) not acknowledged by the broker", capacity.availablePermits() < settings.queueLimit()
              ? settings.queueLimit() - capacity.availablePermits() : 0);
          return Future.succeededFuture();
        })
        .compose(v -> {
          Promise<Void> done = Promise.promise();
          context.runOnContext(x -> {
            if (!connected) {
              closing = true;
              done.complete();
              return;
            }
            // The retained offline state goes through the queue so we know the broker has it
            // before we disconnect (a clean DISCONNECT does not trigger the will).
            queue.add(new Pending(settings.agentTopic(), "offline".getBytes(StandardCharsets.UTF_8), true, false));
            Promise<Void> sent = Promise.promise();
            drainWaiters.add(sent);
            drain();
            sent.future().timeout(3, TimeUnit.SECONDS)
                .eventually(() -> {
                  closing = true;
                  return client.disconnect().timeout(3, TimeUnit.SECONDS);
                })
                .onComplete(ar -> done.complete());
          });
          return done.future();
        });
  }
}
