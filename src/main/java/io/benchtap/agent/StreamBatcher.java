package io.benchtap.agent;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the lines of one output stream into messages: a message is sent when its first line
 * is {@code maxDelayMillis} old or it reaches {@code maxBytes}, whichever comes first. Each
 * message starts with the header {@code @benchtap seq=N t=EPOCH_SECONDS} (docs/mqtt-contract.md):
 * the sequence number lets the pipeline drop QoS 1 redeliveries, the time is when the first line
 * was read.
 *
 * <p>Thread-safe: a reader thread adds lines, a timer thread calls {@link #flushIfDue}. Taking a
 * batch and sending it happen under one lock, so messages leave in sequence order (a message
 * overtaken by a later one would be dropped as a duplicate by the pipeline).
 */
public final class StreamBatcher {

  /** Where finished messages go. */
  @FunctionalInterface
  public interface Sink {
    void send(String topic, String payload) throws InterruptedException;
  }

  private final String topic;
  private final Sink sink;
  private final Clock clock;
  private final long maxDelayNanos;
  private final int maxBytes;
  private final List<String> lines = new ArrayList<>();
  private long seq;
  private int bytes;
  private Instant firstAt;
  private long firstNanos;

  public StreamBatcher(String topic, Sink sink, Clock clock, long maxDelayMillis, int maxBytes) {
    this.topic = topic;
    this.sink = sink;
    this.clock = clock;
    this.maxDelayNanos = maxDelayMillis * 1_000_000L;
    this.maxBytes = maxBytes;
  }

  /** Adds one line (without terminator); may send a message. */
  public synchronized void add(String line) throws InterruptedException {
    if (lines.isEmpty()) {
      firstAt = clock.instant();
      firstNanos = System.nanoTime();
    }
    lines.add(line);
    bytes += line.length() + 1;
    if (bytes >= maxBytes) {
      sink.send(topic, take());
    }
  }

  /** Adds a line without ever sending; the caller sends with {@link #flush}. */
  public synchronized void addNoFlush(String line) {
    if (lines.isEmpty()) {
      firstAt = clock.instant();
      firstNanos = System.nanoTime();
    }
    lines.add(line);
    bytes += line.length() + 1;
  }

  /** Sends the pending lines if the oldest has waited long enough. */
  public synchronized void flushIfDue() throws InterruptedException {
    if (!lines.isEmpty() && System.nanoTime() - firstNanos >= maxDelayNanos) {
      sink.send(topic, take());
    }
  }

  /** Sends whatever is pending (end of stream). */
  public synchronized void flush() throws InterruptedException {
    if (!lines.isEmpty()) {
      sink.send(topic, take());
    }
  }

  /** Messages sent so far. */
  public synchronized long messages() {
    return seq;
  }

  private String take() {
    StringBuilder sb = new StringBuilder(bytes + 48);
    long nanos = firstAt.getNano();
    sb.append("@benchtap seq=").append(seq++).append(" t=").append(firstAt.getEpochSecond())
        .append('.').append(String.format("%06d", nanos / 1000)).append('\n');
    for (String l : lines) {
      sb.append(l).append('\n');
    }
    lines.clear();
    bytes = 0;
    return sb.toString();
  }
}
