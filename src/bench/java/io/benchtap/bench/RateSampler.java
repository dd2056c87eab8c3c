package io.benchtap.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Samples a few counters every {@code periodMs} on a daemon thread, and computes sustained rates
 * from the samples (see {@link #window}). The same method is used for every consumer, so their
 * rates compare fairly.
 */
final class RateSampler implements AutoCloseable {
  /** Rates over one window: seconds, and per counter the increase and the increase per second. */
  record Window(double seconds, double[] deltas, boolean reachedTarget) {
    double rate(int i) {
      return seconds <= 0 ? 0 : deltas[i] / seconds;
    }
  }

  private record Sample(long nanos, double[] values) {}

  private final Supplier<double[]> source;
  private final List<Sample> samples = new ArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;

  RateSampler(Supplier<double[]> source, long periodMs) {
    this.source = source;
    take();
    thread = new Thread(() -> {
      while (running) {
        try {
          Thread.sleep(periodMs);
        } catch (InterruptedException e) {
          return;
        }
        take();
      }
    }, "bench-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  private void take() {
    double[] v;
    try {
      v = source.get();
    } catch (RuntimeException e) {
      return;
    }
    long t = System.nanoTime();
    synchronized (samples) {
      samples.add(new Sample(t, v));
    }
  }

  /** The latest value of counter i, relative to the first sample. */
  double sinceStart(int i) {
    synchronized (samples) {
      return samples.get(samples.size() - 1).values()[i] - samples.get(0).values()[i];
    }
  }

  /**
   * The steady window of counter {@code main}: from the first sample in which it had moved to the
   * last sample before it reached {@code target} (or its last increase if it never did). Both
   * ends are exact counts at known instants, so the slope has no edge bias; the ramp-down after
   * the last message is left out.
   */
  Window window(int main, double target) {
    List<Sample> s;
    synchronized (samples) {
      s = new ArrayList<>(samples);
    }
    double[] v0 = s.get(0).values();
    int first = -1;
    int last = -1;
    boolean reached = false;
    for (int i = 1; i < s.size(); i++) {
      double d = s.get(i).values()[main] - v0[main];
      if (d >= target) {
        reached = true;
        if (first < 0) {
          first = i;
        }
        if (last < 0 || last == first) {
          last = i;
        }
        break;
      }
      if (first < 0 && d > 0) {
        first = i;
      }
      if (d > s.get(i - 1).values()[main] - v0[main]) {
        last = i;
      }
    }
    double[] deltas = new double[v0.length];
    if (first < 0 || last <= first) {
      return new Window(0, deltas, reached);
    }
    for (int j = 0; j < deltas.length; j++) {
      deltas[j] = s.get(last).values()[j] - s.get(first).values()[j];
    }
    return new Window((s.get(last).nanos() - s.get(first).nanos()) / 1e9, deltas, reached);
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
