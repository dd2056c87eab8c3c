package io.benchtap.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.cli.PaperStreamData;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real native and LXC sysbench outputs published through the real Mosquitto: /api/overhead and
 * `benchtap report` (a separate JVM) show the overhead the raw numbers imply, and the plots exist.
 * And lmbench stream outputs built from the paper's Tables C and D, published the way a campaign
 * does: `benchtap report --paper --url` gives the paper's tables back.
 */
class ReportIT {
  @TempDir
  Path dir;

  private static final Path RUNS = Path.of("src/test/resources/runs/sysbench-native-lxc");

  static double eps(Path f) throws Exception {
    Matcher m = Pattern.compile("events per second:\\s+([0-9.]+)").matcher(Files.readString(f));
    assertThat(m.find()).isTrue();
    return Double.parseDouble(m.group(1));
  }

  @Test
  void reportPrintsThePaperShapedTableWithTheChangeTheRawNumbersImply() throws Exception {
    String device = "rep-" + UUID.randomUUID().toString().substring(0, 6);
    try (ServeHarness serve = new ServeHarness(Map.of("mqtt.host", "127.0.0.1", "mqtt.port", String.valueOf(ItEnv.mqttPort()),
        "mqtt.clientId", "benchtap-" + device, "http.port", "0", "file.enabled", "false"))) {
      ItEnv.await("subscribed", Duration.ofSeconds(20), () -> ItEnv.http(serve.base() + "/health").status() == 200);
      double nat = 0;
      double lxc = 0;
      for (String env : new String[] {"native", "lxc"}) {
        for (int i = 1; i <= 3; i++) {
          String base = "benchtap/v1/" + device + "/" + env + "/camp-r" + i + "/sysbench/1/";
          String started = new JsonObject().put("event", "started").put("command", "sysbench cpu --events=2000 run")
              .put("instances", 1).put("net", env.equals("native") ? "host" : "none")
              .put("labels", new JsonObject().put("campaign", "camp")).encode();
          pub(base + "status", "-m", started);
          pub(base + "out", "-f", RUNS.resolve(env + "-" + i + ".txt").toString());
          pub(base + "status", "-m", "{\"event\":\"finished\",\"exitCode\":0}");
          double v = eps(RUNS.resolve(env + "-" + i + ".txt"));
          if (env.equals("native")) {
            nat += v / 3;
          } else {
            lxc += v / 3;
          }
        }
      }
      double expected = (lxc - nat) / nat;
      // The analyzer recomputes every 2 s: wait until it has all three repetitions of each side.
      ItEnv.await("/api/overhead has the cell with 3 repetitions a side", Duration.ofSeconds(30), () -> {
        io.vertx.core.json.JsonArray rows = new io.vertx.core.json.JsonArray(
            ItEnv.http(serve.base() + "/api/overhead?device=" + device + "&metric=events_per_second").body());
        return rows.size() == 1 && rows.getJsonObject(0).getJsonObject("native").getInteger("n") == 3
            && rows.getJsonObject(0).getJsonObject("container").getInteger("n") == 3;
      });
      Path out = dir.resolve("report.md");
      int code = ItEnv.run(Duration.ofSeconds(60), out.toFile(), "java", "-jar", ItEnv.jar(), "report", "--url", serve.base(),
          "--device", device, "--metric", "events_per_second", "--plots", dir.resolve("plots").toString());
      String report = Files.readString(out);
      assertThat(code).as(report).isZero();
      assertThat(report).contains("| " + device + " | lxc/none | 1 |")
          .contains(String.format(Locale.ROOT, "%+.1f", expected * 100));
      try (var plots = Files.list(dir.resolve("plots"))) {
        assertThat(plots.filter(p -> p.toString().endsWith(".png"))).isNotEmpty();
      }
    }
  }

  @Test
  void reportPaperGivesThePapersTablesFromLmbenchRunsPublishedOverMqtt() throws Exception {
    // Test data derived from the paper's Tables C and D (not captures): PaperStreamData.
    String campaign = "paper-" + UUID.randomUUID().toString().substring(0, 6);
    try (ServeHarness serve = new ServeHarness(Map.of("mqtt.host", "127.0.0.1", "mqtt.port", String.valueOf(ItEnv.mqttPort()),
        "mqtt.clientId", "benchtap-" + campaign, "http.port", "0", "file.enabled", "false"))) {
      ItEnv.await("subscribed", Duration.ofSeconds(20), () -> ItEnv.http(serve.base() + "/health").status() == 200);
      for (PaperStreamData.Run run : PaperStreamData.runs(campaign, 3)) {
        String base = "benchtap/v1/" + run.key().device() + "/" + run.key().env() + "/" + run.key().run() + "/stream/1/";
        JsonObject labels = new JsonObject();
        run.labels().forEach(labels::put);
        pub(base + "status", "-m", new JsonObject().put("event", "started").put("command", run.command()).put("instances", 1)
            .put("net", run.net()).put("labels", labels).encode());
        Path out = Files.write(dir.resolve("out.txt"), run.output());
        pub(base + "out", "-f", out.toString());
        pub(base + "status", "-m", "{\"event\":\"finished\",\"exitCode\":0}");
      }
      // The analyzer recomputes every 2 s: wait until each of the 32 cells has all three repetitions a side.
      ItEnv.await("/api/overhead has the 32 cells with 3 repetitions a side", Duration.ofSeconds(30), () -> {
        io.vertx.core.json.JsonArray rows = new io.vertx.core.json.JsonArray(ItEnv.http(serve.base()
            + "/api/overhead?metric=memory_bandwidth_bytes_per_second&campaign=" + campaign).body());
        return rows.size() == 32 && rows.stream().map(JsonObject.class::cast).allMatch(r ->
            r.getJsonObject("native").getInteger("n") == 3 && r.getJsonObject("container").getInteger("n") == 3);
      });
      Path paper = dir.resolve("paper");
      Path log = dir.resolve("report.md");
      int code = ItEnv.run(Duration.ofSeconds(60), log.toFile(), "java", "-jar", ItEnv.jar(), "report", "--url", serve.base(),
          "--campaign", campaign, "--paper", paper.toString());
      assertThat(code).as(Files.readString(log)).isZero();
      for (String table : java.util.List.of("c", "d")) {
        PaperStreamData.assertSameTable("table " + table, Files.readAllLines(paper.resolve("table-" + table + ".csv")).stream()
            .map(l -> java.util.List.of(l.split(",", -1))).toList(),
            PaperStreamData.grid(table.equals("c") ? PaperStreamData.TABLE_C : PaperStreamData.TABLE_D));
      }
      assertThat(Files.readString(log)).contains("Table C. STREAM results").contains("Table D. STREAM2 results");
    }
  }

  private static void pub(String topic, String flag, String value) throws Exception {
    assertThat(ItEnv.run(Duration.ofSeconds(20), Files.createTempFile("pub", ".log").toFile(), "mosquitto_pub", "-h", "127.0.0.1",
        "-p", String.valueOf(ItEnv.mqttPort()), "-q", "1", "-t", topic, flag, value)).isZero();
  }
}
