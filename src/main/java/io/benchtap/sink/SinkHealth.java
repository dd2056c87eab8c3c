package io.benchtap.sink;

/** A sink's state as shown by /health. {@code detail} never contains secrets. */
public record SinkHealth(boolean up, String detail) {
  public static SinkHealth up(String detail) {
    return new SinkHealth(true, detail);
  }

  public static SinkHealth down(String detail) {
    return new SinkHealth(false, detail);
  }
}
