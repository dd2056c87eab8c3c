package io.benchtap.pipeline;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Event-bus codec for immutable records delivered inside this JVM only: no copy, no
 * serialization. Registered once per Vert.x instance as the default codec of its class.
 */
public final class LocalCodec<T> implements MessageCodec<T, T> {
  private final String name;

  public LocalCodec(Class<T> type) {
    this.name = "local-" + type.getName();
  }

  @Override
  public void encodeToWire(Buffer buffer, T value) {
    throw new UnsupportedOperationException(name + " is delivered locally only");
  }

  @Override
  public T decodeFromWire(int pos, Buffer buffer) {
    throw new UnsupportedOperationException(name + " is delivered locally only");
  }

  @Override
  public T transform(T value) {
    return value;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
