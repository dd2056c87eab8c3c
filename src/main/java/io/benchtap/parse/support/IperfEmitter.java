package io.benchtap.parse.support;

import io.benchtap.model.Phase;
import io.benchtap.parse.ParseSink;
import java.util.Map;

/**
 * The emitter of the iperf (2) and iperf3 parsers: a later benchmark name from the output
 * replaces an earlier one (unless the command line named it), and failure reasons name the tool.
 */
public final class IperfEmitter extends SampleEmitter {

  private final String tool;

  /** An emitter for one stream of {@code tool} (iperf or iperf3; named in failure reasons). */
  public IperfEmitter(String tool, String benchmark) {
    super(benchmark);
    this.tool = tool;
  }

  /** Names the benchmark from the output, unless the command line already did. */
  @Override
  public void infer(String name) {
    if (!fixed() && name != null) {
      rename(name);
    }
  }

  /** Reports the failure once as {@code <tool> error: reason}; true the first time. */
  @Override
  public boolean fail(ParseSink out, String reason) {
    return fail(out, tool + " error: ", reason == null ? "" : reason.strip());
  }

  /**
   * A UDP loss report as both tools print it, {@code [J ms] LOST/TOTAL (P%)}: {@code
   * jitter_seconds} (when {@code jitterMillis} is printed), {@code datagrams_lost_total}, {@code
   * datagrams_total} and {@code datagrams_lost_ratio} = lost / total (when any were sent). A value
   * that is not a number is not emitted.
   */
  public void udpLoss(ParseSink out, String jitterMillis, String lost, String total, Phase phase,
      Map<String, String> labels) {
    double lostCount = IperfUnits.number(lost).orElse(Double.NaN);
    double totalCount = IperfUnits.number(total).orElse(Double.NaN);
    if (jitterMillis != null) {
      emit(out, "jitter_seconds", IperfUnits.millis(jitterMillis).orElse(Double.NaN), SECONDS,
          phase, labels);
    }
    emit(out, "datagrams_lost_total", lostCount, COUNT, phase, labels);
    emit(out, "datagrams_total", totalCount, COUNT, phase, labels);
    if (totalCount > 0) {
      emit(out, "datagrams_lost_ratio", lostCount / totalCount, RATIO, phase, labels);
    }
  }
}
