package io.benchtap.ingest;

import io.benchtap.contract.MessageHandler;
import io.benchtap.contract.InboundMessage;
import io.benchtap.pipeline.PipelineVerticle;
import io.benchtap.pipeline.PipelineWorker;
import io.benchtap.log.RateLimitedLog;
import io.benchtap.sink.durable.Unacked;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscribes to {@code {prefix}/#} with QoS 1 on a persistent session (clean session off, stable
 * client id) and hands every message to the pipeline worker of its stream. The PUBACK is sent
 * only when the worker replies that every sink holds the message's measurements, so the broker's
 * in-flight window is the back-pressure: a sink that cannot write holds the acknowledgements
 * until it can. A message that fails to parse is acknowledged too, or it would hold its slot
 * forever; so is one that a sink can never write (counted in
 * {@code benchtap_sink_failures_total}). A message is acknowledged only on the connection it came
 * on: after a reconnect the broker sends it again (and its {@code seq} finds it).
 *
 * <p>vertx-mqtt 5.0 does not reconnect by itself: the close handler schedules a reconnect with
 * exponential backoff and full jitter, then resubscribes (the broker may have lost the session).
 */
public final class MqttIngestVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(MqttIngestVerticle.class);

  /** The largest packet MQTT 3.1.1 can carry (remaining length 268,435,455). */
  static final int MQTT_MAX_PAYLOAD = 268_435_455;

  /** How long a stop waits for the messages in the pipeline to be stored and acknowledged. */
  static final long DRAIN_TIMEOUT_MS = 20_000;
  /** How long a stop waits for the broker to answer the PINGREQ sent after the last PUBACK. */
  static final long BARRIER_TIMEOUT_MS = 5_000;

  private final MqttConfig config;
  private final List<PipelineVerticle> hosted;
  private final Supplier<? extends MessageHandler> inlineWorker;
  private final String filter;
  private final MeterRegistry registry;
  private final AckLedger ledger;
  private final Promise<Void> stopped = Promise.promise();
  private final AtomicBoolean connected = new AtomicBoolean();
  private final AtomicInteger inflight = new AtomicInteger();
  private final RateLimitedLog limited = new RateLimitedLog(LOG, 2, System::nanoTime);
  private static final long SUBACK_TIMEOUT_MS = 3000;

  private MqttClient client;
  private List<MessageHandler> workers;
  private MessageHandler inline;
  private Promise<Void> drained;
  private Promise<Void> pendingSubscription;
  private Counter reconnects;
  private Counter acksDropped;
  private Counter lostForGood;
  /** Counts connections; a message is acknowledged only on the connection it arrived on. */
  private int connection;
  private long confirmTimer = -1;
  private long lastPingNanos;
  private Promise<Void> barrier;
  private int attempt;
  private boolean stopping;
  private volatile String lastError = "not connected yet";

  /**
   * @param hosted the pipeline workers on event loops of their own, already started; when empty,
   *     one worker from {@code inlineWorker} parses on this verticle's event loop
   */
  public MqttIngestVerticle(MqttConfig config, List<PipelineVerticle> hosted, Supplier<PipelineWorker> inlineWorker,
      MeterRegistry registry, Unacked unacked) {
    this(config, hosted, inlineWorker, registry, unacked, null);
  }

  /**
   * @param shareGroup when set, subscribe to {@code $share/{shareGroup}/{prefix}/#} (MQTT shared
   *     subscription: each message goes to one member of the group), as the Kafka bridges do
   */
  public MqttIngestVerticle(MqttConfig config, List<PipelineVerticle> hosted, Supplier<? extends MessageHandler> inlineWorker,
      MeterRegistry registry, Unacked unacked, String shareGroup) {
    this.config = config;
    this.hosted = List.copyOf(hosted);
    this.inlineWorker = inlineWorker;
    this.filter = (shareGroup == null ? "" : "$share/" + shareGroup + "/") + config.topicPrefix() + "/#";
    this.registry = registry;
    this.ledger = new AckLedger(unacked);
  }

  /**
   * Completes when a stop has drained the pipeline and disconnected: the hosted workers wait for
   * it before they close (Vert.x undeploys the children of a verticle all at once).
   */
  public Future<Void> stopped() {
    return stopped.future();
  }

  /** Whether the client is connected and subscribed. */
  public boolean isConnected() {
    return connected.get();
  }

  /** Why the client is not connected, for /health. */
  public String lastError() {
    return lastError;
  }

  @Override
  public Future<?> start() {
    if (hosted.isEmpty()) {
      inline = inlineWorker.get();
      workers = List.of(inline);
    } else {
      workers = hosted.stream().<MessageHandler>map(PipelineVerticle::worker).toList();
    }
    reconnects = Counter.builder("benchtap.mqtt.reconnects").description("Reconnect attempts to the broker").register(registry);
    acksDropped = Counter.builder("benchtap.mqtt.acks.dropped")
        .description("Messages processed after their connection closed: not acknowledged, the broker sends them again").register(registry);
    lostForGood = Counter.builder("benchtap.mqtt.acks.unstored")
        .description("Messages acknowledged although a sink could never store their data (see benchtap_sink_failures_total)")
        .register(registry);
    registry.gauge("benchtap.mqtt.connected", connected, b -> b.get() ? 1 : 0);
    registry.gauge("benchtap.queue.depth", io.micrometer.core.instrument.Tags.of("queue", "unacked"), inflight);
    MqttClientOptions options = new MqttClientOptions()
        .setClientId(config.clientId())
        .setCleanSession(config.cleanSession())
        .setKeepAliveInterval(config.keepAliveSeconds())
        .setAutoGeneratedClientId(false)
        // Accept whatever the broker accepts: a message the client cannot decode closes the
        // connection, and the broker would redeliver it forever. The pipeline applies its own
        // pipeline.maxMessageBytes limit and counts what it refuses.
        .setMaxMessageSize(MQTT_MAX_PAYLOAD);
    options.setAutoAck(false);
    // Our own PINGREQs: each one confirms the PUBACKs written before it (AckLedger), and a
    // keep-alive ping sent by the client itself could not be told apart.
    options.setAutoKeepAlive(false);
    if (config.username() != null) {
      options.setUsername(config.username());
    }
    if (config.password() != null) {
      options.setPassword(config.password());
    }
    if (config.tls()) {
      options.setSsl(true);
      if (config.tlsCaFile() != null) {
        options.setTrustOptions(new PemTrustOptions().addCertPath(config.tlsCaFile()));
      }
      if (config.tlsVerifyHost()) {
        options.setHostnameVerificationAlgorithm("HTTPS");
      }
    }
    client = MqttClient.create(vertx, options);
    client.publishHandler(this::onPublish);
    client.exceptionHandler(e -> lastError = describe(e));
    client.closeHandler(v -> onClose());
    client.pingResponseHandler(v -> onPong());
    long keepAliveMs = Math.max(1000, config.keepAliveSeconds() * 1000L);
    vertx.setPeriodic(keepAliveMs / 2, id -> {
      if (client.isConnected() && System.nanoTime() - lastPingNanos > keepAliveMs * 500_000L) {
        sendPing();
      }
    });
    Promise<Void> firstAttempt = Promise.promise();
    connect().onComplete(ar -> {
      if (ar.failed()) {
        LOG.warn("MQTT broker {}:{} unreachable ({}); retrying with backoff", config.host(), config.port(), lastError);
        scheduleReconnect();
      }
      firstAttempt.complete();
    });
    return firstAttempt.future();
  }

  private Future<Void> connect() {
    return client.connect(config.port(), config.host())
        .compose(ack -> {
          if (ack.code() != MqttConnectReturnCode.CONNECTION_ACCEPTED) {
            return Future.failedFuture("broker refused connection: " + ack.code());
          }
          // A new connection from here on: with a session present the broker sends what it
          // kept right after CONNACK, before the SUBACK, and those are acknowledged on it.
          connection++;
          ledger.connected();
          // Its PINGRESP comes after every redelivery of the session (AckLedger).
          sendPing();
          LOG.info("MQTT connected to {}:{} as {} (session present: {})", config.host(), config.port(),
              config.clientId(), ack.isSessionPresent());
          return subscribe(1);
        })
        .onSuccess(v -> {
          attempt = 0;
          connected.set(true);
          lastError = null;
          LOG.info("subscribed to {} with QoS {}", filter, config.qos());
        })
        .onFailure(e -> {
          lastError = describe(e);
          if (client.isConnected()) {
            client.disconnect().timeout(2, java.util.concurrent.TimeUnit.SECONDS);
          }
        });
  }

  /**
   * Subscribes and waits for the SUBACK. Some brokers drop a SUBSCRIBE that arrives right after
   * CONNACK while they are still setting the session up (Moquette 0.17 logs "SUBSCRIBE received
   * on already closed connection" and sends nothing back), so an unanswered SUBSCRIBE is sent
   * again after a few seconds; after three tries the connection is dropped and rebuilt.
   */
  private Future<Void> subscribe(int tryNo) {
    Promise<Void> subscribed = Promise.promise();
    pendingSubscription = subscribed;
    client.subscribeCompletionHandler(sub -> {
      if (sub.grantedQoSLevels().stream().anyMatch(q -> q == 0x80)) {
        subscribed.tryFail("broker refused the subscription to " + filter);
      } else {
        subscribed.tryComplete();
      }
    });
    client.subscribe(filter, config.qos()).onFailure(subscribed::tryFail);
    long timer = vertx.setTimer(SUBACK_TIMEOUT_MS, id -> subscribed.tryFail(new SubackTimeout()));
    return subscribed.future()
        .onComplete(ar -> vertx.cancelTimer(timer))
        .recover(e -> {
          if (e instanceof SubackTimeout && tryNo < 3 && client.isConnected()) {
            LOG.warn("no SUBACK from {}:{} after {} ms; subscribing again", config.host(), config.port(), SUBACK_TIMEOUT_MS);
            return subscribe(tryNo + 1);
          }
          return Future.failedFuture(e);
        });
  }

  /** The broker did not answer a SUBSCRIBE in time. */
  private static final class SubackTimeout extends Exception {
    private static final long serialVersionUID = 1L;

    SubackTimeout() {
      super("no SUBACK from the broker", null, false, false);
    }
  }

  private void onClose() {
    ledger.disconnected();
    boolean was = connected.getAndSet(false);
    Promise<Void> pending = pendingSubscription;
    if (pending != null) {
      // The connection went away while we waited for the SUBACK: fail that attempt, which
      // schedules the next one.
      pending.tryFail("connection closed before the subscription was acknowledged");
    }
    if (stopping) {
      return;
    }
    if (was) {
      LOG.warn("MQTT connection to {}:{} lost; reconnecting with backoff", config.host(), config.port());
      lastError = "connection lost";
      scheduleReconnect();
    }
  }

  private void scheduleReconnect() {
    if (stopping) {
      return;
    }
    long ceiling = config.reconnectInitialDelayMs() << Math.min(attempt, 20);
    long cap = Math.min(config.reconnectMaxDelayMs(), ceiling);
    // Full jitter: many benchtap instances restarting together do not hammer the broker in step.
    long delay = Math.max(10, ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
    attempt++;
    vertx.setTimer(delay, id -> {
      if (stopping) {
        return;
      }
      reconnects.increment();
      connect().onFailure(e -> {
        LOG.debug("reconnect attempt {} failed: {}", attempt, lastError);
        if (!client.isConnected()) {
          scheduleReconnect();
        }
      });
    });
  }

  private void onPublish(MqttPublishMessage msg) {
    if (stopping) {
      // Shutting down: neither processed nor acknowledged, so the broker sends it again to the
      // next session (persistent sessions keep it).
      return;
    }
    Instant arrival = Instant.now();
    String topic = msg.topicName();
    InboundMessage in = new InboundMessage(topic, msg.payload().getBytes(), arrival);
    MessageHandler w = workers.size() == 1 ? workers.get(0) : workers.get(PipelineVerticle.indexFor(topic, workers.size()));
    inflight.incrementAndGet();
    long ticket = ledger.received(System.nanoTime());
    int on = connection;
    if (w.context() == context) {
      // Parsed on this event loop: when the sinks take it synchronously the PUBACK is written
      // during the socket read, and Vert.x flushes all PUBACKs of one read together.
      handleOn(w, in).onComplete(ar -> finished(msg, topic, on, ticket, ar));
    } else {
      w.context().runOnContext(v -> handleOn(w, in)
          .onComplete(ar -> context.runOnContext(x -> finished(msg, topic, on, ticket, ar))));
    }
  }

  private static Future<Void> handleOn(MessageHandler w, InboundMessage in) {
    try {
      return w.handle(in);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * The message is stored by every sink (or can never be): acknowledge it, on this verticle's
   * context, if its connection is still the current one.
   */
  private void finished(MqttPublishMessage msg, String topic, int on, long ticket, AsyncResult<Void> ar) {
    try {
      if (ar.failed()) {
        // Only a batch a sink can never write gets here (sinks retry what fails for a while):
        // holding it would hold its slot forever, and the broker would send it again and again.
        lostForGood.increment();
        limited.warn("sink failed for good", "a sink could not store a message on " + topic + " for good ("
            + ar.cause() + "); acknowledged and counted in benchtap_sink_failures_total");
      }
      if (msg.qosLevel().value() == 0) {
        ledger.noAckNeeded(ticket);
      } else if (on != connection || !client.isConnected()) {
        // The broker sends it again on the new connection; its seq (if any) finds the first copy.
        acksDropped.increment();
        ledger.dropped(ticket);
      } else {
        msg.ack();
        ledger.acked(ticket);
        scheduleConfirmation();
      }
    } catch (RuntimeException e) {
      // The connection went away between the check and the write (vertx-mqtt throws then).
      acksDropped.increment();
      ledger.dropped(ticket);
      LOG.debug("PUBACK for {} not sent: {}", topic, e.toString());
    } finally {
      if (inflight.decrementAndGet() == 0 && drained != null) {
        drained.tryComplete();
      }
    }
  }

  /** PUBACKs written are confirmed by a PINGREQ sent at most 100 ms later (one for all of them). */
  private void scheduleConfirmation() {
    if (confirmTimer >= 0) {
      return;
    }
    confirmTimer = vertx.setTimer(100, id -> {
      confirmTimer = -1;
      if (ledger.waiting() && client.isConnected()) {
        sendPing();
      }
    });
  }

  private void sendPing() {
    if (!client.isConnected()) {
      return;
    }
    ledger.ping();
    lastPingNanos = System.nanoTime();
    client.ping();
  }

  private void onPong() {
    ledger.pong();
    Promise<Void> b = barrier;
    if (b != null && ledger.pingsOutstanding() == 0) {
      b.tryComplete();
    }
  }

  /**
   * Publishes a message (alerts) on the ingest connection, QoS 1, from any thread. Fails when the
   * broker is not connected; callers count and log that, they do not retry forever.
   */
  public Future<Void> publish(String topic, String payload) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      if (!connected.get()) {
        done.fail("not connected to the broker");
        return;
      }
      client.publish(topic, io.vertx.core.buffer.Buffer.buffer(payload), io.netty.handler.codec.mqtt.MqttQoS.AT_LEAST_ONCE,
          false, false).<Void>mapEmpty().onComplete(done);
    });
    return done.future();
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  /**
   * Graceful stop: takes no new message (those arriving now stay unacknowledged and come again
   * to the next session), waits until every message being processed is in the sinks and
   * acknowledged (at most {@link #DRAIN_TIMEOUT_MS}), ends the streams of an inline worker, then
   * disconnects. Nothing is acknowledged that was not processed, and nothing processed stays
   * unacknowledged (it would be counted twice after a restart).
   */
  @Override
  public Future<?> stop() {
    stopping = true;
    Future<Void> drain;
    int open = inflight.get();
    if (open == 0) {
      drain = Future.succeededFuture();
    } else {
      LOG.info("stopping: waiting for {} message(s) in the pipeline to be stored and acknowledged", open);
      drained = Promise.promise();
      drain = drained.future().timeout(DRAIN_TIMEOUT_MS, java.util.concurrent.TimeUnit.MILLISECONDS)
          .recover(e -> {
            LOG.warn("stopping: {} message(s) still in the pipeline after {} ms; they stay unacknowledged and the broker sends them again",
                inflight.get(), DRAIN_TIMEOUT_MS);
            return Future.succeededFuture();
          });
    }
    return drain
        .compose(v -> inline == null ? Future.succeededFuture() : inline.close())
        .compose(v -> barrier())
        .compose(v -> {
          connected.set(false);
          if (!client.isConnected()) {
            return Future.succeededFuture();
          }
          // A broker that already went away never answers DISCONNECT: do not hang the shutdown on it.
          return client.disconnect().timeout(2, java.util.concurrent.TimeUnit.SECONDS).recover(e -> Future.succeededFuture());
        })
        .onComplete(ar -> stopped.tryComplete());
  }

  /**
   * Makes sure the broker has read every PUBACK before the connection closes: PINGREQ, then wait
   * for PINGRESP (a broker handles a client's packets in order). Closing a socket with unread
   * input makes the kernel send a reset, and a broker that has not yet read the last PUBACKs from
   * its buffer then drops them (Mosquitto 2.0.11 logs "disconnected: Broken pipe") and sends
   * those messages again to the next session: stored twice (ShutdownIT, with the CPU loaded).
   */
  private Future<Void> barrier() {
    if (!client.isConnected()) {
      return Future.succeededFuture();
    }
    barrier = Promise.promise();
    sendPing();
    return barrier.future().timeout(BARRIER_TIMEOUT_MS, java.util.concurrent.TimeUnit.MILLISECONDS)
        .onSuccess(v -> LOG.info("stopping: the broker has every acknowledgement; disconnecting"))
        .recover(e -> {
      LOG.warn("stopping: no PINGRESP from the broker within {} ms; the last acknowledgements may not have reached it",
          BARRIER_TIMEOUT_MS);
      return Future.succeededFuture();
    });
  }
}
