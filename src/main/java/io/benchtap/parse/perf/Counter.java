package io.benchtap.parse.perf;

import io.benchtap.parse.support.SampleEmitter;
import io.benchtap.model.Phase;
import io.benchtap.parse.ParseSink;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One counter reading, from a text or CSV line, and how it becomes samples:
 * <ul>
 *   <li>no unit: {@code perf_events_total{event}} (a count);
 *   <li>a time unit ({@code msec}, {@code ns}, {@code usec}, {@code sec}): {@code task-clock}
 *       gives {@code task_clock_seconds}, any other event {@code perf_event_seconds{event}};
 *   <li>{@code <not supported>} / {@code <not counted>}: nothing at all;
 *   <li>metric {@code CPUs utilized}: {@code cpus_utilized}, the number of CPUs busy as
 *       printed (1.0 = one CPU, can exceed 1);
 *   <li>an enabled percentage below 100 (multiplexing, {@code (75.00%)}):
 *       {@code perf_event_enabled_ratio{event}} = percent / 100.
 * </ul>
 * With {@code -A} the {@code CPU<n>} column becomes label {@code cpu}. {@link #emit} returns
 * null, or the reason to report the line as unparsed (bad number, unsupported unit).
 */
final class Counter {

  static final int MAX_LABEL = 64;

  private Counter() {}

  static String emit(SampleEmitter e, ParseSink out, Phase phase, String cpu, String value, String unit,
      String event, BigDecimal cpus, BigDecimal enabledPercent) {
    if (value.startsWith("<not ")) {
      return null;
    }
    BigDecimal v = Numbers.counter(value);
    if (v == null || event.isEmpty()) {
      return "bad number";
    }
    Map<String, String> base = new LinkedHashMap<>();
    if (cpu != null) {
      base.put("cpu", cpu);
    }
    Map<String, String> withEvent = new LinkedHashMap<>(base);
    withEvent.put("event", label(event));
    int timeScale = switch (unit) {
      case "msec", "ms" -> -3;
      case "usec", "us" -> -6;
      case "nsec", "ns" -> -9;
      case "sec", "s" -> 0;
      default -> 1;
    };
    if (unit.isEmpty()) {
      e.emit(out, "perf_events_total", Numbers.finite(v), "count", phase, withEvent);
    } else if (timeScale <= 0) {
      double seconds = Numbers.finite(v.scaleByPowerOfTen(timeScale));
      if (event.equals("task-clock")) {
        e.emit(out, "task_clock_seconds", seconds, "seconds", phase, base);
      } else {
        e.emit(out, "perf_event_seconds", seconds, "seconds", phase, withEvent);
      }
    } else {
      return "unsupported unit";
    }
    if (cpus != null) {
      e.emit(out, "cpus_utilized", Numbers.finite(cpus), "count", phase, base);
    }
    if (enabledPercent != null && enabledPercent.compareTo(BigDecimal.valueOf(100)) < 0) {
      e.emit(out, "perf_event_enabled_ratio", Numbers.finite(enabledPercent.movePointLeft(2)),
          "ratio", phase, withEvent);
    }
    return null;
  }

  /** The event name as a bounded label value: [A-Za-z0-9_.:/-], others '_', at most 64 chars. */
  static String label(String event) {
    String s = event.replaceAll("[^A-Za-z0-9_.:/-]", "_");
    return s.length() > MAX_LABEL ? s.substring(0, MAX_LABEL) : s;
  }
}
