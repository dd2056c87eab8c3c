package io.benchtap.bench.soak;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The outcome of a soak run: messages published, stored, lost and duplicated; heap and series. */
public final class SoakReport {
  String run;
  long seed;
  List<String> planned = List.of();
  List<String> outages = List.of();
  long published;
  long resent;
  long stored;
  long lost;
  long duplicated;
  long foreign;
  long vmSeries;
  boolean publisherDrained;
  boolean allProcessed;
  boolean sinkDrained;
  final Map<String, Double> counters = new LinkedHashMap<>();
  List<double[]> heap = new ArrayList<>();

  /** Nothing lost, nothing duplicated, nothing unexpected stored. */
  public boolean ok() {
    return published > 0 && lost == 0 && duplicated == 0 && foreign == 0;
  }

  public long published() {
    return published;
  }

  public long lost() {
    return lost;
  }

  public long duplicated() {
    return duplicated;
  }

  public long stored() {
    return stored;
  }

  /** Outages actually carried out. */
  public List<String> outages() {
    return outages;
  }

  /** Heap: first, last, min, max (MB), floor of the first and last third (MB), slope (MB/min). */
  double[] heapTrend() {
    if (heap.isEmpty()) {
      return new double[7];
    }
    int n = heap.size();
    double min = Double.MAX_VALUE;
    double max = 0;
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    for (double[] s : heap) {
      double mb = s[1] / 1048576.0;
      min = Math.min(min, mb);
      max = Math.max(max, mb);
      sx += s[0];
      sy += mb;
      sxx += s[0] * s[0];
      sxy += s[0] * mb;
    }
    double den = n * sxx - sx * sx;
    double slopePerMin = den == 0 ? 0 : (n * sxy - sx * sy) / den * 60;
    int third = Math.max(1, n / 3);
    double firstFloor = heap.subList(0, third).stream().mapToDouble(s -> s[1] / 1048576.0).min().orElse(0);
    double lastFloor = heap.subList(n - third, n).stream().mapToDouble(s -> s[1] / 1048576.0).min().orElse(0);
    return new double[] {heap.get(0)[1] / 1048576.0, heap.get(n - 1)[1] / 1048576.0, min, max, firstFloor, lastFloor, slopePerMin};
  }

  public JsonObject toJson() {
    double[] h = heapTrend();
    JsonArray samples = new JsonArray();
    heap.forEach(s -> samples.add(new JsonArray().add(round(s[0])).add((long) s[1]).add((long) s[2]).add((long) s[3])));
    return new JsonObject().put("run", run).put("seed", seed).put("outagesPlanned", new JsonArray(planned))
        .put("outages", new JsonArray(outages)).put("published", published).put("resentByPublisher", resent)
        .put("stored", stored).put("lost", lost).put("duplicated", duplicated).put("foreign", foreign)
        .put("vmSeries", vmSeries).put("publisherDrained", publisherDrained).put("allProcessed", allProcessed)
        .put("sinkDrained", sinkDrained).put("counters", new JsonObject(new LinkedHashMap<>(counters)))
        .put("heapMb", new JsonObject().put("first", round(h[0])).put("last", round(h[1])).put("min", round(h[2]))
            .put("max", round(h[3])).put("floorFirstThird", round(h[4])).put("floorLastThird", round(h[5]))
            .put("slopePerMinute", round(h[6])))
        .put("heapSamples", new JsonArray().add("seconds, heap bytes, series live, streams open").addAll(samples))
        .put("ok", ok());
  }

  public String text() {
    double[] h = heapTrend();
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "run %s (seed %d)%n", run, seed));
    outages.forEach(x -> sb.append("  outage: ").append(x).append('\n'));
    sb.append(String.format(Locale.ROOT, "published        %d messages (%d sent again by the publishers after a reconnect)%n", published, resent));
    sb.append(String.format(Locale.ROOT, "stored           %d samples in VictoriaMetrics, %d series%n", stored, vmSeries));
    sb.append(String.format(Locale.ROOT, "lost             %d%s%n", lost, lost == 0 ? "" : "   <-- NOT 0"));
    sb.append(String.format(Locale.ROOT, "duplicated       %d%s%n", duplicated, duplicated == 0 ? "" : "   <-- NOT 0"));
    if (foreign > 0) {
      sb.append(String.format(Locale.ROOT, "unexpected       %d values that are no message number%n", foreign));
    }
    counters.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "%-32s %.0f%n", k, v)));
    sb.append(String.format(Locale.ROOT, "benchtap heap    first %.1f MB, last %.1f MB, min %.1f, max %.1f; floor first third %.1f MB,"
        + " last third %.1f MB; slope %+.2f MB/min over %d samples%n", h[0], h[1], h[2], h[3], h[4], h[5], h[6], heap.size()));
    if (!publisherDrained || !allProcessed || !sinkDrained) {
      sb.append(String.format(Locale.ROOT, "waits timed out: publisher drained %s, all processed %s, sink drained %s%n",
          publisherDrained, allProcessed, sinkDrained));
    }
    sb.append(ok() ? "RESULT: OK (lost 0, duplicated 0)\n" : "RESULT: FAILED\n");
    return sb.toString();
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
