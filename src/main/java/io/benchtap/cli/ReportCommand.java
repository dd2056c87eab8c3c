package io.benchtap.cli;

import io.benchtap.analyze.AnalysisConfig;
import io.benchtap.analyze.Overhead;
import io.benchtap.analyze.OverheadAnalyzer;
import io.benchtap.analyze.OverheadJson;
import io.benchtap.model.Measurement;
import io.benchtap.model.RunEvent;
import io.benchtap.report.LineProtocolReader;
import io.benchtap.report.OverheadTable;
import io.benchtap.report.Plots;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code benchtap report}: the overhead tables in the paper's shape (native value and %change per
 * device and operation) as Markdown or CSV, and PNG plots of value against instances, native vs
 * veth vs macvlan. From a running {@code serve} (/api/overhead) or offline from line-protocol files.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Print native vs container overhead tables (Markdown or CSV) and write PNG plots.",
        "Source: a running benchtap (--url, default http://127.0.0.1:9470) or line-protocol files (--lp data/*.lp)."})
public final class ReportCommand implements Callable<Integer> {
  @Option(names = "--url", description = "benchtap HTTP base URL (default: http://127.0.0.1:9470 unless --lp is given).")
  String url;

  @Option(names = "--lp", paramLabel = "FILE", description = "Line-protocol files written by benchtap (repeatable).")
  List<Path> lp;

  @Option(names = "--token", description = "Bearer token for /api (or BENCHTAP_HTTP_TOKEN).")
  String token;

  @Option(names = "--tool", description = "Only this tool.")
  String tool;

  @Option(names = "--metric", description = "Only this metric.")
  String metric;

  @Option(names = "--device", description = "Only this device.")
  String device;

  @Option(names = "--format", defaultValue = "markdown", description = "markdown or csv (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--plots", paramLabel = "DIR", description = "Write PNG plots into DIR.")
  Path plots;

  @Override
  public Integer call() throws Exception {
    if (!format.equals("markdown") && !format.equals("csv")) {
      throw new Main.UsageError("benchtap report: --format: expected markdown or csv, got \"" + format + "\"");
    }
    List<JsonObject> rows = lp != null && !lp.isEmpty() ? fromFiles() : fromServer();
    rows.removeIf(r -> (tool != null && !tool.equals(r.getString("tool"))) || (metric != null && !metric.equals(r.getString("metric")))
        || (device != null && !device.equals(r.getString("device"))));
    rows.sort(Comparator.comparing((JsonObject r) -> r.getString("tool") + r.getString("metric") + r.getString("device")
        + r.getString("net") + String.format("%05d", r.getInteger("instances"))));
    if (rows.isEmpty()) {
      System.err.println("benchtap report: no container result has a native baseline yet");
      return 1;
    }
    System.out.print(format.equals("csv") ? OverheadTable.csv(rows) : OverheadTable.markdown(rows));
    if (plots != null) {
      List<Path> files = Plots.write(rows, plots);
      System.err.println("benchtap report: " + files.size() + " plot(s) in " + plots);
    }
    return 0;
  }

  private List<JsonObject> fromServer() throws Exception {
    String base = url != null ? url : "http://127.0.0.1:9470";
    String tok = token != null ? token : System.getenv("BENCHTAP_HTTP_TOKEN");
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base.replaceAll("/$", "") + "/api/overhead")).timeout(Duration.ofSeconds(30));
    if (tok != null) {
      b.header("Authorization", "Bearer " + tok);
    }
    HttpResponse<String> r;
    try {
      r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new Main.UsageError("benchtap report: cannot reach " + base + " (" + e.getMessage() + "); is benchtap serve running? or use --lp");
    }
    if (r.statusCode() != 200) {
      throw new Main.UsageError("benchtap report: " + base + "/api/overhead answered HTTP " + r.statusCode());
    }
    List<JsonObject> rows = new ArrayList<>();
    new JsonArray(r.body()).forEach(o -> rows.add((JsonObject) o));
    return rows;
  }

  private List<JsonObject> fromFiles() throws Exception {
    List<Measurement> ms = new ArrayList<>();
    List<RunEvent> events = new ArrayList<>();
    for (Path f : lp) {
      LineProtocolReader.Result r = LineProtocolReader.read(Files.readAllLines(f));
      ms.addAll(r.measurements());
      events.addAll(r.events());
    }
    OverheadAnalyzer a = new OverheadAnalyzer(AnalysisConfig.defaults());
    events.forEach(a::accept);
    ms.stream().filter(m -> !m.metric().startsWith("change_ratio") && !m.metric().startsWith("overhead_"))
        .sorted(Comparator.comparing(Measurement::time)).forEach(a::accept);
    List<JsonObject> rows = new ArrayList<>();
    for (Overhead o : a.overheads()) {
      rows.add(OverheadJson.of(o));
    }
    return rows;
  }
}
