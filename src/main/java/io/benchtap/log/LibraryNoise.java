package io.benchtap.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Logback turbo filter for the warnings and errors of the libraries benchtap runs on (vertx-mqtt,
 * Moquette, Netty), unless the log is at debug level:
 *
 * <ul>
 *   <li>the ones benchtap reports itself in one line that says what to do (a refused connection
 *       retried with backoff, the embedded broker's port in use) are dropped: vertx-mqtt logs an
 *       ERROR with a stack trace for every reconnect attempt;
 *   <li>any other is let through at most {@link #PER_MINUTE} times a minute per message, then
 *       one line says how many were left out.
 * </ul>
 *
 * Every benchtap logger ({@code io.benchtap.*}) passes unchanged: it rate-limits where needed.
 */
public final class LibraryNoise extends TurboFilter {
  /** Per library message and minute. */
  static final int PER_MINUTE = 3;

  private record Reported(String logger, String formatStart) {}

  private static final List<Reported> REPORTED = List.of(
      // MqttIngestVerticle, AgentPublisher and BenchPublisher say once that the broker is unreachable.
      new Reported("io.vertx.mqtt.impl.MqttClientImpl", "Can't connect"),
      // EmbeddedBroker fails the start with one line naming the port and the flags.
      new Reported("io.moquette.broker.NewNettyAcceptor", "Cannot bind"));

  private final LongSupplier clock;
  private final Map<String, long[]> windows = new HashMap<>();

  public LibraryNoise() {
    this(System::nanoTime);
  }

  LibraryNoise(LongSupplier nanoClock) {
    this.clock = nanoClock;
  }

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (level == null || level.toInt() < Level.WARN_INT || logger.getName().startsWith("io.benchtap")) {
      return FilterReply.NEUTRAL;
    }
    if (Debug.on(logger.getLoggerContext())) {
      return FilterReply.NEUTRAL;
    }
    String fmt = format == null ? "" : format;
    for (Reported r : REPORTED) {
      if (logger.getName().equals(r.logger()) && fmt.startsWith(r.formatStart())) {
        return FilterReply.DENY;
      }
    }
    return admit(logger.getName() + ": " + fmt) ? FilterReply.NEUTRAL : FilterReply.DENY;
  }

  private boolean admit(String key) {
    long now = clock.getAsLong();
    long suppressed;
    synchronized (windows) {
      long[] w = windows.computeIfAbsent(key, k -> new long[] {now, 0, 0});
      if (now - w[0] < 60_000_000_000L) {
        if (w[1] < PER_MINUTE) {
          w[1]++;
          return true;
        }
        w[2]++;
        return false;
      }
      suppressed = w[2];
      w[0] = now;
      w[1] = 1;
      w[2] = 0;
    }
    if (suppressed > 0) {
      LoggerFactory.getLogger(LibraryNoise.class).warn("{} more like \"{}\" in the last minute (left out)", suppressed, key);
    }
    return true;
  }
}
