package io.benchtap.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What {@code benchtap-bench bench} measured: one row per phase, the targets, as a table and as JSON. */
public final class BenchReport {
  /** Ratio of benchtap's sustained ingest rate to mosquitto_sub's that the brief asks for. */
  public static final double TARGET_RATIO = 0.9;
  /** p99 publish-to-sink latency at half of benchtap's maximum rate, milliseconds. */
  public static final double TARGET_P99_MS = 50;
  /** Heap after GC with 10,000 live streams, bytes. */
  public static final long TARGET_HEAP_BYTES = 256L << 20;

  /**
   * One phase. Rates are output messages per second (one line each unless --lines-per-message),
   * lines and measurements per second as counted by the consumer over its sustained window. CPU:
   * microseconds of CPU per consumed message, of this JVM (load generator, plus benchtap when it
   * is the consumer) and of the mosquitto_sub process. {@code droppedAsDuplicates}: benchtap's
   * {@code benchtap_ingest_duplicates_total} over the phase (the bench never publishes a message
   * twice, so each is a message the broker delivered twice). {@code heldForOrder}: messages that
   * arrived ahead of an earlier one of their stream and waited for it
   * ({@code benchtap_ingest_held_total}); {@code gaps}: sequence numbers given up
   * ({@code benchtap_ingest_gaps_total}).
   */
  public record Phase(String name, int round, String consumer, int streams, double targetRate, long publishedOut,
      long publishedStatus, double publishRate, long consumedOut, double windowSeconds, double outRate, double linesRate,
      double measurementsRate, LatencyProbe.Latency latency, long heapAfterGcBytes, boolean complete, double jvmCpuMicrosPerMessage,
      double consumerCpuMicrosPerMessage, long droppedAsDuplicates, long heldForOrder, long gaps) {}

  /** The live-streams phase: heap and benchtap's own gauges after every stream sent one message. */
  public record Live(int streams, long heapBeforeBytes, long heapAfterBytes, double streamsOpen, double seriesLive,
      double seconds, boolean complete) {}

  final List<Phase> phases = new ArrayList<>();
  Live live;
  long heapMaxBytes;
  long heapLimitBytes;
  long heapEndBytes;
  JsonObject setup = new JsonObject();

  Phase phase(String name) {
    return phases.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
  }

  /** Per round, benchtap's sustained rate over mosquitto_sub's in the same round. */
  public List<Double> ratios() {
    List<Double> out = new ArrayList<>();
    for (Phase b : phases) {
      if (!b.name().equals("baseline") || b.outRate() <= 0) {
        continue;
      }
      phases.stream().filter(m -> m.name().equals("max") && m.round() == b.round()).findFirst()
          .ifPresent(m -> out.add(m.outRate() / b.outRate()));
    }
    return out;
  }

  /** The median of {@link #ratios()}, or NaN without a baseline. */
  public double ratio() {
    return BenchRunner.median(ratios());
  }

  public JsonObject toJson() {
    JsonArray ps = new JsonArray();
    for (Phase p : phases) {
      JsonObject j = new JsonObject().put("name", p.name()).put("round", p.round()).put("consumer", p.consumer()).put("streams", p.streams())
          .put("targetRate", p.targetRate()).put("publishedOut", p.publishedOut()).put("publishedStatus", p.publishedStatus())
          .put("publishRate", round(p.publishRate())).put("consumedOut", p.consumedOut()).put("windowSeconds", round(p.windowSeconds()))
          .put("outMessagesPerSecond", round(p.outRate())).put("heapAfterGcBytes", p.heapAfterGcBytes())
          .put("complete", p.complete());
      if (p.consumer().equals("benchtap")) {
        j.put("droppedAsDuplicates", p.droppedAsDuplicates()).put("heldForOrder", p.heldForOrder()).put("gaps", p.gaps());
      }
      if (Double.isFinite(p.jvmCpuMicrosPerMessage())) {
        j.put("jvmCpuMicrosPerMessage", round(p.jvmCpuMicrosPerMessage()));
      }
      if (Double.isFinite(p.consumerCpuMicrosPerMessage())) {
        j.put("mosquittoSubCpuMicrosPerMessage", round(p.consumerCpuMicrosPerMessage()));
      }
      if (Double.isFinite(p.linesRate())) {
        j.put("linesPerSecond", round(p.linesRate())).put("measurementsPerSecond", round(p.measurementsRate()));
      }
      if (p.latency() != null && p.latency().count() > 0) {
        j.put("latencyMs", new JsonObject().put("count", p.latency().count()).put("p50", round(p.latency().p50()))
            .put("p99", round(p.latency().p99())).put("max", round(p.latency().max())));
      }
      ps.add(j);
    }
    JsonObject out = new JsonObject().put("setup", setup).put("phases", ps).put("heapMaxBytes", heapMaxBytes)
        .put("heapEndAfterGcBytes", heapEndBytes).put("heapLimitBytes", heapLimitBytes);
    if (live != null) {
      out.put("live", new JsonObject().put("streams", live.streams()).put("heapBeforeBytes", live.heapBeforeBytes())
          .put("heapAfterGcBytes", live.heapAfterBytes()).put("streamsOpen", live.streamsOpen())
          .put("seriesLive", live.seriesLive()).put("seconds", round(live.seconds())).put("complete", live.complete()));
    }
    JsonObject targets = new JsonObject();
    if (!Double.isNaN(ratio())) {
      targets.put("ratio", target(round(ratio()), ratio() >= TARGET_RATIO, ">= " + TARGET_RATIO + " (median of "
          + ratios().size() + " rounds)"));
      out.put("ratios", new JsonArray(ratios().stream().map(BenchReport::round).toList()));
    }
    Phase half = phase("half");
    if (half != null && half.latency() != null && half.latency().count() > 0) {
      targets.put("p99HalfRateMs", target(round(half.latency().p99()), half.latency().p99() < TARGET_P99_MS, "< " + TARGET_P99_MS));
    }
    if (live != null) {
      targets.put("heapLiveStreamsBytes", target(live.heapAfterBytes(), live.heapAfterBytes() < TARGET_HEAP_BYTES,
          "< " + TARGET_HEAP_BYTES + " with " + live.streams() + " streams"));
    }
    return out.put("targets", targets);
  }

  private static JsonObject target(Object value, boolean met, String goal) {
    return new JsonObject().put("value", value).put("goal", goal).put("met", met);
  }

  /** The human-readable table. */
  public String table() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-11s %-14s %7s %9s %11s %11s %11s %12s %9s %9s %9s %9s %11s%n", "phase", "consumer", "streams",
        "target/s", "published/s", "msgs/s", "lines/s", "measure/s", "p50 ms", "p99 ms", "max ms", "heapGC MB", "cpu us/msg"));
    for (Phase p : phases) {
      LatencyProbe.Latency l = p.latency();
      boolean hasL = l != null && l.count() > 0;
      String cpu = String.format(Locale.ROOT, "%.0f", p.jvmCpuMicrosPerMessage())
          + (Double.isFinite(p.consumerCpuMicrosPerMessage()) ? String.format(Locale.ROOT, "+%.0f", p.consumerCpuMicrosPerMessage()) : "");
      sb.append(String.format(Locale.ROOT, "%-11s %-14s %7d %9s %11.0f %11.0f %11s %12s %9s %9s %9s %9s %11s%s%n",
          p.name() + "#" + p.round(), p.consumer(),
          p.streams(), p.targetRate() > 0 ? String.format(Locale.ROOT, "%.0f", p.targetRate()) : "max", p.publishRate(), p.outRate(),
          p.consumer().equals("mosquitto_sub") ? "-" : String.format(Locale.ROOT, "%.0f", p.linesRate()),
          p.consumer().equals("mosquitto_sub") ? "-" : String.format(Locale.ROOT, "%.0f", p.measurementsRate()),
          hasL ? fmt(l.p50()) : "-", hasL ? fmt(l.p99()) : "-", hasL ? fmt(l.max()) : "-",
          p.heapAfterGcBytes() > 0 ? String.format(Locale.ROOT, "%.1f", mb(p.heapAfterGcBytes())) : "-", cpu,
          (p.complete() ? "" : "  (INCOMPLETE: not everything arrived in time)")
              + (p.droppedAsDuplicates() > 0 ? "  (" + p.droppedAsDuplicates() + " dropped as duplicates)" : "")
              + (p.heldForOrder() > 0 ? "  (" + p.heldForOrder() + " held for order, " + p.gaps() + " gaps)" : "")));
    }
    if (live != null) {
      sb.append(String.format(Locale.ROOT, "live streams: %d streams one message each in %.1f s: heap after GC %.1f MB (%.1f MB before),"
          + " benchtap_streams_open %.0f, benchtap_series_live %.0f%s%n", live.streams(), live.seconds(), mb(live.heapAfterBytes()),
          mb(live.heapBeforeBytes()), live.streamsOpen(), live.seriesLive(), live.complete() ? "" : " (INCOMPLETE)"));
    }
    sb.append("cpu us/msg: CPU time of this JVM (load generator, and benchtap in its phases) per consumed message;"
        + " +N: of the mosquitto_sub process\n");
    sb.append(String.format(Locale.ROOT, "heap: max used seen %.1f MB, after GC at the end %.1f MB, limit %.0f MB%n",
        mb(heapMaxBytes), mb(heapEndBytes), mb(heapLimitBytes)));
    if (!ratios().isEmpty()) {
      sb.append("ratio benchtap/mosquitto_sub per round: ").append(ratios().stream()
          .map(r -> String.format(Locale.ROOT, "%.2f", r)).toList()).append('\n');
    }
    JsonObject t = toJson().getJsonObject("targets");
    for (String k : t.fieldNames()) {
      JsonObject v = t.getJsonObject(k);
      sb.append(String.format(Locale.ROOT, "target %-22s %-14s goal %-36s %s%n", k, v.getValue("value"), v.getString("goal"),
          v.getBoolean("met") ? "MET" : "NOT MET"));
    }
    return sb.toString();
  }

  static double mb(long bytes) {
    return bytes / 1048576.0;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, v < 10 ? "%.2f" : "%.1f", v);
  }

  static double round(double v) {
    return Double.isFinite(v) ? Math.round(v * 100) / 100.0 : v;
  }
}
