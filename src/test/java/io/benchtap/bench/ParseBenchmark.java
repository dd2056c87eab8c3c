package io.benchtap.bench;

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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parser throughput per tool. For the {@code tool} parameter, every fixture of
 * {@code src/test/resources/outputs/<tool>/} is read into memory once (lines as the pipeline
 * sees them, with the fixture's {@code commandLine} as context); one invocation parses all of
 * them, each with a fresh {@link StreamParser} and {@code end()}, into a sink that hands every
 * sample and unparsed line to a {@link Blackhole}.
 *
 * <p>The primary score is fixture sets per second. {@code @OperationsPerInvocation} needs a
 * compile-time constant, which cannot be the line count of a {@code @Param}-chosen tool, so the
 * lines come from the auxiliary counter {@code lines}: lines parsed per second, with its own
 * error, in the same run. Run with {@code bin/bench-parse}; Surefire does not pick it up (it runs
 * only {@code *Test} and {@code *Properties}; the generated {@code *_jmhTest} classes match but
 * hold no JUnit test), so {@code mvn verify} never runs it. {@code ParseBenchmarkParamsTest}
 * checks that the {@code tool} list names every registered parser.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ParseBenchmark {

  /** The registered tools (ParserRegistry.load().tools()); {@link #load} fails on an unknown one. */
  @Param({"devhealth", "hpl", "iperf", "iperf3", "netperf", "nuttcp", "perf", "stream", "sysbench"})
  public String tool;

  private ToolParser parser;
  private List<Fixture> fixtures;
  private int lineCount;

  private record Fixture(StreamContext context, String[] lines) {}

  /** Lines parsed, reported by JMH as a rate: lines per second. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Lines {
    public long lines;

    @Setup(Level.Iteration)
    public void reset() {
      lines = 0;
    }
  }

  /** Counts what the parser reports and keeps the JIT from dropping it. */
  static final class CountingSink implements ParseSink {
    private final Blackhole bh;
    long samples;
    long unparsed;
    long failures;

    CountingSink(Blackhole bh) {
      this.bh = bh;
    }

    @Override
    public void sample(Sample sample) {
      samples++;
      bh.consume(sample);
    }

    @Override
    public void unparsed(String line, String reason) {
      unparsed++;
      bh.consume(reason);
    }

    @Override
    public void runFailed(String reason) {
      failures++;
      bh.consume(reason);
    }
  }

  @Setup(Level.Trial)
  public void load() throws IOException, URISyntaxException {
    parser = ParserRegistry.load().find(tool)
        .orElseThrow(() -> new IllegalStateException("no parser registered for tool " + tool));
    URL root = ParseBenchmark.class.getResource("/outputs/" + tool);
    if (root == null) {
      throw new IllegalStateException("no fixtures for " + tool + " on the class path");
    }
    fixtures = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of(root.toURI()))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".txt")).sorted().toList()) {
        String[] lines = lines(f);
        fixtures.add(new Fixture(context(f), lines));
        lineCount += lines.length;
      }
    }
    if (fixtures.isEmpty()) {
      throw new IllegalStateException("no fixtures for " + tool);
    }
  }

  @Benchmark
  public long parseFixtures(Lines counter, Blackhole bh) {
    CountingSink sink = new CountingSink(bh);
    for (Fixture f : fixtures) {
      StreamParser stream = parser.newStream(f.context());
      for (String line : f.lines()) {
        stream.line(line, sink);
      }
      stream.end(sink);
    }
    counter.lines += lineCount;
    return sink.samples + sink.unparsed + sink.failures;
  }

  private static StreamContext context(Path fixture) throws IOException {
    Path expected = fixture.resolveSibling(
        fixture.getFileName().toString().replaceFirst("\\.txt$", ".expected.json"));
    if (!Files.exists(expected)) {
      return StreamContext.EMPTY;
    }
    String command = new JsonObject(Files.readString(expected, StandardCharsets.UTF_8))
        .getString("commandLine");
    return command == null ? StreamContext.EMPTY : StreamContext.ofCommand(command);
  }

  /** UTF-8 with replacement, split on LF, a trailing CR dropped: as the pipeline reads. */
  private static String[] lines(Path file) throws IOException {
    String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    lines.replaceAll(l -> l.endsWith("\r") ? l.substring(0, l.length() - 1) : l);
    return lines.toArray(String[]::new);
  }
}
