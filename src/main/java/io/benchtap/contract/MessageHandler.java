package io.benchtap.contract;

import io.vertx.core.Context;
import io.vertx.core.Future;

/**
 * Where the MQTT ingest hands a message: a pipeline worker (parse, sinks) or, in the Kafka bridge
 * role, a Kafka producer. The ingest sends the PUBACK when the returned future completes.
 */
public interface MessageHandler {
  /** The context every call must be made on. */
  Context context();

  /**
   * Takes one message; completes when it is held (by every sink, or by Kafka), fails when it can
   * never be (the ingest acknowledges it anyway and counts it). Called on {@link #context()}.
   */
  Future<Void> handle(InboundMessage in);

  /** Called once when the ingest stops, after the last message completed. */
  Future<Void> close();
}
