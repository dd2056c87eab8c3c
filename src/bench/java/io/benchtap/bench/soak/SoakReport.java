package io.benchtap.bench.soak;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The outcome of a soak run: the faults carried out; messages published; per sink (the
 * line-protocol files and the store) what was stored, lost and duplicated, and in the store what
 * was resent (the same point again, which InfluxDB keeps once); what the witness subscriber saw;
 * benchtap's counters, heap and series.
 */
public final class SoakReport {
  private static final SinkCount NONE = new SinkCount("none", 0, 0, 0, 0, 0, 0, List.of(), List.of());

  String run;
  long seed;
  int streams = 1;
  List<String> planned = List.of();
  List<String> outages = List.of();
  long published;
  long acknowledgedByBroker;
  long resent;
  SinkCount files = NONE;
  SinkCount store = NONE;
  SinkCount witness;
  int serveProcesses;
  int countersUnread;
  boolean publisherDrained;
  boolean sinkDrained;
  final Map<String, Double> counters = new LinkedHashMap<>();
  List<double[]> heap = new ArrayList<>();

  /** Something was published, and nothing lost, duplicated or unexpected in either sink. */
  public boolean ok() {
    return published > 0 && files.clean() && store.clean();
  }

  public long published() {
    return published;
  }

  /** The values in the line-protocol files of the file sink. */
  public SinkCount files() {
    return files;
  }

  /** The values in VictoriaMetrics, written by the InfluxDB sink. */
  public SinkCount store() {
    return store;
  }

  /** Faults actually carried out, one line each, starting with the service. */
  public List<String> outages() {
    return outages;
  }

  /** Faults carried out on the service ({@code broker}, {@code victoria-metrics}, {@code benchtap-serve}). */
  public long faults(String service) {
    return outages.stream().filter(s -> s.startsWith(service + ":")).count();
  }

  /**
   * Heap: first, last, min, max (MB), floor of the first and last third (MB), slope (MB/min)
   * within serve processes (a fit with one intercept per process, so the drop at a kill does not
   * count as a fall).
   */
  double[] heapTrend() {
    if (heap.isEmpty()) {
      return new double[7];
    }
    int n = heap.size();
    double min = Double.MAX_VALUE;
    double max = 0;
    for (double[] s : heap) {
      min = Math.min(min, mb(s));
      max = Math.max(max, mb(s));
    }
    Map<Double, List<double[]>> byProcess = heap.stream().collect(Collectors.groupingBy(s -> s.length > 4 ? s[4] : 0));
    double sxy = 0;
    double sxx = 0;
    for (List<double[]> samples : byProcess.values()) {
      double mx = samples.stream().mapToDouble(s -> s[0]).average().orElse(0);
      double my = samples.stream().mapToDouble(SoakReport::mb).average().orElse(0);
      for (double[] s : samples) {
        sxy += (s[0] - mx) * (mb(s) - my);
        sxx += (s[0] - mx) * (s[0] - mx);
      }
    }
    double slopePerMin = sxx == 0 ? 0 : sxy / sxx * 60;
    int third = Math.max(1, n / 3);
    double firstFloor = heap.subList(0, third).stream().mapToDouble(SoakReport::mb).min().orElse(0);
    double lastFloor = heap.subList(n - third, n).stream().mapToDouble(SoakReport::mb).min().orElse(0);
    return new double[] {mb(heap.get(0)), mb(heap.get(n - 1)), min, max, firstFloor, lastFloor, slopePerMin};
  }

  private static double mb(double[] sample) {
    return sample[1] / 1048576.0;
  }

  public JsonObject toJson() {
    double[] h = heapTrend();
    JsonArray samples = new JsonArray();
    heap.forEach(s -> samples.add(new JsonArray().add(round(s[0])).add((long) s[1]).add((long) s[2]).add((long) s[3])
        .add(s.length > 4 ? (long) s[4] : 1)));
    return new JsonObject().put("run", run).put("seed", seed).put("faultsPlanned", new JsonArray(planned))
        .put("faults", new JsonArray(outages))
        .put("faultCounts", new JsonObject().put("serveKills", faults("benchtap-serve")).put("brokerRestarts", faults("broker"))
            .put("vmOutages", faults("victoria-metrics")))
        .put("published", published).put("acknowledgedByBroker", acknowledgedByBroker).put("resentByPublisher", resent)
        .put("files", files.toJson()).put("store", store.toJson()).put("witness", witness == null ? null : witness.toJson())
        .put("serveProcesses", serveProcesses).put("countersUnreadBeforeKill", countersUnread)
        .put("publisherDrained", publisherDrained).put("sinkDrained", sinkDrained)
        .put("counters", new JsonObject(new LinkedHashMap<>(counters)))
        .put("heapMb", new JsonObject().put("first", round(h[0])).put("last", round(h[1])).put("min", round(h[2]))
            .put("max", round(h[3])).put("floorFirstThird", round(h[4])).put("floorLastThird", round(h[5]))
            .put("slopePerMinuteWithinProcesses", round(h[6])))
        .put("heapSamples", new JsonArray().add("seconds, heap bytes, series live, streams open, serve process").addAll(samples))
        .put("ok", ok());
  }

  public String text() {
    double[] h = heapTrend();
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "run %s (seed %d)%n", run, seed));
    outages.forEach(x -> sb.append("  fault: ").append(x).append('\n'));
    sb.append(String.format(Locale.ROOT, "faults           %d SIGKILLs of benchtap serve, %d broker restarts, %d VictoriaMetrics outages%n",
        faults("benchtap-serve"), faults("broker"), faults("victoria-metrics")));
    sb.append(String.format(Locale.ROOT, "published        %d messages, %d acknowledged by the broker (%d sent again by the publishers"
        + " after a reconnect)%n", published, acknowledgedByBroker, resent));
    if (witness != null) {
      sb.append(String.format(Locale.ROOT, "witness          %d of %d values received by a second subscriber (mosquitto_sub), %d"
          + " delivered again%s%n", published - witness.lost(), published, witness.duplicated(),
          witness.lost() == 0 ? "" : "; missing: " + values(witness.lostValues())));
    }
    sb.append(String.format(Locale.ROOT, "files            %d values in %d file(s): lost %d, duplicated %d%s%n", files.values(),
        files.series(), files.lost(), files.duplicated(), flag(files)));
    sb.append(String.format(Locale.ROOT, "store            %d points in VictoriaMetrics, %d series: lost %d, duplicated %d%s; resent (same"
        + " point in InfluxDB) %d%n", store.values(), store.series(), store.lost(), store.duplicated(), flag(store), store.resent()));
    for (SinkCount c : List.of(files, store)) {
      if (c.lost() > 0) {
        sb.append("  lost from the ").append(c.where()).append(": ").append(values(c.lostValues())).append('\n');
      }
      if (c.duplicated() > 0) {
        sb.append("  twice in the ").append(c.where()).append(": ").append(values(c.duplicatedValues())).append('\n');
      }
      if (c.foreign() > 0) {
        sb.append(String.format(Locale.ROOT, "  %d values in the %s are no message number%n", c.foreign(), c.where()));
      }
    }
    sb.append(String.format(Locale.ROOT, "benchtap serve   %d processes; counters summed over them (each killed one's as read just before"
        + " the kill%s):%n", serveProcesses, countersUnread == 0 ? "" : "; " + countersUnread + " could not be read"));
    counters.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "  %-34s %.0f%n", k, v)));
    sb.append(String.format(Locale.ROOT, "benchtap heap    first %.1f MB, last %.1f MB, min %.1f, max %.1f; floor first third %.1f MB,"
        + " last third %.1f MB; slope within processes %+.2f MB/min over %d samples%n", h[0], h[1], h[2], h[3], h[4], h[5], h[6],
        heap.size()));
    if (!publisherDrained || !sinkDrained) {
      sb.append(String.format(Locale.ROOT, "waits timed out: publisher drained %s, InfluxDB sink drained %s%n", publisherDrained,
          sinkDrained));
    }
    sb.append(ok() ? "RESULT: OK (lost 0, duplicated 0 in the files and in the store)\n" : "RESULT: FAILED\n");
    return sb.toString();
  }

  private static String flag(SinkCount c) {
    return c.clean() ? "" : "   <-- NOT 0";
  }

  /** Message numbers with their stream and seq (message N: stream N mod streams, seq N div streams). */
  private String values(List<Long> ns) {
    return ns.stream().map(n -> String.format(Locale.ROOT, "%d (soak-%d seq %d)", n, n % streams, n / streams))
        .collect(Collectors.joining(", ")) + (ns.size() >= 20 ? ", ..." : "");
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
