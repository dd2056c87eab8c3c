package io.benchtap.agent;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.util.function.Supplier;

/**
 * A new MQTT client for one connection attempt of a QoS 1 publisher. vertx-mqtt 5.0.7 keeps the
 * QoS 1 packets a closed connection left unacknowledged ({@code MqttClientImpl.qos1outbound} and
 * {@code countInflightQueue}; {@code handleClosed()} clears neither) and counts them against
 * {@code maxInflightQueue} on the next connection of the same client, so a reused client loses
 * window with every connection lost while messages were in flight, until each publish fails
 * with "inflight queue full". Publishers that resend such messages themselves start every
 * attempt with a fresh client and drop the old one with its bookkeeping.
 */
public final class ConnectionClient {
  private ConnectionClient() {}

  /**
   * Creates the client of a new attempt. Its PUBACK and close handlers act only while it is still
   * the publisher's {@code current} client: a late callback of an older one changes nothing.
   */
  public static MqttClient create(Vertx vertx, MqttClientOptions options, Supplier<MqttClient> current,
      Handler<Integer> onAck, Runnable onClose) {
    MqttClient c = MqttClient.create(vertx, options);
    c.publishCompletionHandler(id -> {
      if (current.get() == c) {
        onAck.handle(id);
      }
    });
    c.closeHandler(x -> {
      if (current.get() == c) {
        onClose.run();
      }
    });
    return c;
  }
}
