package io.benchtap.bench.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The faults of a soak run, carried out on a thread of its own: the broker and VictoriaMetrics
 * get SIGTERM, stay down for a random time and are started again (and waited for); benchtap serve
 * gets SIGKILL, stays dead for a random time and is started again with the same command (client
 * id, data and spool directories), so its persistent session and the marks in its files carry
 * over.
 *
 * <p>The plan is drawn up front from the seed, on two timelines: the restarts of the broker and
 * VictoriaMetrics alternate on one (a random gap between the end of one outage and the next, as
 * before the kills existed, so a seed gives the same restarts as in earlier runs), the kills of
 * serve are on the other, drawn from a second generator with gaps of their own. The timelines may
 * overlap: serve may be killed while the broker or VictoriaMetrics is down (its spool then holds
 * what the store has not taken). No outage ends later than a few seconds before the load stops.
 */
final class Chaos implements AutoCloseable {
  /** The three services and what is done to each. */
  enum Service {
    BROKER("broker", "SIGTERM"),
    VM("victoria-metrics", "SIGTERM"),
    SERVE("benchtap-serve", "SIGKILL");

    final String label;
    final String signal;

    Service(String label, String signal) {
      this.label = label;
      this.signal = signal;
    }
  }

  /** One planned outage: at {@code atSeconds} after the start, down for {@code downSeconds}. */
  record Outage(Service service, double atSeconds, double downSeconds) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%s %s at %.1f s for %.1f s", service.label, service.signal, atSeconds, downSeconds);
    }
  }

  private record Step(double atSeconds, boolean down, Outage outage) {}

  private record Done(double atSeconds, String text) {}

  private final List<Outage> plan;
  private final ChildProcess broker;
  private final ChildProcess vm;
  private final ChildProcess serve;
  private final Runnable beforeKill;
  private final List<Done> done = Collections.synchronizedList(new ArrayList<>());
  private final Thread thread;
  private volatile Exception failure;

  /**
   * @param beforeKill runs right before each SIGKILL of serve (reads its counters while it can)
   */
  Chaos(List<Outage> plan, ChildProcess broker, ChildProcess vm, ChildProcess serve, Runnable beforeKill) {
    this.plan = List.copyOf(plan);
    this.broker = broker;
    this.vm = vm;
    this.serve = serve;
    this.beforeKill = beforeKill;
    this.thread = new Thread(this::run, "soak-chaos");
    this.thread.setDaemon(true);
  }

  /** A random plan for a run of {@code seconds}, in order of time. */
  static List<Outage> plan(long seed, double seconds, SoakRun.Faults f) {
    List<Outage> out = new ArrayList<>();
    Random r = new Random(seed);
    boolean brokerNext = r.nextBoolean();
    if (f.broker() || f.vm()) {
      double t = gap(r, f.gapMin(), f.gapMax());
      while (true) {
        boolean broker = f.broker() && (brokerNext || !f.vm());
        double down = down(r, broker ? f.brokerDownMax() : f.vmDownMax());
        if (t + down > seconds - 5) {
          break;
        }
        out.add(new Outage(broker ? Service.BROKER : Service.VM, round(t), round(down)));
        t += down + gap(r, f.gapMin(), f.gapMax());
        brokerNext = !brokerNext;
      }
    }
    if (f.serve()) {
      Random k = new Random(seed ^ 0x5DEECE66DL);
      double t = gap(k, f.killGapMin(), f.killGapMax());
      while (true) {
        double down = down(k, f.serveDownMax());
        if (t + down > seconds - 5) {
          break;
        }
        out.add(new Outage(Service.SERVE, round(t), round(down)));
        t += down + gap(k, f.killGapMin(), f.killGapMax());
      }
    }
    out.sort(Comparator.comparingDouble(Outage::atSeconds));
    return out;
  }

  private static double gap(Random r, double min, double max) {
    return min + r.nextDouble() * (max - min);
  }

  private static double down(Random r, double max) {
    return Math.min(1, max) + r.nextDouble() * Math.max(0, max - Math.min(1, max));
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }

  List<Outage> planned() {
    return plan;
  }

  /** What was done, one line per outage, with the real times, in the order the outages began. */
  List<String> log() {
    synchronized (done) {
      return done.stream().sorted(Comparator.comparingDouble(Done::atSeconds)).map(Done::text).toList();
    }
  }

  void start() {
    thread.start();
  }

  private ChildProcess process(Service s) {
    return switch (s) {
      case BROKER -> broker;
      case VM -> vm;
      case SERVE -> serve;
    };
  }

  private void run() {
    List<Step> steps = new ArrayList<>();
    for (Outage o : plan) {
      steps.add(new Step(o.atSeconds(), true, o));
      steps.add(new Step(o.atSeconds() + o.downSeconds(), false, o));
    }
    // Stable: an outage's start comes before its end even when it lasts 0 s.
    steps.sort(Comparator.comparingDouble(Step::atSeconds));
    long start = System.nanoTime();
    Map<Outage, Long> wentDown = new HashMap<>();
    try {
      for (Step s : steps) {
        long wait = start + (long) (s.atSeconds() * 1e9) - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        Outage o = s.outage();
        ChildProcess p = process(o.service());
        if (s.down()) {
          wentDown.put(o, System.nanoTime());
          if (o.service() == Service.SERVE) {
            beforeKill.run();
            p.kill();
          } else {
            p.stop();
          }
        } else {
          p.start(Duration.ofSeconds(o.service() == Service.SERVE ? 120 : 60));
          long t0 = wentDown.remove(o);
          double at = (t0 - start) / 1e9;
          done.add(new Done(at, String.format(Locale.ROOT, "%s: %s at %.1f s, up again after %.1f s", o.service().label,
              o.service().signal, at, (System.nanoTime() - t0) / 1e9)));
        }
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
