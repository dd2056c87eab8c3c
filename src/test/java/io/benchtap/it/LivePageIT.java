package io.benchtap.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live page at / in a real headless Chromium while real sysbench runs stream through the
 * real Mosquitto into an in-process {@code serve}: the chart grows and the last value changes
 * during the run (one page, fed by its WebSocket), the final values and finished runs appear
 * after it, and a page opened later shows the history from the snapshot. Screenshots:
 * target/live-page-running.png and target/live-page.png.
 */
class LivePageIT {
  @TempDir
  static Path dir;
  private static ServeHarness serve;
  private static HeadlessChromium browser;
  private static final String DEVICE = "page-" + UUID.randomUUID().toString().substring(0, 8);
  private static final String RUN = "live-" + System.currentTimeMillis();
  private static final String CHART = "sysbench/events_per_second";

  /** What the test reads from the page: status, points in the chart, the last values shown for this device. */
  private static final String STATE_JS = "(() => {"
      + " const c = document.querySelector('[data-chart=\"" + CHART + "\"]');"
      + " const last = [...document.querySelectorAll('[data-chart=\"" + CHART + "\"] [data-series]')]"
      + "   .filter(e => e.dataset.series.startsWith('" + DEVICE + "|'))"
      + "   .map(e => ({ series: e.dataset.series, value: e.dataset.lastValue, time: e.dataset.lastTime, text: e.textContent }));"
      + " const runs = [...document.querySelectorAll('#runs tbody tr[data-run=\"" + RUN + "\"]')]"
      + "   .map(r => [...r.children].map(td => td.textContent));"
      + " const finals = [...document.querySelectorAll('#finals tr[data-final]')]"
      + "   .filter(r => r.dataset.final.startsWith('" + DEVICE + "|') && r.dataset.final.includes('|events_per_second|'))"
      + "   .map(r => ({ key: r.dataset.final, value: r.querySelector('[data-value]').dataset.value }));"
      + " return JSON.stringify({ status: document.body.dataset.status, updates: +document.body.dataset.updates,"
      + "   points: c ? +c.dataset.points : 0, canvas: !!(c && c.querySelector('.uplot canvas')), last, runs, finals,"
      + "   overhead: document.getElementById('overhead').textContent });"
      + "})()";

  @BeforeAll
  static void start() throws Exception {
    serve = new ServeHarness(Map.of("mqtt.host", "127.0.0.1", "mqtt.port", String.valueOf(ItEnv.mqttPort()),
        "mqtt.clientId", "benchtap-" + DEVICE, "http.port", "0", "file.enabled", "false"));
    ItEnv.await("subscribed", Duration.ofSeconds(20), () -> ItEnv.http(serve.base() + "/health").status() == 200);
    browser = HeadlessChromium.launch(dir.resolve("profile"), dir.resolve("chromium.log").toFile(), 1280, 900);
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      if (serve != null) {
        serve.close();
      }
    }
  }

  private static JsonObject page() {
    try {
      return new JsonObject(browser.eval(STATE_JS));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void status(String instance, JsonObject body) throws Exception {
    String topic = "benchtap/v1/" + DEVICE + "/native/" + RUN + "/sysbench/" + instance + "/status";
    assertThat(ItEnv.run(Duration.ofSeconds(10), dir.resolve("pub.log").toFile(), "mosquitto_pub", "-h", "127.0.0.1",
        "-p", String.valueOf(ItEnv.mqttPort()), "-q", "1", "-t", topic, "-m", body.encode())).isZero();
  }

  @Test
  void thePageFollowsARealSysbenchRunLive() throws Exception {
    browser.navigate(serve.base() + "/");
    ItEnv.await("the page is live (chromium log: " + dir.resolve("chromium.log") + ")", Duration.ofSeconds(30),
        () -> "live".equals(page().getString("status")));
    assertThat(page().getString("overhead")).isEqualTo("no overhead data yet");

    String command = "sysbench cpu --threads=1 --report-interval=1 --time=8 run";
    List<Process> benches = new ArrayList<>();
    for (String instance : List.of("1", "2")) {
      status(instance, new JsonObject().put("event", "started").put("command", command).put("instances", 2).put("net", "host"));
      benches.add(new ProcessBuilder("sh", "-c", "stdbuf -oL " + command + " | tee " + dir.resolve("out-" + instance)
          + " | mosquitto_pub -h 127.0.0.1 -p " + ItEnv.mqttPort() + " -q 1 -l -t benchtap/v1/" + DEVICE + "/native/" + RUN
          + "/sysbench/" + instance + "/out").redirectErrorStream(true).redirectOutput(dir.resolve("bench-" + instance + ".log").toFile())
          .start());
    }

    // Live: one page, fed by its WebSocket, grows its chart and changes its last value while sysbench runs.
    JsonObject[] first = new JsonObject[1];
    ItEnv.await("two lines with points in the " + CHART + " chart", Duration.ofSeconds(20), () -> {
      JsonObject s = page();
      first[0] = s;
      return s.getBoolean("canvas") && s.getJsonArray("last").size() == 2 && s.getInteger("points") >= 2;
    });
    assertThat(benches.get(0).isAlive()).as("sysbench still running at the first look").isTrue();
    JsonObject before = first[0];
    boolean[] aliveAtSecondLook = {false};
    JsonObject[] later = new JsonObject[1];
    ItEnv.await("the chart grows and a last value changes", Duration.ofSeconds(10), () -> {
      JsonObject s = page();
      later[0] = s;
      aliveAtSecondLook[0] = benches.get(0).isAlive();
      return s.getInteger("points") > before.getInteger("points") && !times(s).equals(times(before));
    });
    assertThat(aliveAtSecondLook[0]).as("sysbench still running when the page had updated").isTrue();
    assertThat(later[0].getInteger("updates")).isGreaterThan(before.getInteger("updates"));
    JsonObject lastShown = later[0].getJsonArray("last").getJsonObject(0);
    assertThat(Double.parseDouble(lastShown.getString("value"))).isPositive();
    assertThat(lastShown.getString("text")).endsWith(" /s");
    JsonArray runRow = later[0].getJsonArray("runs").getJsonArray(0);
    assertThat(runRow.getList()).contains(DEVICE, "native", "host", "sysbench", "1, 2", RUN);
    assertThat(runRow.getString(6)).startsWith("running");
    browser.screenshot(Path.of("target", "live-page-running.png"));

    for (Process bench : benches) {
      assertThat(bench.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(bench.exitValue()).isZero();
    }
    for (String instance : List.of("1", "2")) {
      status(instance, new JsonObject().put("event", "finished").put("exitCode", 0).put("durationSeconds", 8).put("instances", 2));
    }

    // Final: the summary of each instance, as sysbench printed it, and the run shown as finished.
    double expected = number(Files.readString(dir.resolve("out-1")), "events per second:\\s+([0-9.]+)");
    ItEnv.await("both final events_per_second values and the finished run", Duration.ofSeconds(20), () -> {
      JsonObject s = page();
      return s.getJsonArray("finals").size() == 2 && s.getJsonArray("runs").getJsonArray(0).getString(6).equals("finished");
    });
    JsonObject fin = page().getJsonArray("finals").stream().map(o -> (JsonObject) o)
        .filter(f -> f.getString("key").contains("|1|events_per_second|")).findFirst().orElseThrow();
    assertThat(Double.parseDouble(fin.getString("value"))).isEqualTo(expected);
    browser.screenshot(Path.of("target", "live-page.png"));

    // A page opened after the run shows what happened, from the snapshot alone.
    int pointsSeen = page().getInteger("points");
    browser.navigate("about:blank");
    browser.navigate(serve.base() + "/");
    ItEnv.await("a fresh page shows the run's history", Duration.ofSeconds(30), () -> {
      JsonObject s = page();
      return "live".equals(s.getString("status")) && s.getInteger("points") == pointsSeen && s.getJsonArray("finals").size() == 2;
    });
    assertThat(pointsSeen).isGreaterThanOrEqualTo(2 * 6);
  }

  /**
   * The page shows the current state in its first response, without its live connection (a
   * WebSocket that never opens here): the runs, with a duration column; two
   * runs of the same device, env and instance as two lines; and the agent's device-health stream
   * of a run finished with the run instead of running on.
   */
  @Test
  void theFirstResponseShowsTheStateWithoutTheLiveConnection() throws Exception {
    String device = "first-" + UUID.randomUUID().toString().substring(0, 8);
    Path sysbench = Path.of("src/test/resources/outputs/sysbench/sysbench10_cpu_t1_interval.txt");
    Path health = Path.of("src/test/resources/outputs/devhealth/devhealth_host_x86_vm.txt");
    for (String run : List.of("runA", "runB")) {
      String base = "benchtap/v1/" + device + "/native/" + run;
      publish(base + "/sysbench/1/status", new JsonObject().put("event", "started").put("command", "sysbench cpu run")
          .put("instances", 1).put("net", "host").encode());
      publishLines(base + "/devhealth/host/out", health);
      publishLines(base + "/sysbench/1/out", sysbench);
      publish(base + "/sysbench/1/status", new JsonObject().put("event", "finished").put("exitCode", 0).encode());
    }
    ItEnv.await("both runs in the snapshot", Duration.ofSeconds(30), () -> ItEnv.http(serve.base() + "/api/live/snapshot").body()
        .contains("\"run\":\"runB\",\"tool\":\"sysbench\",\"instance\":\"1\",\"state\":\"finished\""));
    JsonArray series = new JsonObject(ItEnv.http(serve.base() + "/api/live/snapshot").body()).getJsonArray("series");
    assertThat(series.stream().map(JsonObject.class::cast)
        .filter(x -> x.getString("device").equals(device) && x.getString("metric").equals("events_per_second"))
        .map(x -> x.getString("run"))).as("one line per run").containsExactlyInAnyOrder("runA", "runB");

    // Chromium's URL blocking does not apply to WebSockets: the page gets one that never opens.
    String neverOpens = browser.call("Page.addScriptToEvaluateOnNewDocument", new JsonObject()
        .put("source", "window.WebSocket = class { close() {} };")).getString("identifier");
    try {
      browser.navigate("about:blank");
      browser.navigate(serve.base() + "/");
      String rowsJs = "JSON.stringify([...document.querySelectorAll('#runs tbody tr')]"
          + ".filter(r => r.children[0].textContent === '" + device + "')"
          + ".map(r => ({ run: r.dataset.run, tool: r.dataset.tool, cells: [...r.children].map(td => td.textContent) })))";
      ItEnv.await("the runs from the first response", Duration.ofSeconds(30), () -> {
        try {
          return new JsonArray(browser.eval(rowsJs)).size() == 4;
        } catch (Exception e) {
          return false;
        }
      });
      JsonArray rows = new JsonArray(browser.eval(rowsJs));
      for (Object o : rows) {
        JsonObject row = (JsonObject) o;
        assertThat(row.getJsonArray("cells").getString(6)).as("%s", row).isEqualTo("finished");
        assertThat(row.getJsonArray("cells").getString(7)).as("%s", row).endsWith(" s").doesNotContain("so far");
      }
      assertThat(rows.stream().map(o -> ((JsonObject) o).getString("tool"))).containsOnly("sysbench", "devhealth");
      assertThat(browser.eval("[...document.querySelectorAll('#runs thead th')].map(t => t.textContent).join(',')"))
          .endsWith("state,duration");
      assertThat(browser.eval("String([...document.querySelectorAll('[data-chart=\"" + CHART + "\"] [data-series]')]"
          + ".filter(e => e.dataset.series.startsWith('" + device + "|')).length)")).isEqualTo("2");
      assertThat(browser.eval("document.getElementById('status').textContent")).isNotEqualTo("connecting…");
      assertThat(browser.eval("document.body.dataset.status")).as("the WebSocket was blocked").isNotEqualTo("live");
    } finally {
      browser.call("Page.removeScriptToEvaluateOnNewDocument", new JsonObject().put("identifier", neverOpens));
      browser.navigate("about:blank");
    }
  }

  /**
   * {@code chromium --headless --virtual-time-budget=5000 --dump-dom URL} (a screenshot or a
   * crawler's way to read the page) returns the rendered state: Chromium holds virtual time while
   * a fetch is open, so a live connection that is a never-ending fetch (an EventSource) made it
   * wait forever. Bounded by a process timeout that fails the test.
   */
  @Test
  void aHeadlessDumpWithAVirtualTimeBudgetReturnsTheRenderedState() throws Exception {
    String device = "dump-" + UUID.randomUUID().toString().substring(0, 8);
    String base = "benchtap/v1/" + device + "/native/runD";
    publish(base + "/sysbench/1/status", new JsonObject().put("event", "started").put("command", "sysbench cpu run")
        .put("instances", 1).put("net", "host").encode());
    publishLines(base + "/sysbench/1/out", Path.of("src/test/resources/outputs/sysbench/sysbench10_cpu_t1_interval.txt"));
    ItEnv.await("the run in the snapshot", Duration.ofSeconds(30), () -> ItEnv.http(serve.base() + "/api/live/snapshot").body()
        .contains("\"device\":\"" + device + "\""));

    Path dom = dir.resolve("dump.html");
    Process p = new ProcessBuilder(HeadlessChromium.binary(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage",
        "--user-data-dir=" + dir.resolve("dump-profile"), "--virtual-time-budget=5000", "--dump-dom", serve.base() + "/")
        .redirectOutput(dom.toFile()).redirectError(dir.resolve("dump.log").toFile()).start();
    // Generous for a loaded 2-core machine (Chromium starts in about 5 s there); the old page never returned.
    boolean ended = p.waitFor(120, TimeUnit.SECONDS);
    if (!ended) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    assertThat(ended).as("chromium --virtual-time-budget --dump-dom returned (log: %s)", dir.resolve("dump.log")).isTrue();
    assertThat(p.exitValue()).isZero();
    String html = Files.readString(dom);
    assertThat(html).contains("data-run=\"runD\"", ">" + device + "<", ">sysbench<");
    assertThat(html).containsPattern("data-series=\"" + device + "\\|[^\"]*\\|runD\"");
    assertThat(html).doesNotContain(">connecting…<", ">loading…</span>");
  }

  private static void publish(String topic, String message) throws Exception {
    assertThat(ItEnv.run(Duration.ofSeconds(10), dir.resolve("pub.log").toFile(), "mosquitto_pub", "-h", "127.0.0.1",
        "-p", String.valueOf(ItEnv.mqttPort()), "-q", "1", "-t", topic, "-m", message)).isZero();
  }

  private static void publishLines(String topic, Path file) throws Exception {
    Process p = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", String.valueOf(ItEnv.mqttPort()), "-q", "1",
        "-l", "-t", topic).redirectInput(file.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("pub.log").toFile())).start();
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
  }

  private static List<String> times(JsonObject state) {
    List<String> t = new ArrayList<>();
    state.getJsonArray("last").forEach(o -> t.add(((JsonObject) o).getString("time")));
    return t;
  }

  private static double number(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("sysbench output has %s", regex).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
