package io.benchtap.cli;

import io.benchtap.config.BenchtapConfig;
import io.benchtap.config.ConfigException;
import io.benchtap.config.ConfigLoader;
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
import java.util.List;
import java.util.Map;
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
 */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = {"Load historical benchmark logs into the configured sinks (InfluxDB, or the line-protocol file).",
        "Each file is one instance's output. Timestamps: --time, or the file's modification time (the end of the run).",
        "Interval values of a file are spaced 1 microsecond apart after that time, so none overwrites another."})
public final class ImportCommand implements Callable<Integer> {

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "Output files ('-' reads stdin).")
  List<String> files = new ArrayList<>();

  @Option(names = {"-t", "--tool"}, paramLabel = "NAME|auto", defaultValue = "auto", description = "Tool, or auto (default).")
  String tool;

  @Option(names = "--device", required = true, description = "device label.")
  String device;

  @Option(names = "--env", required = true, description = "env label: native, lxc, docker...")
  String env;

  @Option(names = "--net", defaultValue = "unknown", description = "net label: host, veth, macvlan (default: ${DEFAULT-VALUE}).")
  String net;

  @Option(names = "--run", required = true, description = "run id (an InfluxDB tag).")
  String run;

  @Option(names = "--instance", description = "instance label; default: 1, 2, ... in the order of the files.")
  String instance;

  @Option(names = "--instances", description = "number of parallel instances of the run (recorded with the run).")
  Integer instances;

  @Option(names = "--command", paramLabel = "CMDLINE", description = "The command line that produced the outputs.")
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
      for (int i = 0; i < files.size(); i++) {
        String file = files.get(i);
        List<String> lines;
        Instant t;
        try {
          lines = OfflineRun.read(file);
          t = fixed != null ? fixed : file.equals("-") ? Instant.now() : Files.getLastModifiedTime(Path.of(file)).toInstant();
        } catch (IOException e) {
          System.err.println("benchtap import: " + file + ": cannot read (" + e.getMessage() + ")");
          status = 1;
          continue;
        }
        if (!MeasurementTime.accepts(t)) {
          System.err.println("benchtap import: " + file + ": its modification time " + t + " is outside "
              + MeasurementTime.INSTANT_RANGE + "; give the time with --time");
          status = 1;
          continue;
        }
        ToolParser parser = OfflineRun.choose(registry, tool, lines).orElse(null);
        if (parser == null) {
          System.err.println("benchtap import: " + file + ": cannot tell which tool wrote this output; use --tool");
          status = 1;
          continue;
        }
        StreamKey key = new StreamKey(device, env, run, parser.tool(), instance != null ? instance : String.valueOf(i + 1));
        OfflineRun.Result r = OfflineRun.run(parser, lines, key, net, command, t, TimeSource.IMPORT, true);
        if (!r.measurements().isEmpty() && !MeasurementTime.accepts(r.measurements().get(r.measurements().size() - 1).time())) {
          // The n-th measurement is 1 microsecond after the one before: the last is the latest.
          System.err.println("benchtap import: " + file + ": " + r.measurements().size() + " measurement(s) 1 microsecond apart from "
              + t + " pass the end of " + MeasurementTime.INSTANT_RANGE + "; give an earlier --time");
          status = 1;
          continue;
        }
        List<RunEvent> events = new ArrayList<>();
        for (String f : r.failures()) {
          events.add(new RunEvent(t, key, net, RunEvent.Type.FAILED, command, null, instances == null ? 0 : instances,
              null, Double.NaN, f, Map.of()));
        }
        for (MeasurementSink sink : sinks) {
          sink.write(r.measurements(), events).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
        OfflineRun.report("import", file, r);
        System.err.println("benchtap import: " + file + ": " + parser.tool() + ": " + r.measurements().size()
            + " measurement(s) as device=" + device + " env=" + env + " net=" + net + " run=" + run + " instance=" + key.instance()
            + " at " + t);
        total += r.measurements().size();
        if (!r.failures().isEmpty()) {
          status = 1;
        }
      }
      for (MeasurementSink sink : sinks) {
        sink.close().toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        if (!sink.health().up()) {
          System.err.println("benchtap import: sink " + sink.name() + ": " + sink.health().detail());
          status = 1;
        }
      }
      System.err.println("benchtap import: " + total + " measurement(s) from " + files.size() + " file(s)");
      return status;
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
