package io.benchtap.bench;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The lags of a periodic timer on several event loops: an HdrHistogram of every lag, corrected
 * for coordinated omission, and the largest lag of each loop. The timer is closed loop (it
 * re-arms only after it ran), so a loop blocked for a second shows as one late firing where a
 * free loop would have fired a second / period times; {@link Histogram#recordValueWithExpectedInterval}
 * adds the firings the block swallowed, each with the lag it would have had, so the percentiles
 * say how long a task due at a random moment waited, not only how late the firings that happened
 * were. Not thread-safe.
 */
final class LoopLags {
  private final long periodMicros;
  private final Map<String, Long> maxByLoop = new HashMap<>();
  private Histogram histogram = new Histogram(3);

  LoopLags(long periodMs) {
    this.periodMicros = TimeUnit.MILLISECONDS.toMicros(periodMs);
  }

  /** One firing on {@code loop}, {@code micros} later than due. */
  void record(String loop, long micros) {
    long v = Math.max(0, micros);
    histogram.recordValueWithExpectedInterval(v, periodMicros);
    maxByLoop.merge(loop, v, Math::max);
  }

  /** Forgets the lags seen so far. */
  void reset() {
    histogram = new Histogram(3);
    maxByLoop.clear();
  }

  /** The lags since the last {@link #reset()}, in milliseconds; {@code loops}: how many loops are probed. */
  EventLoopProbe.Lag lag(int loops) {
    List<Double> perLoop = maxByLoop.values().stream().sorted(Comparator.reverseOrder()).map(v -> v / 1000.0).toList();
    return new EventLoopProbe.Lag(histogram.getTotalCount(), histogram.getValueAtPercentile(50) / 1000.0,
        histogram.getValueAtPercentile(99) / 1000.0, histogram.getMaxValue() / 1000.0, loops, perLoop);
  }
}
