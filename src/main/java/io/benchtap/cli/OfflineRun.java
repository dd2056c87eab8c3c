package io.benchtap.cli;

import io.benchtap.model.Measurement;
import io.benchtap.model.MeasurementTime;
import io.benchtap.model.StreamKey;
import io.benchtap.model.TimeSource;
import io.benchtap.parse.ParseSink;
import io.benchtap.parse.ParserRegistry;
import io.benchtap.parse.Sample;
import io.benchtap.parse.StreamContext;
import io.benchtap.parse.StreamParser;
import io.benchtap.parse.ToolParser;
import io.benchtap.pipeline.Normalizer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parsing of a whole saved output, shared by {@code parse} and {@code import}: reads the file
 * (or stdin), picks the parser (given or detected from the output), feeds every line and the end
 * of stream, and normalizes the samples.
 */
final class OfflineRun {

  /** What one file gave. */
  record Result(ToolParser parser, List<Measurement> measurements, int unparsed, String firstUnparsed,
      List<String> failures, int invalid) {}

  private OfflineRun() {}

  static List<String> read(String file) throws IOException {
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

  /**
   * Why {@link #read} failed, in words, naming the file: {@code "cannot read x.txt: no such
   * file"}, {@code "... is a directory"}, {@code "... permission denied"}; Java's exception
   * messages say only the path for the first and the last.
   */
  static String unreadable(String file, IOException e) {
    Path p = Path.of(file);
    String why;
    if (e instanceof java.nio.file.NoSuchFileException || !Files.exists(p)) {
      Path parent = p.toAbsolutePath().getParent();
      why = parent != null && !Files.isDirectory(parent) ? "no such file (nor directory " + parent + ")" : "no such file";
    } else if (Files.isDirectory(p)) {
      why = "is a directory (give the files in it)";
    } else if (e instanceof java.nio.file.AccessDeniedException || !Files.isReadable(p)) {
      why = "permission denied";
    } else {
      why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    return "cannot read " + file + ": " + why;
  }

  /**
   * The {@code --time} flag of {@code command}: an ISO-8601 instant that the sinks can write
   * ({@link MeasurementTime}); a usage error naming the flag otherwise.
   */
  static Instant time(String command, String iso) {
    Instant t;
    try {
      t = Instant.parse(iso);
    } catch (DateTimeParseException e) {
      throw new Main.UsageError("benchtap " + command + ": --time: expected an ISO-8601 instant like 2026-11-26T10:00:00Z, got \""
          + iso + "\"");
    }
    if (!MeasurementTime.accepts(t)) {
      throw new Main.UsageError("benchtap " + command + ": --time: expected an instant from " + MeasurementTime.INSTANT_RANGE
          + " (epoch nanoseconds in a signed 64-bit integer), got " + iso);
    }
    return t;
  }

  /**
   * The parsers for {@code parse} and {@code import}: the named tool's, or with {@code auto} every parser that has
   * results in the output (hpccoutf.txt: hpl and stream); when the output alone does not tell (netperf's {@code
   * -P 0 -- -o P50_LATENCY,...} prints {@code 19,22,61}), the tool the command line runs, if any; empty when none
   * is known.
   */
  static List<ToolParser> chooseAll(ParserRegistry registry, String tool, List<String> lines, String command) {
    if (!tool.equals("auto")) {
      return registry.find(tool).stream().toList();
    }
    List<ToolParser> detected = registry.detectAll(lines.subList(0, Math.min(lines.size(), 200)));
    if (!detected.isEmpty() || command == null) {
      return detected;
    }
    return commandTool(command).flatMap(registry::find).stream().toList();
  }

  /**
   * The program a command line runs: its first word, past {@code NAME=value} assignments and {@code stdbuf} or
   * {@code env} with their flags ({@code stdbuf -oL netperf -H x} runs netperf), without its directory.
   */
  static java.util.Optional<String> commandTool(String command) {
    for (String word : command.trim().split("\\s+")) {
      if (word.isEmpty() || word.startsWith("-") || word.matches("[A-Za-z_][A-Za-z0-9_]*=.*")
          || word.matches("stdbuf|env")) {
        continue;
      }
      return java.util.Optional.of(word.substring(word.lastIndexOf('/') + 1));
    }
    return java.util.Optional.empty();
  }

  /**
   * Parses the lines.
   *
   * @param time the time of every measurement; with {@code spread}, the n-th measurement gets
   *     {@code time + n} microseconds so that no two points of a series share a timestamp (an
   *     InfluxDB point with the same series and time overwrites the previous one)
   */
  static Result run(ToolParser parser, List<String> lines, StreamKey key, String net, String command,
      Instant time, TimeSource source, boolean spread) {
    List<Measurement> out = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    int[] counts = new int[2];
    String[] first = {null};
    String[] why = new String[1];
    ParseSink sink = new ParseSink() {
      @Override
      public void sample(Sample s) {
        Instant t = spread ? time.plusNanos(1000L * out.size()) : time;
        Measurement m = Normalizer.normalize(key, net, s, t, source, why);
        if (m == null) {
          counts[1]++;
        } else {
          out.add(m);
        }
      }

      @Override
      public void unparsed(String line, String reason) {
        if (counts[0]++ == 0) {
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
    return new Result(parser, out, counts[0], first[0], failures, counts[1]);
  }

  /** Prints what went wrong with one file on stderr, one line per kind of problem. */
  static void report(String command, String file, Result r) {
    String tool = r.parser().tool();
    if (r.unparsed() > 0) {
      System.err.println("benchtap " + command + ": " + file + ": " + tool + ": " + r.unparsed()
          + " line(s) not understood; first: " + r.firstUnparsed());
    }
    if (r.invalid() > 0) {
      System.err.println("benchtap " + command + ": " + file + ": " + tool + ": " + r.invalid() + " invalid sample(s) dropped");
    }
    for (String f : r.failures()) {
      System.err.println("benchtap " + command + ": " + file + ": " + tool + " run failed: " + f);
    }
  }
}
