package io.benchtap.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.deploy.Dashboards;
import io.benchtap.deploy.Dashboards.Kind;
import io.benchtap.deploy.Dashboards.Query;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every PromQL expression of the Grafana dashboards and the alerting rules, run against the real
 * Prometheus of bin/test after real data went the whole way: {@code benchtap serve} (a separate JVM
 * on the port Prometheus scrapes) is fed through the real Mosquitto with real sysbench and iperf3
 * runs (mosquitto_pub and the Java agent, parallel instances, a run that fails, one still running)
 * and with the committed real outputs of src/test/resources/outputs, published natively and as LXC
 * over veth and macvlan with status events of one campaign, so the analyzer exports overheads.
 *
 * <p>Then: every metric name any expression refers to has data in Prometheus; every dashboard panel
 * query returns data (template variables as {@code .*}, {@code $__rate_interval} 1m, {@code $__range}
 * 5m); every label_values variable has values; annotation and rule expressions (conditions that are
 * rightly empty now) evaluate without error; Prometheus loaded every rule without errors. A typo or
 * a renamed metric fails the build, with the list of expressions that found nothing.
 */
class DashboardQueriesIT {
  @TempDir
  static Path dir;
  private static Process serve;
  private static int port;
  private static final String ID = UUID.randomUUID().toString().substring(0, 6);
  private static final String DEVICE = "dash-" + ID;
  /** The campaign of the fixtures (native, lxc/veth, lxc/macvlan): the analyzer pairs them. */
  private static final String CAMPAIGN = "dash-fixtures-" + ID;
  /** The campaign of the real sysbench runs. */
  private static final String LIVE_CAMPAIGN = "dash-live-" + ID;
  private static final List<Process> BACKGROUND = new ArrayList<>();
  private static final Path OUTPUTS = Path.of("src/test/resources/outputs").toAbsolutePath();
  private static final String SYSBENCH_CPU = "sysbench cpu --threads=1 --cpu-max-prime=5000 --time=3 --report-interval=1 run";

  /**
   * Pairs of real outputs of one benchmark, instance 1 and instance 2 of every environment: two
   * different values per cell and side, and the same metrics in both (so every cell has two values).
   */
  private static final Map<String, List<String>> FIXTURES = new LinkedHashMap<>();

  static {
    FIXTURES.put("sysbench", List.of("sysbench/sysbench10_cpu_t1_interval", "sysbench/sysbench10_cpu_t2_interval"));
    FIXTURES.put("stream", List.of("stream/stream510_default", "stream/stream510_omp2"));
    FIXTURES.put("iperf3", List.of("iperf3/iperf3_tcp_client", "iperf3/iperf3_tcp_reverse_client"));
    FIXTURES.put("hpl", List.of("hpl/hpl21_siliconx_asc", "hpl/hpcc150_n1000_p1q1"));
    FIXTURES.put("netperf", List.of("netperf/netperf_tcp_rr_doc", "netperf/netperf_tcp_rr_migrated_doc"));
  }

  @BeforeAll
  static void startServe() throws Exception {
    port = ItEnv.scrapedHttpPort();
    ScrapedPort.awaitFree(port, Duration.ofSeconds(90));
    File log = dir.resolve("serve.log").toFile();
    serve = new ProcessBuilder("java", "-jar", ItEnv.jar(), "serve",
        "--mqtt-host", "127.0.0.1", "--mqtt-port", String.valueOf(ItEnv.mqttPort()), "--http-port", String.valueOf(port),
        "--set", "mqtt.clientId=benchtap-" + DEVICE, "--set", "influx.url=" + ItEnv.vmUrl(),
        "--set", "influx.flushIntervalMs=200", "--set", "file.enabled=true", "--set", "file.dir=" + dir.resolve("data"),
        // Two repetitions a side here: judge them, so that the bounds every panel shows exist.
        "--set", "analysis.minSamples=2")
        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log).start();
    ItEnv.await("benchtap serve healthy (log: " + log + ")", Duration.ofSeconds(60),
        () -> ItEnv.http("http://127.0.0.1:" + port + "/health").status() == 200);
  }

  @AfterAll
  static void stopAll() throws Exception {
    for (Process p : BACKGROUND) {
      kill(p);
    }
    ScrapedPort.stop(serve, port);
    // Kept for a look after a failure (the temporary directory goes away).
    Path log = dir.resolve("serve.log");
    if (Files.exists(log)) {
      Files.copy(log, Path.of("target", "DashboardQueriesIT-serve.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Test
  void everyDashboardAndRuleExpressionFindsItsDataInPrometheus() throws Exception {
    feedRealRunsAndFixtures();

    String overhead = "benchtap_overhead_ratio{device=\"" + DEVICE + "\"}";
    ItEnv.await("Prometheus has the analyzer's " + overhead + " (serve log: target/DashboardQueriesIT-serve.log)",
        Duration.ofSeconds(60), () -> !query(overhead).getJsonArray("result").isEmpty());

    List<Query> queries = new ArrayList<>(Dashboards.allDashboardQueries());
    queries.addAll(Dashboards.ruleQueries());
    assertThat(queries.stream().filter(q -> q.kind() == Kind.PANEL && q.promql())).hasSizeGreaterThan(50);
    // Rates need two scrapes, the analyzer recomputes every 2 s: retry for a while, then report what is left.
    List<String> problems = check(queries);
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!problems.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(2000);
      problems = check(queries);
    }
    assertThat(problems).as("expressions that returned nothing or failed (variables as .*, $__rate_interval 1m, "
        + "$__range 5m; Prometheus %s; serve log target/DashboardQueriesIT-serve.log)", ItEnv.promUrl()).isEmpty();

    rulesAreLoadedWithoutErrors();
    System.out.printf("checked %d dashboard and rule expressions against %s: %s%n", queries.size(), ItEnv.promUrl(),
        queries.stream().collect(Collectors.groupingBy(q -> q.kind() + (q.promql() ? "" : " (Flux, not run)"),
            java.util.TreeMap::new, Collectors.counting())));
  }

  /** What is wrong: metric names without data, panel queries without data, queries that fail. */
  private static List<String> check(List<Query> queries) {
    List<String> problems = new ArrayList<>();
    Map<String, Set<String>> usedBy = new LinkedHashMap<>();
    for (Query q : queries) {
      if (!q.promql()) {
        continue; // Flux on InfluxDB: bin/test has no InfluxDB 2 (checked statically by DashboardJsonTest)
      }
      String expr = q.kind() == Kind.VARIABLE ? Dashboards.labelValuesAsPromql(q.text()) : q.text();
      if (expr == null) {
        problems.add("not a label_values(...) variable query: " + q);
        continue;
      }
      for (String name : Dashboards.metricNames(expr)) {
        usedBy.computeIfAbsent(name, n -> new TreeSet<>()).add(q.file() + " / " + q.where());
      }
      String runnable = Dashboards.substitute(expr);
      JsonObject data;
      try {
        data = query(runnable);
      } catch (RuntimeException e) {
        problems.add("query failed (" + e.getMessage() + "): " + q + "\n      ran: " + runnable);
        continue;
      }
      JsonArray result = data.getJsonArray("result", new JsonArray());
      boolean mustHaveData = q.kind() == Kind.PANEL || q.kind() == Kind.VARIABLE;
      if (mustHaveData && result.isEmpty()) {
        problems.add("no data: " + q + "\n      ran: " + runnable);
      }
      if (q.kind() == Kind.VARIABLE && !result.isEmpty()) {
        String label = runnable.substring("count by (".length(), runnable.indexOf(')'));
        boolean anyValue = result.stream().map(r -> ((JsonObject) r).getJsonObject("metric").getString(label))
            .anyMatch(v -> v != null && !v.isEmpty());
        if (!anyValue) {
          problems.add("no values for label " + label + ": " + q);
        }
      }
    }
    usedBy.forEach((name, where) -> {
      if (query("count(" + name + ")").getJsonArray("result").isEmpty()) {
        problems.add("metric " + name + " has no data in Prometheus; used by " + where);
      }
    });
    return problems;
  }

  /** Prometheus loaded every alert of prometheus/rules (bin/test points rule_files at them) and none errs. */
  private static void rulesAreLoadedWithoutErrors() {
    Set<String> expected = Dashboards.rules().stream().filter(r -> r.containsKey("alert"))
        .map(r -> (String) r.get("alert")).collect(Collectors.toCollection(TreeSet::new));
    Map<String, JsonObject> loaded = new HashMap<>();
    ItEnv.await("Prometheus evaluated the rules", Duration.ofSeconds(30), () -> {
      loaded.clear();
      JsonObject body = new JsonObject(ItEnv.http(ItEnv.promUrl() + "/api/v1/rules?type=alert").body());
      for (Object g : body.getJsonObject("data").getJsonArray("groups")) {
        for (Object r : ((JsonObject) g).getJsonArray("rules")) {
          loaded.put(((JsonObject) r).getString("name"), (JsonObject) r);
        }
      }
      return loaded.keySet().containsAll(expected)
          && expected.stream().noneMatch(n -> "unknown".equals(loaded.get(n).getString("health")));
    });
    for (String name : expected) {
      assertThat(loaded.get(name).getString("health")).as("rule %s: %s", name, loaded.get(name).getString("lastError"))
          .isEqualTo("ok");
    }
  }

  /** The data object of an instant query; throws with Prometheus' error message when it fails. */
  private static JsonObject query(String promql) {
    ItEnv.Response r = ItEnv.http(ItEnv.promUrl() + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    JsonObject body;
    try {
      body = new JsonObject(r.body());
    } catch (RuntimeException e) {
      throw new IllegalStateException("HTTP " + r.status() + ": " + r.body());
    }
    if (!"success".equals(body.getString("status"))) {
      throw new IllegalStateException(body.getString("errorType") + ": " + body.getString("error"));
    }
    return body.getJsonObject("data");
  }

  // ------------------------------------------------------------------------------------ feeding

  private static void feedRealRunsAndFixtures() throws Exception {
    // One run that keeps running while the queries run: benchtap_streams_running, stream idle seconds.
    String longRun = "long-" + ID;
    // (instance 9: no other sysbench stream of this device uses it, see the agent run below)
    pub(topic("native", longRun, "sysbench", "9", "status"), started(SYSBENCH_CPU, 1, "host", "dash-long-" + ID));
    BACKGROUND.add(pipe("sysbench cpu --threads=1 --cpu-max-prime=5000 --time=900 --report-interval=1 run",
        topic("native", longRun, "sysbench", "9", "out"), "long-sysbench", dir.toFile()));

    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> real = new ArrayList<>();
      // Real sysbench runs through mosquitto_pub, 2 parallel instances, natively and "in lxc over veth".
      for (String[] envNet : new String[][] {{"native", "host"}, {"lxc", "veth"}}) {
        for (int i = 1; i <= 2; i++) {
          String inst = String.valueOf(i);
          real.add(pool.submit(() -> pipedRun(envNet[0], envNet[1], "real-" + envNet[0] + "-" + ID, "sysbench", inst, 2,
              SYSBENCH_CPU, LIVE_CAMPAIGN, null)));
        }
      }
      // Real iperf3 on loopback, 2 parallel instances.
      for (int i = 1; i <= 2; i++) {
        String inst = String.valueOf(i);
        real.add(pool.submit(() -> {
          int p = ItEnv.freePort();
          Process server = new ProcessBuilder("iperf3", "-s", "-1", "-B", "127.0.0.1", "-p", String.valueOf(p))
              .redirectErrorStream(true).redirectOutput(dir.resolve("iperf3-server-" + inst + ".log").toFile()).start();
          try {
            Thread.sleep(500);
            pipedRun("native", "host", "real-iperf3-" + ID, "iperf3", inst, 2,
                "iperf3 -c 127.0.0.1 -p " + p + " -t 3 -i 1 --forceflush", LIVE_CAMPAIGN, null);
          } finally {
            kill(server);
          }
          return null;
        }));
      }
      for (Future<?> f : real) {
        f.get(3, TimeUnit.MINUTES);
      }
      // Then, one stream of a device, env, tool and instance running at a time (two would collide in
      // benchtap_stream_idle_seconds, whose labels have neither run nor net): the committed real
      // outputs as one campaign, native, lxc/veth and lxc/macvlan.
      Map<String, String> commands = commands();
      // Two repetitions of each, so that the analyzer has a spread to judge (analysis.minSamples=2 above).
      for (int rep = 1; rep <= 2; rep++) {
        for (String[] envNet : new String[][] {{"native", "host"}, {"lxc", "veth"}, {"lxc", "macvlan"}}) {
          String run = "fx-" + envNet[0] + "-" + envNet[1] + "-" + rep + "-" + ID;
          for (Map.Entry<String, List<String>> f : FIXTURES.entrySet()) {
            for (int i = 0; i < f.getValue().size(); i++) {
              String fixture = f.getValue().get(i);
              String inst = String.valueOf(i + 1);
              pub(topic(envNet[0], run, f.getKey(), inst, "status"),
                  started(commands.get(fixture), f.getValue().size(), envNet[1], CAMPAIGN));
              pubLines(topic(envNet[0], run, f.getKey(), inst, "out"), OUTPUTS.resolve(fixture + ".txt"));
              pub(topic(envNet[0], run, f.getKey(), inst, "status"), finished(0));
            }
          }
        }
      }
      // Device health (real samples of a Raspberry Pi 4, an x86 VM and an LXC container's cgroup).
      pubLines(topic("native", "health-" + ID, "devhealth", "host", "out"),
          OUTPUTS.resolve("devhealth/devhealth_rpi4_public_tree.txt"));
      pubLines(topic("native", "health-" + ID, "devhealth", "host", "out"), OUTPUTS.resolve("devhealth/devhealth_host_x86_vm.txt"));
      pubLines(topic("lxc", "health-" + ID, "devhealth", "1", "out"),
          OUTPUTS.resolve("devhealth/devhealth_container_cgroup1_x86_vm.txt"));
      // Input benchtap refuses (binary lines, bad topic, unknown tool) or does not understand (devhealth garbage).
      String garbageRun = "garbage-" + ID;
      pub(topic("native", garbageRun, "sysbench", "1", "status"), started(
          commands.get("sysbench/sysbench10_memory_interval_garbage"), 1, "host", "dash-garbage-" + ID));
      pubLines(topic("native", garbageRun, "sysbench", "1", "out"),
          OUTPUTS.resolve("sysbench/sysbench10_memory_interval_garbage.txt"));
      pub(topic("native", garbageRun, "sysbench", "1", "status"), finished(0));
      pubLines(topic("native", garbageRun, "devhealth", "host", "out"),
          OUTPUTS.resolve("devhealth/devhealth_host_x86_vm_garbage.txt"));
      pub("benchtap/v1/" + DEVICE + "/native", "a topic without run, tool and instance");
      pub(topic("native", "unknown-" + ID, "nosuchtool", "1", "out"), "output of a tool without a parser");

      // A run that fails for real: sysbench fileio without its files prepared prints FATAL.
      pipedRun("native", "host", "real-fail-" + ID, "sysbench", "1", 1,
          "sysbench fileio --file-total-size=16M --file-test-mode=rndrw --time=1 run", "dash-fail-" + ID,
          Files.createDirectories(dir.resolve("fileio")).toFile());
      // The same through the Java agent (lxc over macvlan): agent online/offline and real device health.
      int code = ItEnv.run(Duration.ofMinutes(2), dir.resolve("agent.log").toFile(), "java", "-jar", ItEnv.jar(), "agent",
          "run", "--mqtt-port", String.valueOf(ItEnv.mqttPort()), "--device", DEVICE, "--env", "lxc", "--net", "macvlan",
          "-N", "2", "--run", "real-agent-" + ID, "--label", "campaign=" + LIVE_CAMPAIGN, "--health-interval", "1", "--",
          "sysbench", "cpu", "--threads=1", "--cpu-max-prime=5000", "--time=3", "--report-interval=1", "run");
      assertThat(code).as("benchtap agent run; log %s", dir.resolve("agent.log")).isZero();
    } finally {
      pool.shutdownNow();
    }
  }

  private static String topic(String env, String run, String tool, String instance, String kind) {
    return "benchtap/v1/" + DEVICE + "/" + env + "/" + run + "/" + tool + "/" + instance + "/" + kind;
  }

  private static String started(String command, int instances, String net, String campaign) {
    JsonObject j = new JsonObject().put("event", "started").put("instances", instances).put("net", net)
        .put("labels", new JsonObject().put("campaign", campaign));
    if (command != null) {
      j.put("command", command);
    }
    return j.encode();
  }

  private static String finished(int exitCode) {
    return new JsonObject().put("event", "finished").put("exitCode", exitCode).encode();
  }

  /** started, the command's output line by line through mosquitto_pub -l, finished with its exit code. */
  private static Void pipedRun(String env, String net, String run, String tool, String instance, int instances,
      String command, String campaign, File workDir) throws Exception {
    pub(topic(env, run, tool, instance, "status"), started(command, instances, net, campaign));
    String name = tool + "-" + env + "-" + instance + "-" + run;
    Process p = pipe(command, topic(env, run, tool, instance, "out"), name, workDir == null ? dir.toFile() : workDir);
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("%s finished", command).isTrue();
    int exit = exitCodeOf(dir.resolve(name + ".exit"));
    pub(topic(env, run, tool, instance, "status"), finished(exit));
    return null;
  }

  /** sh -c 'stdbuf -oL COMMAND | mosquitto_pub -l', in the background; the command's exit code goes to NAME.exit. */
  private static Process pipe(String command, String topic, String name, File workDir) throws IOException {
    Path exit = dir.resolve(name + ".exit");
    String sh = "{ stdbuf -oL " + command + " 2>&1; echo $? > " + exit + "; } | mosquitto_pub -h 127.0.0.1 -p "
        + ItEnv.mqttPort() + " -q 1 -l -t " + topic;
    return new ProcessBuilder("sh", "-c", sh).directory(workDir).redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile()).start();
  }

  private static int exitCodeOf(Path file) throws IOException {
    return Files.exists(file) ? Integer.parseInt(Files.readString(file).trim()) : 0;
  }

  private static void pub(String topic, String message) throws Exception {
    int code = ItEnv.run(Duration.ofSeconds(20), dir.resolve("mosquitto_pub.log").toFile(), "mosquitto_pub", "-h",
        "127.0.0.1", "-p", String.valueOf(ItEnv.mqttPort()), "-q", "1", "-t", topic, "-m", message);
    assertThat(code).as("mosquitto_pub -t %s", topic).isZero();
  }

  private static void pubLines(String topic, Path file) throws Exception {
    Process p = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", String.valueOf(ItEnv.mqttPort()), "-q", "1",
        "-l", "-t", topic).redirectInput(file.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto_pub.log").toFile())).start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("mosquitto_pub -l < %s", file).isTrue();
    assertThat(p.exitValue()).as("mosquitto_pub -l < %s", file).isZero();
  }

  /** The command lines the fixtures were made with (commands.tsv beside them), by "tool/case". */
  private static Map<String, String> commands() throws IOException {
    Map<String, String> out = new HashMap<>();
    for (String tool : List.of("sysbench", "stream", "iperf3", "hpl", "netperf")) {
      Path tsv = OUTPUTS.resolve(tool).resolve("commands.tsv");
      for (String line : Files.readAllLines(tsv)) {
        String[] f = line.split("\t", 2);
        if (f.length == 2 && !line.startsWith("#")) {
          out.put(tool + "/" + f[0], f[1]);
        }
      }
    }
    return out;
  }

  /** Stops a process and everything it started (a shell pipeline's members). */
  private static void kill(Process p) throws InterruptedException {
    p.descendants().forEach(ProcessHandle::destroy);
    p.destroy();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }
}
