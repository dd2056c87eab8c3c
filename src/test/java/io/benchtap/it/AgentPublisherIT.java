package io.benchtap.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.agent.AgentPublisher;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link AgentPublisher} against a real Mosquitto that restarts while a full window of QoS 1
 * messages is in flight. A {@link HoldingProxy} between the two keeps those messages from the
 * broker, so each restart finds exactly one window unacknowledged; a subscriber with a persistent
 * session on the broker itself records what arrives.
 */
class AgentPublisherIT {
  private static final String TOPIC = "benchtap/v1/window/native/r1/sysbench/1/out";
  private static final Duration MAX = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  @Test
  void aFullWindowStaysUsableAcrossBrokerRestartsAndEveryMessageArrivesOnceInOrder() throws Exception {
    int window = 8;
    int restarts = 3;
    Vertx vertx = Vertx.vertx();
    try (OwnMosquitto broker = new OwnMosquitto(dir.resolve("mosquitto"))) {
      broker.start();
      try (HoldingProxy proxy = new HoldingProxy(vertx, broker.port)) {
        Subscriber sub = new Subscriber(vertx, broker.port);
        sub.connect();
        AgentPublisher pub = new AgentPublisher(vertx, new AgentPublisher.Settings("127.0.0.1", proxy.port,
            "agent-window-it", null, null, false, null, "benchtap/v1/window/agent", 1000, window));
        get(pub.start());
        List<String> sent = new ArrayList<>();

        for (int i = 1; i <= restarts; i++) {
          proxy.hold();
          publish(pub, sent, window);
          int n = i;
          ItEnv.await("a full window in flight before restart " + n, MAX, () -> pub.inFlight() == window);
          broker.stop();
          proxy.release();
          broker.start();
          sub.connect();
          ItEnv.await("everything acknowledged after restart " + n, MAX, () -> pub.acknowledged() == sent.size());
          ItEnv.await("everything delivered after restart " + n, MAX, () -> sub.received().size() == sent.size());
          // The broker has the subscriber's acknowledgements before the next restart, so it has
          // nothing to deliver twice.
          sub.sync();
        }
        assertThat(pub.resent()).as("each restart found the window unacknowledged").isEqualTo((long) restarts * window);

        proxy.hold();
        publish(pub, sent, window);
        ItEnv.await("a full window in flight after " + restarts + " restarts", MAX, () -> pub.inFlight() == window);
        proxy.release();
        get(pub.drained());
        ItEnv.await("everything delivered", MAX, () -> sub.received().size() >= sent.size());
        get(pub.close(5000));
        sub.sync();

        assertThat(pub.acknowledged()).isEqualTo(sent.size());
        assertThat(sub.received()).containsExactlyElementsOf(sent);
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
  }

  private static void publish(AgentPublisher pub, List<String> sent, int count) throws InterruptedException {
    for (int i = 0; i < count; i++) {
      String payload = "m" + sent.size();
      sent.add(payload);
      pub.publish(TOPIC, payload, false);
    }
  }

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(MAX.toSeconds(), TimeUnit.SECONDS);
  }

  /** A QoS 1 subscriber with a persistent session, connected anew after each broker restart. */
  private static final class Subscriber {
    private final Vertx vertx;
    private final int port;
    private final List<String> received = Collections.synchronizedList(new ArrayList<>());
    private MqttClient client;
    private volatile CompletableFuture<Void> subAck;

    Subscriber(Vertx vertx, int port) {
      this.vertx = vertx;
      this.port = port;
    }

    void connect() throws Exception {
      client = MqttClient.create(vertx, new MqttClientOptions().setClientId("window-it-sub").setCleanSession(false));
      client.publishHandler(m -> received.add(m.payload().toString()));
      client.subscribeCompletionHandler(ack -> subAck.complete(null));
      get(client.connect(port, "127.0.0.1"));
      sync();
    }

    /**
     * Subscribes (again) and waits for the SUBACK: the broker handles a connection's packets in
     * order, so it has every acknowledgement sent before.
     */
    void sync() throws Exception {
      subAck = new CompletableFuture<>();
      get(client.subscribe(TOPIC, MqttQoS.AT_LEAST_ONCE.value()));
      subAck.get(MAX.toSeconds(), TimeUnit.SECONDS);
    }

    List<String> received() {
      synchronized (received) {
        return new ArrayList<>(received);
      }
    }
  }
}
