package io.benchtap.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.model.MetricSpec;
import io.benchtap.parse.FixtureSamples;
import io.benchtap.parse.MetricCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The table of every metric in docs/metrics.md (between {@link #BEGIN} and {@link #END}) is
 * written from the shipped parsers' declarations, not by hand: this test fails when the committed
 * table differs from what the declarations say. {@code mvn -o -q test -Dtest=MetricTableDocTest
 * -Dbenchtap.writeDocs=true} rewrites it.
 */
class MetricTableDocTest {
  private static final Path DOC = Path.of("docs", "metrics.md");
  static final String BEGIN = "<!-- BEGIN metric table: written from the parsers' declarations by MetricTableDocTest; "
      + "do not edit by hand -->";
  static final String END = "<!-- END metric table -->";

  /** The Markdown table of every metric {@code catalog} declares, sorted by name. */
  static String table(MetricCatalog catalog) {
    StringBuilder b = new StringBuilder("| metric | unit | tools | better | over instances | HELP on /metrics |\n")
        .append("|---|---|---|---|---|---|\n");
    for (MetricSpec s : catalog.all()) {
      String better = switch (s.direction()) {
        case HIGHER_IS_BETTER -> "higher";
        case LOWER_IS_BETTER -> "lower";
        case NEUTRAL -> "neither";
      };
      b.append("| `").append(s.name()).append("` | ").append(s.unit()).append(" | ")
          .append(String.join(", ", catalog.tools(s.name()))).append(" | ").append(better).append(" | ")
          .append(s.aggregate().wire()).append(" | ").append(s.help().replace("|", "\\|")).append(" |\n");
    }
    return b.toString();
  }

  @Test
  void theMetricTableIsWhatTheParsersDeclare() throws IOException {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    int from = doc.indexOf(BEGIN);
    int to = doc.indexOf(END);
    assertThat(from).as("%s in %s", BEGIN, DOC).isNotNegative();
    assertThat(to).as("%s after the begin marker in %s", END, DOC).isGreaterThan(from);
    String committed = doc.substring(from + BEGIN.length() + 1, to);
    String declared = table(FixtureSamples.shipped().metrics());
    if (Boolean.getBoolean("benchtap.writeDocs") && !committed.equals(declared)) {
      Files.writeString(DOC, doc.substring(0, from + BEGIN.length() + 1) + declared + doc.substring(to), StandardCharsets.UTF_8);
      committed = declared;
    }
    assertThat(committed).as("the metric table of %s: run mvn -o -q test -Dtest=MetricTableDocTest "
        + "-Dbenchtap.writeDocs=true to write it from the declarations", DOC).isEqualTo(declared);
  }
}
