package io.benchtap.cli;

import io.benchtap.model.MeasurementJson;
import io.benchtap.model.StreamKey;
import io.benchtap.model.TimeSource;
import io.benchtap.parse.ParserRegistry;
import io.benchtap.parse.ToolParser;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code benchtap parse}: offline parsing of saved outputs (files or stdin) into normalized
 * measurements, one JSON object per line on stdout. Lines the parser does not understand are
 * summarised on stderr per file.
 */
@Command(name = "parse", mixinStandardHelpOptions = true,
    description = {"Parse benchmark output from files (or stdin: no file or '-') and print one JSON object per measurement.",
        "Fields: time, device, env, net, run, tool, benchmark, instance, metric, value, unit, phase, labels, timeSource."})
public final class ParseCommand implements Callable<Integer> {

  @Parameters(paramLabel = "FILE", description = "Output files; '-' or none reads stdin.")
  List<String> files = new ArrayList<>();

  @Option(names = {"-t", "--tool"}, paramLabel = "NAME|auto", defaultValue = "auto",
      description = "Tool that produced the output, or auto to detect it from the output (default: ${DEFAULT-VALUE}).")
  String tool;

  @Option(names = "--command", paramLabel = "CMDLINE", description = "The command line that produced the output (names the benchmark; with --tool auto, names the tool when the output does not).")
  String command;

  @Option(names = "--device", defaultValue = "local", description = "device label (default: ${DEFAULT-VALUE}).")
  String device;

  @Option(names = "--env", defaultValue = "native", description = "env label (default: ${DEFAULT-VALUE}).")
  String env;

  @Option(names = "--net", defaultValue = "unknown", description = "net label (default: ${DEFAULT-VALUE}).")
  String net;

  @Option(names = "--run", defaultValue = "offline", description = "run id (default: ${DEFAULT-VALUE}).")
  String run;

  @Option(names = "--instance", defaultValue = "1", description = "instance label (default: ${DEFAULT-VALUE}).")
  String instance;

  @Option(names = "--time", paramLabel = "ISO-8601", description = "Timestamp of the measurements (default: now).")
  String time;

  @Override
  public Integer call() throws IOException {
    ParserRegistry registry = ParserRegistry.load();
    Instant t = time == null ? Instant.now() : OfflineRun.time("parse", time);
    if (!tool.equals("auto") && registry.find(tool).isEmpty()) {
      throw new Main.UsageError("benchtap parse: --tool: unknown tool \"" + tool + "\"; known: auto, " + String.join(", ", registry.tools()));
    }
    if (files.isEmpty()) {
      files = List.of("-");
    }
    PrintStream out = System.out;
    int status = 0;
    for (String file : files) {
      List<String> lines;
      try {
        lines = OfflineRun.read(file);
      } catch (IOException e) {
        System.err.println("benchtap parse: " + OfflineRun.unreadable(file.toString(), e));
        status = 1;
        continue;
      }
      List<ToolParser> parsers = OfflineRun.chooseAll(registry, tool, lines, command);
      if (parsers.isEmpty()) {
        System.err.println("benchtap parse: " + file + ": cannot tell which tool wrote this output; use --tool (one of "
            + String.join(", ", registry.tools()) + "), or --command with the command line that wrote it");
        status = 1;
        continue;
      }
      for (ToolParser parser : parsers) {
        StreamKey key = new StreamKey(device, env, run, parser.tool(), instance);
        OfflineRun.Result r = OfflineRun.run(parser, lines, key, net, command, t, TimeSource.IMPORT, false);
        r.measurements().forEach(m -> out.println(MeasurementJson.of(m).encode()));
        OfflineRun.report("parse", file, r);
        if (!r.failures().isEmpty()) {
          status = Math.max(status, 1);
        }
      }
    }
    out.flush();
    return status;
  }
}
