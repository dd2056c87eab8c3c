package io.benchtap.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.parse.ParseSink;
import io.benchtap.parse.ParserRegistry;
import io.benchtap.parse.Sample;
import io.benchtap.parse.StreamContext;
import io.benchtap.parse.StreamParser;
import io.benchtap.parse.ToolParser;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/metrics.md must document every metric the parsers emit. Every fixture
 * ({@code outputs/<tool>/*.txt}, with the {@code commandLine} of its {@code .expected.json} as
 * context) is parsed by the registered parser, plus a few lines for paths no fixture covers (the
 * same format-string lines the parser unit tests use). Each distinct (tool, metric, unit, phase,
 * label names) must then match a table row of that tool's section of docs/metrics.md: the
 * metric in backticks in the {@code metric} column, the {@code unit} column equal to the unit,
 * the {@code phase} column naming the phase (a table without a phase column, like devhealth's,
 * states it in its text), and every label name in backticks in the {@code labels} column.
 * Columns are found by the table's header row. A tool's section is the {@code ## } heading that
 * starts with the tool name or contains {@code (tool `name`)}.
 *
 * <p>So a new metric, label, unit or phase without a documentation row fails the build.
 */
class MetricCatalogTest {

  private static final Path CATALOG = Path.of("docs", "metrics.md");
  /** A cell separator: a {@code |} not escaped as {@code \|}. */
  private static final Pattern CELL_SPLIT = Pattern.compile("(?<!\\\\)\\|");
  /** The rule under a table's header row. */
  private static final Pattern RULE = Pattern.compile("\\|[-|: ]+\\|");

  /** Paths that no fixture reaches: tool, command line (or null), lines. */
  private static final List<Extra> EXTRAS = List.of(
      // netperf -D interim results, built from "Interim result: %7.2f %s/s over %.2f seconds
      // ending at %ld.%.3ld" (src/nettest_omni.c), as in NetperfParserTest
      new Extra("netperf", "netperf -H 127.0.0.1 -D 1 -t TCP_STREAM", List.of(
          "Interim result:  941.52 10^6bits/s over 1.000 seconds ending at 1576269135.608",
          "Interim result: 59000.10 Trans/s over 1.000 seconds ending at 1576269136.608")),
      // netperf omni -o latency columns (column names of src/nettest_omni.c), as in
      // NetperfParserTest
      new Extra("netperf", "netperf -t TCP_RR -- -o min_latency,mean_latency,p99_latency,"
          + "throughput,throughput_units", List.of(
          "Minimum Latency Microseconds,Mean Latency Microseconds,"
              + "99th Percentile Latency Microseconds,Throughput,Throughput Units",
          "4,14.49,33,68492.37,Trans/s")),
      // lmbench stream / stream -v 2 (lib_timing.c mb() and nano() formats), as in
      // StreamParserTest
      new Extra("stream", null, List.of(
          "STREAM copy latency: 0.77 nanoseconds", "STREAM copy bandwidth: 20739.66 MB/sec",
          "STREAM2 daxpy latency: 0.78 nanoseconds", "STREAM2 daxpy bandwidth: 30607.36 MB/sec")));

  private record Extra(String tool, String commandLine, List<String> lines) {}

  /** One kind of sample: what a documentation row must cover. */
  private record Kind(String tool, String metric, String unit, String phase, Set<String> labels) {
    @Override
    public String toString() {
      return tool + ": `" + metric + "` unit " + unit + ", phase " + phase + ", labels " + labels;
    }
  }

  private static String catalog;
  /** Kind -> first input that produced it. */
  private static Map<Kind, String> emitted;

  @BeforeAll
  static void parseEverything() throws IOException, URISyntaxException {
    assertThat(CATALOG).as("run from the project directory").exists();
    catalog = Files.readString(CATALOG, StandardCharsets.UTF_8);
    ParserRegistry registry = ParserRegistry.load();
    emitted = new LinkedHashMap<>();
    URL root = MetricCatalogTest.class.getResource("/outputs");
    assertThat(root).as("test resources /outputs").isNotNull();
    try (Stream<Path> dirs = Files.list(Path.of(root.toURI()))) {
      for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
        String tool = dir.getFileName().toString();
        ToolParser parser = registry.find(tool)
            .orElseThrow(() -> new AssertionError("no parser for fixture folder " + tool));
        try (Stream<Path> files = Files.list(dir)) {
          for (Path f : files.filter(p -> p.toString().endsWith(".txt")).sorted().toList()) {
            record(tool, parse(parser, commandLine(f), lines(f)), tool + "/" + f.getFileName());
          }
        }
      }
    }
    for (Extra x : EXTRAS) {
      ToolParser parser = registry.find(x.tool()).orElseThrow();
      record(x.tool(), parse(parser, x.commandLine(), x.lines()), x.tool() + " extra lines");
    }
  }

  @Test
  void fixturesProduceSamples() {
    assertThat(emitted).isNotEmpty();
  }

  @Test
  void everyToolHasASection() {
    for (String tool : ParserRegistry.load().tools()) {
      assertThat(rows(tool)).as("table rows of the %s section of %s", tool, CATALOG).isNotEmpty();
    }
  }

  @Test
  void everyEmittedMetricAndLabelIsDocumented() {
    List<String> missing = new ArrayList<>();
    emitted.forEach((kind, source) -> {
      if (rows(kind.tool()).stream().noneMatch(row -> covers(row, kind))) {
        missing.add(kind + " (from " + source + ")");
      }
    });
    assertThat(missing).as("samples with no matching row in %s (metric, unit, phase and label "
        + "names in the tool's section)", CATALOG).isEmpty();
  }

  private static boolean covers(Map<String, String> row, Kind kind) {
    String metric = row.get("metric");
    String phase = row.get("phase");
    String labels = row.containsKey("labels") ? row.get("labels") : row.getOrDefault("label", "");
    if (metric == null || !metric.contains("`" + kind.metric() + "`")
        || !kind.unit().equals(row.get("unit"))
        || phase != null && !phase.contains(kind.phase())) {
      return false;
    }
    return kind.labels().stream().allMatch(l -> labels.contains("`" + l + "`"));
  }

  /**
   * The data rows of a tool's section, each a map from column name (lower case, from the
   * table's header row) to cell text (trimmed).
   */
  static List<Map<String, String>> rows(String tool) {
    Pattern heading = Pattern.compile("## " + Pattern.quote(tool) + "(?!\\w).*"
        + "|## .*\\(tool `" + Pattern.quote(tool) + "`\\).*");
    String[] lines = catalog.split("\n");
    List<Map<String, String>> rows = new ArrayList<>();
    List<String> header = List.of();
    boolean in = false;
    for (int i = 0; i < lines.length; i++) {
      String t = lines[i].strip();
      if (lines[i].startsWith("## ")) {
        in = heading.matcher(lines[i].toLowerCase(Locale.ROOT)).matches();
        continue;
      }
      if (!in || !t.startsWith("|") || RULE.matcher(t).matches()) {
        continue;
      }
      List<String> cells = cells(t);
      if (i + 1 < lines.length && RULE.matcher(lines[i + 1].strip()).matches()) {
        header = cells.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
        continue;
      }
      Map<String, String> row = new LinkedHashMap<>();
      for (int c = 0; c < Math.min(header.size(), cells.size()); c++) {
        row.put(header.get(c), cells.get(c));
      }
      rows.add(row);
    }
    return rows;
  }

  private static List<String> cells(String row) {
    String inner = row.substring(1);
    if (inner.endsWith("|") && !inner.endsWith("\\|")) {
      inner = inner.substring(0, inner.length() - 1);
    }
    return Arrays.stream(CELL_SPLIT.split(inner, -1)).map(String::strip).toList();
  }

  private static void record(String tool, List<Sample> samples, String source) {
    for (Sample s : samples) {
      emitted.putIfAbsent(new Kind(tool, s.metric(), s.unit(), s.phase().wire(),
          new TreeSet<>(s.labels().keySet())), source);
    }
  }

  private static List<Sample> parse(ToolParser parser, String commandLine, List<String> lines) {
    List<Sample> samples = new ArrayList<>();
    ParseSink sink = new ParseSink() {
      @Override
      public void sample(Sample sample) {
        samples.add(sample);
      }

      @Override
      public void unparsed(String line, String reason) {}
    };
    StreamParser stream = parser.newStream(
        commandLine == null ? StreamContext.EMPTY : StreamContext.ofCommand(commandLine));
    for (String line : lines) {
      stream.line(line, sink);
    }
    stream.end(sink);
    return samples;
  }

  private static String commandLine(Path fixture) throws IOException {
    Path expected = fixture.resolveSibling(
        fixture.getFileName().toString().replaceFirst("\\.txt$", ".expected.json"));
    return Files.exists(expected)
        ? new JsonObject(Files.readString(expected, StandardCharsets.UTF_8)).getString("commandLine")
        : null;
  }

  /** UTF-8 with replacement, split on LF, a trailing CR dropped: as the pipeline reads. */
  private static List<String> lines(Path file) throws IOException {
    String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    lines.replaceAll(l -> l.endsWith("\r") ? l.substring(0, l.length() - 1) : l);
    return lines;
  }
}
