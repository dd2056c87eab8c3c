package io.benchtap.bench.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Restarts the broker and VictoriaMetrics at random moments of a soak run, on its own thread:
 * SIGTERM, down for a random time, start again (and wait until it is ready). The schedule is
 * drawn up front from a seed, alternating the two services, with a random gap between the end of
 * one outage and the next; no outage ends later than a few seconds before the load stops.
 */
final class Chaos implements AutoCloseable {
  /** One planned outage: at {@code atSeconds} after the start, down for {@code downSeconds}. */
  record Outage(String service, double atSeconds, double downSeconds) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%s at %.1f s for %.1f s", service, atSeconds, downSeconds);
    }
  }

  private final List<Outage> plan;
  private final ChildProcess broker;
  private final ChildProcess vm;
  private final List<String> done = Collections.synchronizedList(new ArrayList<>());
  private final Thread thread;
  private volatile Exception failure;

  Chaos(List<Outage> plan, ChildProcess broker, ChildProcess vm) {
    this.plan = List.copyOf(plan);
    this.broker = broker;
    this.vm = vm;
    this.thread = new Thread(this::run, "soak-chaos");
    this.thread.setDaemon(true);
  }

  /** A random plan for a run of {@code seconds}. */
  static List<Outage> plan(long seed, double seconds, double gapMin, double gapMax, double brokerMax, double vmMax) {
    Random r = new Random(seed);
    List<Outage> out = new ArrayList<>();
    boolean brokerNext = r.nextBoolean();
    double t = gapMin + r.nextDouble() * (gapMax - gapMin);
    while (true) {
      double max = brokerNext ? brokerMax : vmMax;
      double down = Math.min(1, max) + r.nextDouble() * Math.max(0, max - Math.min(1, max));
      if (t + down > seconds - 5) {
        return out;
      }
      out.add(new Outage(brokerNext ? "broker" : "victoria-metrics", round(t), round(down)));
      t += down + gapMin + r.nextDouble() * (gapMax - gapMin);
      brokerNext = !brokerNext;
    }
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }

  List<Outage> planned() {
    return plan;
  }

  /** What was done, one line per outage, with the real times. */
  List<String> log() {
    return List.copyOf(done);
  }

  void start() {
    thread.start();
  }

  private void run() {
    long start = System.nanoTime();
    try {
      for (Outage o : plan) {
        long wait = start + (long) (o.atSeconds() * 1e9) - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        ChildProcess p = o.service().equals("broker") ? broker : vm;
        long t0 = System.nanoTime();
        p.stop();
        Thread.sleep((long) (o.downSeconds() * 1000));
        p.start(Duration.ofSeconds(60));
        done.add(String.format(Locale.ROOT, "%s: SIGTERM at %.1f s, up again after %.1f s", o.service(),
            (t0 - start) / 1e9, (System.nanoTime() - t0) / 1e9));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      failure = e;
    }
  }

  /** Waits for the plan to finish; rethrows a failure to restart a service. */
  void await(Duration timeout) throws Exception {
    thread.join(timeout.toMillis());
    if (thread.isAlive()) {
      throw new IllegalStateException("chaos plan still running after " + timeout.toSeconds() + " s");
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public void close() {
    thread.interrupt();
  }
}
