package io.benchtap.cli;

import io.benchtap.agent.AgentRun;
import io.benchtap.agent.campaign.Cell;
import io.benchtap.agent.campaign.RunIdentity;
import io.benchtap.serve.BenchtapConfig;
import io.benchtap.config.ConfigException;
import io.benchtap.config.ConfigLoader;
import io.benchtap.contract.Topic;
import io.benchtap.model.MeasurementTime;
import io.benchtap.model.RunEvent;
import io.benchtap.model.StreamKey;
import io.benchtap.model.TimeSource;
import io.benchtap.parse.ParserRegistry;
import io.benchtap.parse.ToolParser;
import io.benchtap.sink.MeasurementSink;
import io.benchtap.sink.file.FileSink;
import io.benchtap.sink.durable.Unacked;
import io.benchtap.sink.influx.InfluxSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code benchtap import}: backfill of old logs. Parses saved outputs and writes the measurements
 * to the configured sinks (InfluxDB when {@code influx.url} is set, else the line-protocol file),
 * with the identity labels given as flags and timestamps from {@code --time} or each file's
 * modification time. Prometheus is not a target: it only scrapes the present.
 *
 * <p>Every imported output gets the {@code started} and {@code finished} run events a live run has
 * ({@code instances}, {@code net}, the command, labels {@code campaign}, {@code cell} and {@code
 * repetition} as {@code benchtap campaign run} sets them: {@link RunIdentity}), so the analysis
 * groups imported values by campaign, cell and instance count exactly like a live campaign's.
 * Which file is which instance of which repetition: {@link ImportPlan}.
 */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Load historical benchmark logs into the configured sinks (InfluxDB, or the line-protocol file), "
        + "grouped like a live `benchtap campaign run`.",
        "",
        "Files: the outputs of ONE repetition, one file per instance, instances 1..N in the order given "
            + "(--instance K for a single file). Run id: --run, else CAMPAIGN-CELL-rR (R = --repetition).",
        "Directories: ONE REPETITION EACH, its files the instances; taken in name order with numbers compared as numbers "
            + "(rep2 before rep10), the first is repetition --repetition (1). Give --campaign (--run names one repetition).",
        "Every file gets a started and a finished run event with instances, net, the command and labels campaign, "
            + "cell and repetition, as `benchtap campaign run` writes them.",
        "Native runs are the baseline: --env native means --net host.",
        "Timestamps: --time, or the file's modification time (the end of the run). Interval values of a file are "
            + "spaced 1 microsecond apart after that time, so none overwrites another.",
        "",
        "Example, 50 repetitions of 4 instances each in logs/x4/rep1 .. logs/x4/rep50 (files 1.txt .. 4.txt):",
        "  benchtap import --device archc7 --env lxc --net veth --campaign paper-2018 \\",
        "      --instances 4 logs/x4/rep*/",
        "More, and the whole paper's matrix as a loop: docs/analysis.md, \"Old logs\".",
        ""})
public final class ImportCommand implements Callable<Integer> {

  @Parameters(paramLabel = "FILE|DIR", arity = "1..*",
      description = "Output files of one repetition ('-' reads stdin), or directories of one repetition each.")
  List<String> files = new ArrayList<>();

  @Option(names = {"-t", "--tool"}, paramLabel = "NAME|auto", defaultValue = "auto", description = "Tool, or auto (default).")
  String tool;

  @Option(names = "--device", required = true, description = "device label.")
  String device;

  @Option(names = "--env", required = true, description = "env label: native, lxc, docker...")
  String env;

  @Option(names = "--net", description = "net label: veth, macvlan, none (a container without network), ...; "
      + "host for --env native, the default there (default for containers: unknown).")
  String net;

  @Option(names = "--campaign", paramLabel = "NAME", description = "Campaign label (what the analysis groups and pairs by; "
      + "up to 64 characters). Default: the run id.")
  String campaign;

  @Option(names = "--run", paramLabel = "ID", description = "Run id of the repetition (an InfluxDB tag). Default: CAMPAIGN-CELL-rR, "
      + "as `benchtap campaign run` names its repetitions.")
  String run;

  @Option(names = "--repetition", paramLabel = "R", defaultValue = "1", description = "Repetition number of the files, "
      + "or of the first directory (default: ${DEFAULT-VALUE}).")
  int repetition;

  @Option(names = "--instances", paramLabel = "N", description = "How many instances ran in parallel "
      + "(default: the number of files of the repetition).")
  Integer instances;

  @Option(names = "--instance", paramLabel = "K", description = "Instance number of a single file (needs --instances).")
  Integer instance;

  @Option(names = "--cell", paramLabel = "ID", description = "Cell label (default: TOOL-ENV-NET-xN, e.g. sysbench-lxc-none-x4; "
      + "give the campaign's, e.g. sysbench-cpu-lxc-none-x4, to match its live runs).")
  String cell;

  @Option(names = "--command", paramLabel = "CMDLINE", description = "The command line that produced the outputs "
      + "({instance} and {instance2} are replaced as in a campaign).")
  String command;

  @Option(names = "--time", paramLabel = "ISO-8601", description = "Time of the measurements (default: each file's modification time).")
  String time;

  @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Configuration file (sinks: influx.*, file.*).")
  Path config;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one configuration key.")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Override
  public Integer call() throws Exception {
    Instant fixed = time == null ? null : OfflineRun.time("import", time);
    ParserRegistry registry = ParserRegistry.load();
    if (!tool.equals("auto") && registry.find(tool).isEmpty()) {
      throw new Main.UsageError("benchtap import: --tool: unknown tool \"" + tool + "\"; known: auto, " + String.join(", ", registry.tools()));
    }
    String netLabel = net();
    level("--device", device);
    level("--env", env);
    if (run == null && campaign == null) {
      throw new Main.UsageError("benchtap import: give --campaign NAME (run ids NAME-CELL-r1, NAME-CELL-r2, ... as "
          + "`benchtap campaign run` names them) or --run ID");
    }
    if (run != null) {
      level("--run", run);
    }
    if (campaign != null) {
      level("--campaign", campaign);
    }
    if (repetition < 1) {
      throw new Main.UsageError("benchtap import: --repetition: expected 1 or more, got " + repetition);
    }
    if (instances != null && (instances < 1 || instances > Topic.MAX_INSTANCE)) {
      throw new Main.UsageError("benchtap import: --instances: expected 1.." + Topic.MAX_INSTANCE + ", got " + instances);
    }
    if (instance != null && (instance < 1 || instance > Topic.MAX_INSTANCE)) {
      throw new Main.UsageError("benchtap import: --instance: expected 1.." + Topic.MAX_INSTANCE + ", got " + instance);
    }
    List<ImportPlan.Item> plan = ImportPlan.of(files, repetition, instance, instances);
    if (run != null && plan.stream().map(ImportPlan.Item::repetition).distinct().count() > 1) {
      throw new Main.UsageError("benchtap import: --run names one run, but the directories are " + plan.get(plan.size() - 1).repetition()
          + " repetitions: give --campaign instead (run ids CAMPAIGN-CELL-r1, CAMPAIGN-CELL-r2, ...)");
    }
    identity(cell != null ? cell : "cell", repetition);
    Vertx vertx = Vertx.vertx();
    try {
      BenchtapConfig cfg;
      try {
        cfg = BenchtapConfig.from(ConfigLoader.load(vertx, config, overrides, System.getenv())
            .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
      } catch (ExecutionException e) {
        throw e.getCause() instanceof ConfigException ce ? ce : e;
      }
      SimpleMeterRegistry meters = new SimpleMeterRegistry();
      List<MeasurementSink> sinks = new ArrayList<>();
      if (cfg.influx().enabled()) {
        sinks.add(new InfluxSink(vertx, cfg.influx(), meters, Unacked.NONE));
      }
      if (cfg.file().enabled(cfg.influx().enabled())) {
        FileSink fs = new FileSink(vertx, cfg.file(), meters, Clock.systemUTC(), Unacked.NONE);
        sinks.add(fs);
        System.err.println("benchtap import: writing line protocol to " + fs.currentFile());
      }
      if (sinks.isEmpty()) {
        throw new Main.UsageError("benchtap import: no sink: set influx.url or file.enabled=true");
      }
      int status = 0;
      int total = 0;
      Set<String> runs = new LinkedHashSet<>();
      for (ImportPlan.Item item : plan) {
        String file = item.file();
        List<String> lines;
        Instant t;
        try {
          lines = OfflineRun.read(file);
          t = fixed != null ? fixed : file.equals("-") ? Instant.now() : Files.getLastModifiedTime(Path.of(file)).toInstant();
        } catch (IOException e) {
          System.err.println("benchtap import: " + OfflineRun.unreadable(file, e));
          status = 1;
          continue;
        }
        if (!MeasurementTime.accepts(t)) {
          System.err.println("benchtap import: " + file + ": its modification time " + t + " is outside "
              + MeasurementTime.INSTANT_RANGE + "; give the time with --time");
          status = 1;
          continue;
        }
        // Every parser with results in the output, as parse does: an hpccoutf.txt is HPL and STREAM.
        List<ToolParser> parsers = OfflineRun.chooseAll(registry, tool, lines, command);
        if (parsers.isEmpty()) {
          System.err.println("benchtap import: " + file + ": cannot tell which tool wrote this output; use --tool, or --command with the command line that wrote it");
          status = 1;
          continue;
        }
        for (ToolParser parser : parsers) {
          RunIdentity who = identity(cell != null ? cell : Cell.id(parser.tool(), env, netLabel, item.instances()), item.repetition());
          String runId = run != null ? run : who.runId();
          StreamKey key = new StreamKey(device, env, runId, parser.tool(), String.valueOf(item.instance()));
          String cmd = command == null ? null : String.join(" ", AgentRun.substitute(List.of(command), item.instance()));
          OfflineRun.Result r = OfflineRun.run(parser, lines, key, netLabel, cmd, t, TimeSource.IMPORT, true);
          // The n-th measurement is 1 microsecond after the one before; the finished event follows the last.
          Instant end = t.plusNanos(1000L * r.measurements().size());
          if (!MeasurementTime.accepts(end)) {
            System.err.println("benchtap import: " + file + ": " + r.measurements().size() + " measurement(s) 1 microsecond apart from "
                + t + " pass the end of " + MeasurementTime.INSTANT_RANGE + "; give an earlier --time");
            status = 1;
            continue;
          }
          for (MeasurementSink sink : sinks) {
            sink.write(r.measurements(), events(key, netLabel, cmd, item.instances(), who, t, end, r.failures()))
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
          }
          OfflineRun.report("import", file, r);
          System.err.println("benchtap import: " + file + ": " + parser.tool() + ": " + r.measurements().size()
              + " measurement(s) as device=" + device + " env=" + env + " net=" + netLabel + " run=" + runId
              + " instance=" + key.instance() + " of " + item.instances() + " (campaign " + who.campaign() + ", cell " + who.cell()
              + ", repetition " + who.repetition() + ") at " + t);
          total += r.measurements().size();
          runs.add(runId);
          if (!r.failures().isEmpty()) {
            status = 1;
          }
        }
      }
      for (MeasurementSink sink : sinks) {
        sink.close().toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        if (!sink.health().up()) {
          System.err.println("benchtap import: sink " + sink.name() + ": " + sink.health().detail());
          status = 1;
        }
      }
      System.err.println("benchtap import: " + total + " measurement(s) from " + plan.size() + " file(s) in " + runs.size()
          + " run(s)");
      return status;
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  /**
   * The run events of one imported output, as a live run has them: {@code started} (with the
   * campaign's labels) at the file's time, the parser's {@code failed} events, and {@code
   * finished} after the last measurement. The old log has no exit code and no duration: both are
   * left out (a live status without them is taken the same way).
   */
  static List<RunEvent> events(StreamKey key, String net, String command, int instances, RunIdentity who, Instant start,
      Instant end, List<String> failures) {
    List<RunEvent> events = new ArrayList<>();
    events.add(new RunEvent(start, key, net, RunEvent.Type.STARTED, command, null, instances, null, Double.NaN, null, who.labels()));
    for (String f : failures) {
      events.add(new RunEvent(start, key, net, RunEvent.Type.FAILED, command, null, instances, null, Double.NaN, f, Map.of()));
    }
    events.add(new RunEvent(end, key, net, RunEvent.Type.FINISHED, null, null, instances, null, Double.NaN, null, Map.of()));
    return events;
  }

  /** The net label: host for native runs (their cells are the baseline, keyed net=host). */
  private String net() {
    if (env.equals("native")) {
      if (net != null && !net.equals("host")) {
        throw new Main.UsageError("benchtap import: --net: a native run's net is host (native cells are the baseline of every "
            + "container cell, keyed net=host), got \"" + net + "\"; leave --net out for --env native");
      }
      return "host";
    }
    if (net != null && !net.matches("[a-z0-9][a-z0-9_.-]{0,31}")) {
      throw new Main.UsageError("benchtap import: --net: expected a short lower-case word (veth, macvlan, none, ...), got \"" + net + "\"");
    }
    return net != null ? net : "unknown";
  }

  private RunIdentity identity(String cellId, int rep) {
    try {
      return new RunIdentity(campaign != null ? campaign : run, cellId, rep);
    } catch (IllegalArgumentException e) {
      String why = e.getMessage().replaceFirst("^[a-z]+: ", "");
      if (e.getMessage().startsWith("cell")) {
        throw new Main.UsageError("benchtap import: " + (cell != null ? "--cell: " : "the default cell label: ") + why
            + (cell != null ? "" : "; give a shorter one with --cell"));
      }
      throw new Main.UsageError("benchtap import: " + (campaign != null ? "--campaign: " : "--run (the campaign label without --campaign): ")
          + why);
    }
  }

  private static void level(String flag, String value) {
    if (value == null || !AgentCommand.LEVEL.matcher(value).matches()) {
      throw new Main.UsageError("benchtap import: " + flag + ": expected a topic level (1-128 characters, no / + # spaces or quotes), "
          + "got \"" + value + "\"");
    }
  }
}
