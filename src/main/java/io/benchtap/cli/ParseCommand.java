package io.benchtap.cli;

import io.benchtap.model.Measurement;
import io.benchtap.model.StreamKey;
import io.benchtap.model.TimeSource;
import io.benchtap.parse.ParseSink;
import io.benchtap.parse.ParserRegistry;
import io.benchtap.parse.Sample;
import io.benchtap.parse.StreamContext;
import io.benchtap.parse.StreamParser;
import io.benchtap.parse.ToolParser;
import io.benchtap.pipeline.Normalizer;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
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

  @Option(names = "--command", paramLabel = "CMDLINE", description = "The command line that produced the output (helps name the benchmark).")
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
    Instant t;
    try {
      t = time == null ? Instant.now() : Instant.parse(time);
    } catch (DateTimeParseException e) {
      throw new Main.UsageError("benchtap parse: --time: expected an ISO-8601 instant like 2026-11-26T10:00:00Z, got \"" + time + "\"");
    }
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
        lines = read(file);
      } catch (IOException e) {
        System.err.println("benchtap parse: " + file + ": cannot read (" + e.getMessage() + ")");
        status = 1;
        continue;
      }
      ToolParser parser;
      if (tool.equals("auto")) {
        parser = registry.detect(lines.subList(0, Math.min(lines.size(), 200))).orElse(null);
        if (parser == null) {
          System.err.println("benchtap parse: " + file + ": cannot tell which tool wrote this output; use --tool (one of "
              + String.join(", ", registry.tools()) + ")");
          status = 1;
          continue;
        }
      } else {
        parser = registry.find(tool).orElseThrow();
      }
      status = Math.max(status, parseOne(file, lines, parser, t, out));
    }
    out.flush();
    return status;
  }

  private int parseOne(String file, List<String> lines, ToolParser parser, Instant t, PrintStream out) {
    StreamKey key = new StreamKey(device, env, run, parser.tool(), instance);
    int[] unparsed = {0};
    String[] first = {null};
    List<String> failures = new ArrayList<>();
    String[] why = new String[1];
    ParseSink sink = new ParseSink() {
      int lineNo;

      @Override
      public void sample(Sample s) {
        Measurement m = Normalizer.normalize(key, net, s, t, TimeSource.IMPORT, why);
        if (m == null) {
          System.err.println("benchtap parse: " + file + ": " + parser.tool() + " produced an invalid sample (" + why[0] + ")");
        } else {
          out.println(toJson(m).encode());
        }
      }

      @Override
      public void unparsed(String line, String reason) {
        if (unparsed[0]++ == 0) {
          first[0] = reason + ": \"" + (line.length() > 100 ? line.substring(0, 100) + "..." : line) + "\"";
        }
      }

      @Override
      public void runFailed(String reason) {
        failures.add(reason);
      }
    };
    StreamParser sp = parser.newStream(command == null ? StreamContext.EMPTY : StreamContext.ofCommand(command));
    for (String line : lines) {
      sp.line(line, sink);
    }
    sp.end(sink);
    if (unparsed[0] > 0) {
      System.err.println("benchtap parse: " + file + ": " + parser.tool() + ": " + unparsed[0]
          + " line(s) not understood; first: " + first[0]);
    }
    for (String f : failures) {
      System.err.println("benchtap parse: " + file + ": " + parser.tool() + " run failed: " + f);
    }
    return failures.isEmpty() ? 0 : 1;
  }

  /** The JSON form of a measurement, as printed by {@code parse}. */
  public static JsonObject toJson(Measurement m) {
    JsonObject labels = new JsonObject();
    m.labels().forEach(labels::put);
    return new JsonObject()
        .put("time", m.time().toString())
        .put("device", m.device())
        .put("env", m.env())
        .put("net", m.net())
        .put("run", m.run())
        .put("tool", m.tool())
        .put("benchmark", m.benchmark())
        .put("instance", m.instance())
        .put("metric", m.metric())
        .put("value", m.value())
        .put("unit", m.unit())
        .put("phase", m.phase().wire())
        .put("labels", labels)
        .put("timeSource", m.timeSource().wire());
  }

  private static List<String> read(String file) throws IOException {
    var decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        file.equals("-") ? System.in : Files.newInputStream(Path.of(file)), decoder))) {
      List<String> lines = new ArrayList<>();
      String line;
      while ((line = r.readLine()) != null) {
        lines.add(line);
      }
      return lines;
    }
  }
}
