package io.benchtap.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files for every tool: {@code outputs/<tool>/<case>.txt} is parsed by the parser
 * registered for {@code <tool>} and compared with {@code <case>.expected.json} (measurements in
 * emission order, values with a relative tolerance of 1e-9, the number of unparsed lines and
 * whether the run failed). An optional {@code commandLine} in the JSON is passed as the
 * {@link StreamContext}.
 */
class ParserGoldenTest {

  private static final double TOLERANCE = 1e-9;

  static Stream<Arguments> cases() throws IOException, URISyntaxException {
    URL root = ParserGoldenTest.class.getResource("/outputs");
    if (root == null) {
      return Stream.empty();
    }
    List<Arguments> cases = new ArrayList<>();
    try (Stream<Path> tools = Files.list(Path.of(root.toURI()))) {
      for (Path dir : tools.filter(Files::isDirectory).sorted().toList()) {
        try (Stream<Path> files = Files.list(dir)) {
          files.filter(f -> f.getFileName().toString().endsWith(".txt")).sorted()
              .forEach(f -> cases.add(Arguments.of(dir.getFileName() + "/" + f.getFileName(), f)));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void parsesAsExpected(String name, Path output) throws IOException {
    String tool = output.getParent().getFileName().toString();
    ToolParser parser = ParserRegistry.load().find(tool)
        .orElseThrow(() -> new AssertionError("no parser registered for tool folder " + tool));
    String base = output.getFileName().toString().replaceFirst("\\.txt$", "");
    Path expectedFile = output.resolveSibling(base + ".expected.json");
    if (!Files.exists(expectedFile)) {
      fail("missing " + expectedFile);
    }
    JsonObject expected = new JsonObject(Files.readString(expectedFile, StandardCharsets.UTF_8));
    assertThat(expected.getString("tool")).isEqualTo(tool);
    String command = expected.getString("commandLine");
    StreamContext context = command == null ? StreamContext.EMPTY
        : StreamContext.ofCommand(command);

    ParserContractTest.RecordingSink sink =
        ParserContractTest.feed(parser, context, ParserContractTest.lines(output));

    JsonArray measurements = expected.getJsonArray("measurements", new JsonArray());
    List<String> diffs = new ArrayList<>();
    int n = Math.max(measurements.size(), sink.samples.size());
    for (int i = 0; i < n; i++) {
      JsonObject want = i < measurements.size() ? measurements.getJsonObject(i) : null;
      Sample got = i < sink.samples.size() ? sink.samples.get(i) : null;
      if (want == null || got == null || !matches(want, got)) {
        diffs.add("#" + i + " expected " + want + "\n      got " + got);
      }
    }
    assertThat(diffs).as("measurements of %s", name).isEmpty();
    assertThat(sink.unparsed.size()).as("unparsed lines of %s: %s", name, sink.unparsed)
        .isEqualTo(expected.getInteger("unparsed", 0));
    assertThat(!sink.failures.isEmpty()).as("runFailed of %s", name)
        .isEqualTo(expected.getBoolean("runFailed", false));
  }

  private static boolean matches(JsonObject want, Sample got) {
    Map<String, String> labels = new TreeMap<>();
    want.getJsonObject("labels", new JsonObject()).forEach(e -> labels.put(e.getKey(),
        String.valueOf(e.getValue())));
    double w = want.getDouble("value");
    double g = got.value();
    boolean close = w == g || Math.abs(w - g) <= TOLERANCE * Math.max(Math.abs(w), Math.abs(g));
    return close
        && want.getString("benchmark").equals(got.benchmark())
        && want.getString("metric").equals(got.metric())
        && want.getString("unit").equals(got.unit())
        && want.getString("phase").equals(got.phase().wire())
        && labels.equals(new TreeMap<>(got.labels()));
  }
}
