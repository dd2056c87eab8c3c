package io.benchtap.parse.nuttcp;

import io.benchtap.model.Phase;
import io.benchtap.parse.ParseSink;
import io.benchtap.parse.Sample;
import io.benchtap.parse.support.IntervalTotals;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Turns checked values into {@link Sample}s for one nuttcp stream: final values once per metric
 * and labels (the first wins), nothing after the run failed, never a NaN or negative value. The
 * interval {@code retrans} is the count of that interval (nuttcp prints {@code nretrans -
 * pretrans}), so interval {@code retransmits_total} is summed ({@link IntervalTotals}).
 */
final class Emitter {

  static final String SECONDS = "seconds";
  static final String BYTES = "bytes";
  static final String BYTES_PER_SECOND = "bytes_per_second";
  static final String RATIO = "ratio";
  static final String COUNT = "count";

  private final Set<String> finals = new HashSet<>();
  private final IntervalTotals totals = new IntervalTotals();
  private final boolean benchmarkFixed;
  private String benchmark;
  private String direction;
  private final boolean directionFixed;
  private boolean directionSeen;
  private boolean failed;

  Emitter(CommandLines command) {
    this.benchmarkFixed = command.benchmark() != null;
    this.benchmark = benchmarkFixed ? command.benchmark() : "tcp";
    this.directionFixed = command.receiver() != null;
    this.direction = Boolean.TRUE.equals(command.receiver()) ? "receiver" : "sender";
  }

  /** The output showed UDP loss fields: the benchmark is udp unless the command line said. */
  void udpSeen() {
    if (!benchmarkFixed) {
      benchmark = "udp";
    }
  }

  /** A verbose block from the client's side came first: the client's role, unless known. */
  void firstVerboseSide(char side) {
    if (!directionFixed && !directionSeen) {
      direction = side == 'r' ? "receiver" : "sender";
    }
    directionSeen = true;
  }

  String direction() {
    return direction;
  }

  boolean failed() {
    return failed;
  }

  boolean fail() {
    boolean first = !failed;
    failed = true;
    return first;
  }

  void emit(ParseSink out, String metric, double value, String unit, Phase phase,
      Map<String, String> labels) {
    if (failed || !Double.isFinite(value) || value < 0) {
      return;
    }
    if (phase == Phase.FINAL && !finals.add(metric + labels)) {
      return;
    }
    double v = IntervalTotals.applies(metric, phase) ? totals.add(benchmark, metric, labels, value)
        : value;
    out.sample(new Sample(benchmark, metric, v, unit, phase, labels));
  }
}
