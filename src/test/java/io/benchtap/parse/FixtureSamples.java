package io.benchtap.parse;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the parsers make of every input the tests hold: each golden output ({@code
 * outputs/<tool>/*.txt}, with the {@code commandLine} of its {@code .expected.json} as context)
 * and a few lines for paths no fixture reaches (the format-string lines the parser unit tests
 * use). The checks that every emitted metric is declared and documented walk these.
 */
public final class FixtureSamples {
  private FixtureSamples() {}

  /** One input of a tool: where it comes from, the command line (or null) and its lines. */
  public record Input(String tool, String source, String commandLine, List<String> lines) {}

  /** Paths that no fixture reaches. */
  private static final List<Input> EXTRAS = List.of(
      // netperf -D interim results, built from "Interim result: %7.2f %s/s over %.2f seconds
      // ending at %ld.%.3ld" (src/nettest_omni.c), as in NetperfParserTest
      new Input("netperf", "netperf extra lines: -D interim results", "netperf -H 127.0.0.1 -D 1 -t TCP_STREAM", List.of(
          "Interim result:  941.52 10^6bits/s over 1.000 seconds ending at 1576269135.608",
          "Interim result: 59000.10 Trans/s over 1.000 seconds ending at 1576269136.608")),
      // netperf omni -o latency columns (column names of src/nettest_omni.c), as in
      // NetperfParserTest
      new Input("netperf", "netperf extra lines: -o latency columns", "netperf -t TCP_RR -- -o min_latency,mean_latency,"
          + "p99_latency,throughput,throughput_units", List.of(
          "Minimum Latency Microseconds,Mean Latency Microseconds,"
              + "99th Percentile Latency Microseconds,Throughput,Throughput Units",
          "4,14.49,33,68492.37,Trans/s")),
      // lmbench stream / stream -v 2 (lib_timing.c mb() and nano() formats), as in
      // StreamParserTest
      new Input("stream", "stream extra lines: lmbench", null, List.of(
          "STREAM copy latency: 0.77 nanoseconds", "STREAM copy bandwidth: 20739.66 MB/sec",
          "STREAM2 daxpy latency: 0.78 nanoseconds", "STREAM2 daxpy bandwidth: 30607.36 MB/sec")),
      // sysbench 1.0 oltp report (the lua report formats "thds: %u tps: %4.2f qps: %4.2f ..." and
      // "queries: %u (%.2f per sec.)"), as in SysbenchParserTest: no MySQL server here to capture
      new Input("sysbench", "sysbench extra lines: oltp", "sysbench oltp_read_write --tables=8 --threads=8 run", List.of(
          "[ 1s ] thds: 8 tps: 100.50 qps: 2010.00 (r/w/o: 1407.00/402.00/201.00) "
              + "lat (ms,95%): 5.99 err/s: 0.00 reconn/s: 0.00",
          "    transactions:                        1005   (100.50 per sec.)",
          "    queries:                             20100  (2010.00 per sec.)")));

  /** Every fixture, in tool and file order, then the extra lines. */
  public static List<Input> inputs() {
    URL root = FixtureSamples.class.getResource("/outputs");
    if (root == null) {
      throw new IllegalStateException("test resources /outputs not on the class path");
    }
    List<Input> inputs = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(Path.of(root.toURI()))) {
      for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
        String tool = dir.getFileName().toString();
        try (Stream<Path> files = Files.list(dir)) {
          for (Path f : files.filter(p -> p.toString().endsWith(".txt")).sorted().toList()) {
            inputs.add(new Input(tool, tool + "/" + f.getFileName(), commandLine(f), ParserContractTest.lines(f)));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    inputs.addAll(EXTRAS);
    return inputs;
  }

  /** The samples {@code parser} makes of {@code input}, with its command line as context. */
  public static List<Sample> parse(ToolParser parser, Input input) {
    StreamContext context = input.commandLine() == null ? StreamContext.EMPTY : StreamContext.ofCommand(input.commandLine());
    return ParserContractTest.feed(parser, context, input.lines()).samples;
  }

  /**
   * The parsers the product ships: those named in {@code src/main/resources/META-INF/services}.
   * The test class path registers more (a tool that exists to show how one is added, {@code
   * parse.dd}); the user documentation covers these only.
   */
  public static ParserRegistry shipped() {
    try {
      List<ToolParser> parsers = new ArrayList<>();
      for (String line : Files.readAllLines(Path.of("src/main/resources/META-INF/services/" + ToolParser.class.getName()))) {
        String name = line.replaceFirst("#.*", "").strip();
        if (!name.isEmpty()) {
          parsers.add((ToolParser) Class.forName(name).getDeclaredConstructor().newInstance());
        }
      }
      return ParserRegistry.of(parsers);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String commandLine(Path fixture) throws IOException {
    Path expected = fixture.resolveSibling(fixture.getFileName().toString().replaceFirst("\\.txt$", ".expected.json"));
    return Files.exists(expected)
        ? new JsonObject(Files.readString(expected, StandardCharsets.UTF_8)).getString("commandLine")
        : null;
  }
}
