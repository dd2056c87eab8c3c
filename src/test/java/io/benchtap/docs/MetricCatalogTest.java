package io.benchtap.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.parse.FixtureSamples;
import io.benchtap.parse.ParserRegistry;
import io.benchtap.parse.Sample;
import java.io.IOException;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/metrics.md must document every metric the shipped parsers emit. Every input of {@link
 * FixtureSamples} (each fixture with its command line, and a few lines for paths no fixture
 * covers) of a shipped tool is parsed by its parser. Each distinct (tool, metric, unit, phase,
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
  static void parseEverything() throws IOException {
    assertThat(CATALOG).as("run from the project directory").exists();
    catalog = Files.readString(CATALOG, StandardCharsets.UTF_8);
    ParserRegistry shipped = FixtureSamples.shipped();
    emitted = new LinkedHashMap<>();
    for (FixtureSamples.Input in : FixtureSamples.inputs()) {
      shipped.find(in.tool()).ifPresent(parser -> record(in.tool(), FixtureSamples.parse(parser, in), in.source()));
    }
  }

  @Test
  void fixturesProduceSamples() {
    assertThat(emitted).isNotEmpty();
  }

  @Test
  void everyToolHasASection() {
    for (String tool : FixtureSamples.shipped().tools()) {
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
}
