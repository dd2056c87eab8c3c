package io.benchtap.agent.campaign;

import io.benchtap.config.Nearest;
import io.benchtap.parse.MetricCatalog;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A campaign file: the paper's experiment as data. A matrix of tools × env (native, lxc) × net
 * (host, veth, macvlan — for network tools) × instances × repetitions, each tool with its command
 * line. Loaded from YAML with a safe constructor and validated; every error names the key.
 *
 * <pre>
 * name: quick
 * envs: [native, lxc]
 * nets: [veth, macvlan]          # container network drivers for network tools (native uses host)
 * instances: [1, 2]
 * repetitions: {count: 3}        # or {until_stable: {rsd: 0.035, min: 3, max: 10}}
 * tools:
 *   - name: sysbench
 *     command: sysbench cpu --cpu-max-prime=10000 --threads=1 --time=5 --report-interval=1 run
 *     headline: {metric: events_per_second, aggregate: sum}
 *   - name: iperf3
 *     server: iperf3 -s -1 -B {server} -p 52{instance}1
 *     command: iperf3 -c {server} -p 52{instance}1 -t 5 -i 1 --forceflush
 *     headline: {metric: throughput_bytes_per_second, labels: {direction: receiver}, aggregate: sum}
 *   - name: netperf-tcp-rr
 *     tool: netperf
 *     server: netserver -D -L {server} -p 12{instance2}0
 *     command: netperf -H {server} -p 12{instance2}0 -t TCP_RR -l 5 -- -r 100,200
 *     headline: {metric: round_trip_latency_seconds, aggregate: mean}
 *     install: Debian non-free (HP's licence); bin/setup installs it, or build https://github.com/HewlettPackard/netperf
 * </pre>
 */
public record Campaign(String name, String device, List<String> envs, List<String> nets, List<Integer> instances,
    Repetitions repetitions, List<ToolSpec> tools, Limits limits) {

  /** How often each cell runs: a fixed count, or until the headline's relative standard deviation is below rsd. */
  public record Repetitions(int count, double rsd, int min, int max) {
    public boolean untilStable() {
      return rsd > 0;
    }
  }

  /** Optional cgroup limits for LXC instances. */
  public record Limits(Integer cpuShares, Long memoryBytes) {}

  /**
   * The value a repetition is judged by: a final metric, optionally with labels, summed or
   * averaged over instances as the metric's declaration says ({@link MetricCatalog#aggregate}) (as the report does).
   */
  public record Headline(String metric, Map<String, String> labels, String aggregate) {}

  /**
   * One tool of the matrix. {@code server} is set for network tools (run on the DUT, the command
   * on the TM). Placeholders: {instance}, {server} (the address of the instance's server),
   * {seconds} (the campaign's duration scale, if any). {@code install}, optional, says how to get
   * the tool; it is printed when the tool is not installed here.
   */
  public record ToolSpec(String name, String tool, String command, String server, Headline headline, int timeoutSeconds,
      String install) {
    public boolean network() {
      return server != null;
    }
  }

  private static final Set<String> ENVS = Set.of("native", "lxc");
  // The keys each level of a campaign file knows, in the order the class comment shows them.
  private static final List<String> TOP_KEYS = List.of("name", "device", "envs", "nets", "instances", "repetitions", "tools", "limits");
  private static final List<String> REPETITION_KEYS = List.of("count", "until_stable");
  private static final List<String> STABLE_KEYS = List.of("rsd", "min", "max");
  private static final List<String> LIMIT_KEYS = List.of("cpu_shares", "memory_bytes");
  private static final List<String> TOOL_KEYS = List.of("name", "tool", "command", "server", "headline", "timeout_seconds", "install");
  private static final List<String> HEADLINE_KEYS = List.of("metric", "labels", "aggregate");
  private static final Set<String> NETS = Set.of("veth", "macvlan");

  /** Reads and validates a campaign file. */
  public static Campaign load(Path file) throws IOException {
    Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
    if (!(doc instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(file + ": expected a YAML mapping at the top");
    }
    return from(new JsonObject(toStringKeys(map)), file.toString());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> toStringKeys(Map<?, ?> m) {
    Map<String, Object> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(String.valueOf(k), v instanceof Map<?, ?> mm ? toStringKeys(mm)
        : v instanceof List<?> l ? l.stream().map(x -> x instanceof Map<?, ?> xm ? toStringKeys(xm) : x).toList() : v));
    return out;
  }

  static Campaign from(JsonObject j, String where) {
    // Unknown keys first: a misspelt key must be named as such, not reported as the missing
    // one, and never silently leave its default (instance: for instances: ran the wrong matrix).
    knownKeys(j, where, "", TOP_KEYS);
    String name = str(j, "name", where, null);
    if (!name.matches("[A-Za-z0-9_.-]{1,40}")) {
      throw bad(where, "name", "1-40 characters of A-Z a-z 0-9 _ . -", name);
    }
    List<String> envs = strings(j, "envs", where, List.of("native", "lxc"));
    envs.forEach(e -> {
      if (!ENVS.contains(e)) {
        throw bad(where, "envs", "native and/or lxc", e);
      }
    });
    List<String> nets = strings(j, "nets", where, List.of("veth", "macvlan"));
    nets.forEach(n -> {
      if (!NETS.contains(n)) {
        throw bad(where, "nets", "veth and/or macvlan (native runs use host)", n);
      }
    });
    List<Integer> instances = new ArrayList<>();
    JsonArray ia = j.getJsonArray("instances", new JsonArray().add(1));
    for (Object o : ia) {
      if (!(o instanceof Integer i) || i < 1 || i > 16) {
        throw bad(where, "instances", "integers 1..16", o);
      }
      instances.add(i);
    }
    JsonObject rep = j.getJsonObject("repetitions", new JsonObject().put("count", 1));
    Repetitions r;
    knownKeys(rep, where, "repetitions.", REPETITION_KEYS);
    if (rep.containsKey("until_stable")) {
      JsonObject u = rep.getJsonObject("until_stable");
      knownKeys(u, where, "repetitions.until_stable.", STABLE_KEYS);
      double rsd = u.getNumber("rsd", 0.035).doubleValue();
      int min = u.getInteger("min", 3);
      int max = u.getInteger("max", 50);
      if (!(rsd > 0 && rsd < 1) || min < 2 || max < min) {
        throw bad(where, "repetitions.until_stable", "0 < rsd < 1, min >= 2, max >= min", u.encode());
      }
      r = new Repetitions(0, rsd, min, max);
    } else {
      int count = rep.getInteger("count", 1);
      if (count < 1 || count > 1000) {
        throw bad(where, "repetitions.count", "1..1000", count);
      }
      r = new Repetitions(count, 0, count, count);
    }
    JsonObject lim = j.getJsonObject("limits", new JsonObject());
    knownKeys(lim, where, "limits.", LIMIT_KEYS);
    Limits limits = new Limits(lim.getInteger("cpu_shares"), lim.getLong("memory_bytes"));
    List<ToolSpec> tools = new ArrayList<>();
    JsonArray ta = j.getJsonArray("tools");
    if (ta == null || ta.isEmpty()) {
      throw bad(where, "tools", "a non-empty list", null);
    }
    for (int k = 0; k < ta.size(); k++) {
      JsonObject t = ta.getJsonObject(k);
      String at = where + ": tools[" + k + "]";
      knownKeys(t, at, "", TOOL_KEYS);
      String tname = str(t, "name", at, null);
      if (!tname.matches("[A-Za-z0-9_.-]{1,40}")) {
        throw bad(at, "name", "1-40 characters of A-Z a-z 0-9 _ . - (it starts the cell label)", tname);
      }
      String tool = str(t, "tool", at, tname.replaceAll("[^a-z0-9].*$", ""));
      JsonObject h = t.getJsonObject("headline");
      if (h == null) {
        throw bad(at, "headline", "{metric: ..., aggregate: sum|mean}", null);
      }
      knownKeys(h, at, "headline.", HEADLINE_KEYS);
      Map<String, String> hl = new LinkedHashMap<>();
      h.getJsonObject("labels", new JsonObject()).forEach(e -> hl.put(e.getKey(), String.valueOf(e.getValue())));
      String metric = str(h, "metric", at + ".headline", null);
      // A headline the tool never emits would only show as "no ... in the output" after each run.
      java.util.SortedSet<String> declared = MetricCatalog.standard().metricsOf(tool);
      if (!declared.isEmpty() && !declared.contains(metric)) {
        throw bad(at, "headline.metric", "a metric the " + tool + " parser declares (" + String.join(", ", declared) + ")",
            metric + Nearest.hint(metric, declared));
      }
      // The report and /api/overhead combine instances by the metric's Aggregate: the headline
      // may only say the same, so the printed headline and the report show one quantity.
      String agg = MetricCatalog.standard().aggregate(metric).wire();
      if (!agg.equals(h.getString("aggregate", agg))) {
        throw bad(at, "headline.aggregate", agg + " (how the report combines the instances' " + metric + "; or leave it out)",
            h.getString("aggregate"));
      }
      tools.add(new ToolSpec(tname, tool, str(t, "command", at, null), t.getString("server"),
          new Headline(metric, hl, agg), t.getInteger("timeout_seconds", 600),
          t.getString("install")));
    }
    return new Campaign(name, j.getString("device"), envs, nets, instances, r, tools, limits);
  }

  private static void knownKeys(JsonObject j, String where, String prefix, List<String> known) {
    for (String key : j.fieldNames()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException(where + ": unknown key '" + prefix + key + "'"
            + Nearest.hint(key, known) + " (known" + (prefix.isEmpty() ? "" : " in " + prefix.substring(0, prefix.length() - 1))
            + ": " + String.join(", ", known) + ")");
      }
    }
  }

  private static String str(JsonObject j, String key, String where, String def) {
    Object v = j.getValue(key);
    if (v == null) {
      if (def == null) {
        throw bad(where, key, "a value", null);
      }
      return def;
    }
    return String.valueOf(v);
  }

  private static List<String> strings(JsonObject j, String key, String where, List<String> def) {
    JsonArray a = j.getJsonArray(key);
    if (a == null) {
      return def;
    }
    List<String> out = new ArrayList<>();
    a.forEach(o -> out.add(String.valueOf(o)));
    if (out.isEmpty()) {
      throw bad(where, key, "a non-empty list", "[]");
    }
    return out;
  }

  private static IllegalArgumentException bad(String where, String key, String expected, Object got) {
    return new IllegalArgumentException(where + ": " + key + ": expected " + expected + (got == null ? "" : ", got " + got));
  }
}
