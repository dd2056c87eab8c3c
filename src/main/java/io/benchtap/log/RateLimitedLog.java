package io.benchtap.log;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Logs at most {@code perMinute} warnings per key and minute, then one line saying how many were
 * suppressed. Garbage input is counted in full by the metrics; the log only has to show what it
 * looks like, not flood the disk of a days-long soak run.
 */
public final class RateLimitedLog {
  private final Logger log;
  private final int perMinute;
  private final LongSupplier clock;
  private final Map<String, long[]> windows = new HashMap<>();

  public RateLimitedLog(Logger log, int perMinute, LongSupplier nanoClock) {
    this.log = log;
    this.perMinute = perMinute;
    this.clock = nanoClock;
  }

  /** Logs a one-line warning under a rate limit per key. Returns whether it was logged. */
  public boolean warn(String key, String message) {
    return warn(key, () -> message);
  }

  /**
   * Like {@link #warn(String, String)}, building the message only when it is logged: for paths
   * hit per line, where most messages are suppressed.
   */
  public synchronized boolean warn(String key, java.util.function.Supplier<String> message) {
    long now = clock.getAsLong();
    long[] w = windows.computeIfAbsent(key, k -> new long[] {now, 0, 0});
    if (now - w[0] >= 60_000_000_000L) {
      if (w[2] > 0) {
        log.warn("{}: {} similar message(s) suppressed in the last minute", key, w[2]);
      }
      w[0] = now;
      w[1] = 0;
      w[2] = 0;
    }
    if (w[1] < perMinute) {
      w[1]++;
      log.warn("{}: {}", key, message.get());
      return true;
    }
    w[2]++;
    return false;
  }
}
