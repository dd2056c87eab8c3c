package io.benchtap.cli;

import io.benchtap.analyze.AnalysisConfig;
import io.benchtap.analyze.Overhead;
import io.benchtap.analyze.OverheadAnalyzer;
import io.benchtap.analyze.OverheadJson;
import io.benchtap.model.Measurement;
import io.benchtap.model.RunEvent;
import io.benchtap.report.LineProtocolReader;
import io.benchtap.report.OverheadTable;
import io.benchtap.report.PaperFigures;
import io.benchtap.report.PaperTables;
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
 * {@code benchtap report}: the overhead tables (native value and %change per device and label set
 * of each tool, benchmark and metric) as Markdown or CSV, and PNG plots of value against
 * instances, native vs veth vs macvlan. With {@code --paper DIR}, the paper's Tables C and D and
 * Figs. 2, 3, 5, 6 and 7-10 instead ({@link PaperTables}, {@link PaperFigures}). From a running
 * {@code serve} (/api/overhead) or offline from line-protocol files.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Print native vs container overhead tables (Markdown or CSV) and write PNG plots.",
        "Source: a running benchtap (--url, default http://127.0.0.1:9470) or line-protocol files (--lp data/*.lp).",
        "--paper DIR: the paper's Tables C and D (printed, and as table-c.md/.csv, table-d.md/.csv in DIR) and its "
            + "Figs. 2, 3, 5, 6, 7-10 as PNG files in DIR."})
public final class ReportCommand implements Callable<Integer> {
  @Option(names = "--url", description = "benchtap HTTP base URL (default: http://127.0.0.1:9470 unless --lp is given).")
  String url;

  @Option(names = "--lp", paramLabel = "FILE", description = "Line-protocol files written by benchtap (repeatable).")
  List<Path> lp;

  @Option(names = "--token", description = {"Bearer token for /api. Default: what serve uses (--token-file, http.token/",
      "http.tokenFile of --config, BENCHTAP_HTTP_TOKEN_FILE, BENCHTAP_HTTP_TOKEN)."})
  String token;

  @Option(names = "--token-file", paramLabel = "FILE", description = "File holding the token (first line).")
  Path tokenFile;

  @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "serve's configuration file, for http.token or http.tokenFile.")
  Path config;

  @Option(names = "--tool", description = "Only this tool.")
  String tool;

  @Option(names = "--metric", description = "Only this metric.")
  String metric;

  @Option(names = "--device", description = "Only this device.")
  String device;

  @Option(names = "--format", defaultValue = "markdown", description = "markdown or csv (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--campaign", description = "Only this campaign.")
  String campaign;

  @Option(names = "--plots", paramLabel = "DIR", description = "Write PNG plots into DIR.")
  Path plots;

  @Option(names = "--paper", paramLabel = "DIR", description = "Instead of the tables of every cell: the paper's Tables C "
      + "and D (STREAM, STREAM2) on stdout and in DIR, and its figures (sysbench, Linpack, nuttcp, netperf, iperf3) as PNG "
      + "files in DIR.")
  Path paper;

  @Override
  public Integer call() throws Exception {
    if (!format.equals("markdown") && !format.equals("csv")) {
      throw new Main.UsageError("benchtap report: --format: expected markdown or csv, got \"" + format + "\"");
    }
    List<JsonObject> rows = lp != null && !lp.isEmpty() ? fromFiles() : fromServer();
    rows.removeIf(r -> (tool != null && !tool.equals(r.getString("tool"))) || (metric != null && !metric.equals(r.getString("metric")))
        || (device != null && !device.equals(r.getString("device"))) || (campaign != null && !campaign.equals(r.getString("campaign"))));
    rows.sort(Comparator.comparing((JsonObject r) -> r.getString("tool") + " " + r.getString("benchmark") + " " + r.getString("metric")
        + " " + r.getString("device") + " " + r.getString("net") + String.format("%05d", r.getInteger("instances"))));
    if (rows.isEmpty()) {
      System.err.println("benchtap report: no container result has a native baseline yet");
      return 1;
    }
    if (paper != null) {
      return paper(rows);
    }
    System.out.print(format.equals("csv") ? OverheadTable.csv(rows) : OverheadTable.markdown(rows));
    if (plots != null) {
      List<Path> files = Plots.write(rows, plots);
      System.err.println("benchtap report: " + files.size() + " plot(s) in " + plots);
    }
    return 0;
  }

  /** The paper's tables on stdout and in the directory, its figures in the directory. */
  private int paper(List<JsonObject> rows) throws Exception {
    PaperTables.Written tables = PaperTables.write(rows, paper, format.equals("csv"));
    System.out.print(tables.text());
    if (tables.files().isEmpty()) {
      System.err.println("benchtap report: Tables C and D: no container row with a native baseline of tool stream, "
          + "memory_bandwidth_bytes_per_second{op}, benchmark stream or stream2");
    }
    List<Path> figures = PaperFigures.write(rows, paper);
    PaperFigures.missing(rows).forEach(m -> System.err.println("benchtap report: " + m));
    System.err.println("benchtap report: " + tables.count() + " table(s) and " + figures.size() + " figure(s) in " + paper);
    if (plots != null) {
      List<Path> files = Plots.write(rows, plots);
      System.err.println("benchtap report: " + files.size() + " plot(s) in " + plots);
    }
    return 0;
  }

  private List<JsonObject> fromServer() throws Exception {
    String base = url != null ? url : "http://127.0.0.1:9470";
    String tok = ApiToken.resolve(token, tokenFile, config, System.getenv());
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

  /**
   * Gives the analyzer the events and measurements in the order they happened, a run's
   * {@code started} before the values at the same instant, so that a stream started again (a
   * later run with the same id, an import repeated) is read with the status that preceded its
   * values. (Sorting is stable: equal times keep the files' order.)
   */
  static void replay(OverheadAnalyzer a, List<RunEvent> events, List<Measurement> ms) {
    List<RunEvent> es = events.stream().sorted(Comparator.comparing(RunEvent::time)).toList();
    List<Measurement> vs = ms.stream().filter(m -> !m.metric().startsWith("change_ratio") && !m.metric().startsWith("overhead_"))
        .sorted(Comparator.comparing(Measurement::time)).toList();
    int i = 0;
    for (Measurement m : vs) {
      while (i < es.size() && !es.get(i).time().isAfter(m.time())) {
        a.accept(es.get(i++));
      }
      a.accept(m);
    }
    es.subList(i, es.size()).forEach(a::accept);
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
    replay(a, events, ms);
    List<JsonObject> rows = new ArrayList<>();
    for (Overhead o : a.overheads()) {
      rows.add(OverheadJson.of(o));
    }
    return rows;
  }
}
