package io.benchtap.parse.nuttcp;

import io.benchtap.model.Phase;
import io.benchtap.parse.ParseSink;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The fields of one nuttcp report (a brief line, an {@code -fparse} line or a verbose value), as
 * printed; {@link #emit} converts and emits them in a fixed order: throughput, bytes, CPU
 * (sender, receiver), retransmits, RTT, loss. Absent fields are null.
 */
final class Report {

  String megabytes;
  String mbps;
  String txCpu;
  String rxCpu;
  String retrans;
  String rttMs;
  String lossPercent;

  /** True when every present field is a plain non-negative number. */
  boolean valid() {
    for (String s : new String[] {megabytes, mbps, txCpu, rxCpu, retrans, rttMs, lossPercent}) {
      if (s != null && Units.decimal(s) == null) {
        return false;
      }
    }
    return true;
  }

  boolean hasCpu() {
    return txCpu != null || rxCpu != null;
  }

  void emit(Emitter e, ParseSink out, Phase phase) {
    Map<String, String> dir = Map.of("direction", e.direction());
    put(e, out, "throughput_bytes_per_second", Units.mbpsInBytes(mbps), Emitter.BYTES_PER_SECOND,
        phase, dir);
    put(e, out, "transferred_bytes", Units.megabytes(megabytes), Emitter.BYTES, phase, dir);
    put(e, out, "cpu_utilization_ratio", Units.scaled(txCpu, -2), Emitter.RATIO, phase,
        Map.of("side", "sender"));
    put(e, out, "cpu_utilization_ratio", Units.scaled(rxCpu, -2), Emitter.RATIO, phase,
        Map.of("side", "receiver"));
    put(e, out, "retransmits_total", Units.scaled(retrans, 0), Emitter.COUNT, phase, Map.of());
    put(e, out, "round_trip_latency_seconds", Units.scaled(rttMs, -3), Emitter.SECONDS, phase,
        Map.of());
    put(e, out, "datagrams_lost_ratio", Units.scaled(lossPercent, -2), Emitter.RATIO, phase,
        Map.of());
  }

  private static void put(Emitter e, ParseSink out, String metric, OptionalDouble v, String unit,
      Phase phase, Map<String, String> labels) {
    if (v.isPresent()) {
      e.emit(out, metric, v.getAsDouble(), unit, phase, labels);
    }
  }
}
