package io.benchtap.sink.prometheus;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.lang.management.ManagementFactory;
import java.util.Map;

/**
 * Keeps benchtap's own meters clean for {@code promtool check metrics}: every {@code benchtap.*}
 * meter registered without a description gets its HELP text here (the same words as the table in
 * docs/metrics.md, "benchtap's own metrics"), and the two meters of Micrometer's
 * {@code ProcessorMetrics} whose names break the Prometheus conventions ({@code process.cpu.time}
 * in nanoseconds, exposed as {@code process_cpu_time_ns_total}; {@code system.cpu.count}, exposed
 * with a {@code _count} suffix that promtool reserves for histograms and summaries) are replaced
 * by {@code process_cpu_seconds_total} and {@code system_cpus}.
 *
 * <p>Install with {@link #install(MeterRegistry)} before any meter is registered: a filter does
 * not touch meters that already exist.
 */
public final class SelfMetrics {
  private static final Map<String, String> HELP = Map.ofEntries(
      Map.entry("benchtap.alerts", "Alerts raised by the analyzer, by kind (container_overhead, regression, changepoint, run_failed)."),
      Map.entry("benchtap.ingest.messages", "MQTT messages received, by kind (out, status, agent, alerts, unknown)."),
      Map.entry("benchtap.ingest.lines", "Benchmark output lines accepted, by tool."),
      Map.entry("benchtap.measurements", "Measurements produced by the parsers, by tool."),
      Map.entry("benchtap.mqtt.connected", "1 when connected to the broker and subscribed, else 0."),
      Map.entry("benchtap.queue.depth", "Work waiting, by queue: unacked (MQTT messages not yet acknowledged), "
          + "<sink>_write (batches waiting for a durable sink's disk), influx (spooled points InfluxDB has not acknowledged)."),
      Map.entry("benchtap.series.live", "Benchmark series currently exposed on /metrics."),
      Map.entry("benchtap.streams.open", "Benchmark streams with parser state."),
      Map.entry("benchtap.ingest.rejected", "Messages or lines refused, by reason (topic, binary, invalid_utf8, too_large, "
          + "line_too_long, bad_header, bad_status, bad_agent_state, unknown_tool, internal)."),
      Map.entry("benchtap.alerts.failed", "Alerts that could not be delivered (MQTT or webhook)."),
      Map.entry("benchtap.run.events", "Run lifecycle events (started, finished, failed), by device, env and tool."),
      Map.entry("benchtap.agent.online", "1 while the device's agent is online, 0 offline (its retained agent state)."),
      Map.entry("benchtap.parse.invalid.samples", "Parser samples refused by the normalizer, by tool."));

  private SelfMetrics() {}

  /**
   * The HELP text benchtap gives a meter registered without one: its own text, and for any other
   * {@code benchtap.*} meter a pointer to the catalog, so no HELP line is ever empty; null for
   * meters of others (Micrometer's binders describe their own).
   */
  static String help(String meterName) {
    String help = HELP.get(meterName);
    return help != null || !meterName.startsWith("benchtap.") ? help
        : "benchtap's own metric " + meterName.replace('.', '_') + " (docs/metrics.md, benchtap's own metrics).";
  }

  /** Adds the filters to the registry and registers the CPU meters that replace Micrometer's. */
  public static void install(MeterRegistry registry) {
    registry.config().meterFilter(new MeterFilter() {
      @Override
      public MeterFilterReply accept(Meter.Id id) {
        return id.getName().equals("process.cpu.time") || id.getName().equals("system.cpu.count")
            ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
      }

      @Override
      public Meter.Id map(Meter.Id id) {
        String help = id.getDescription() == null || id.getDescription().isBlank() ? help(id.getName()) : null;
        return help == null ? id
            : new Meter.Id(id.getName(), io.micrometer.core.instrument.Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), help, id.getType());
      }
    });
    Runtime runtime = Runtime.getRuntime();
    Gauge.builder("system.cpus", runtime, Runtime::availableProcessors)
        .description("Processors available to the Java virtual machine.").register(registry);
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      FunctionCounter.builder("process.cpu", os, o -> o.getProcessCpuTime() / 1e9).baseUnit("seconds")
          .description("CPU time used by the benchtap process.").register(registry);
    }
  }
}
