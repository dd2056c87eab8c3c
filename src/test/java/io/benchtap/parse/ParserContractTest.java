package io.benchtap.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.benchtap.model.MetricSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ToolParser} owes the pipeline. A parser's test extends this class
 * and names the parser and some real outputs of its tool.
 *
 * <p>Metric names and units follow {@link MetricSpec#namingProblem}: snake_case, one of the base
 * units, and the unit's suffix ({@code _seconds}, {@code _bytes}, {@code _bytes_per_second},
 * {@code _per_second}, {@code _ratio}, {@code _celsius}, {@code _hertz}; before {@code _total} for
 * a total, as in {@code network_receive_bytes_total}); a {@code count} has no unit suffix.
 */
public abstract class ParserContractTest {

  /** The parser under test. */
  protected abstract ToolParser parser();

  /** Real outputs of the tool (fixtures). */
  protected abstract List<Path> realOutputs();

  /** Everything a parser reported, in order. */
  public static final class RecordingSink implements ParseSink {
    public final List<Sample> samples = new ArrayList<>();
    public final List<String> unparsed = new ArrayList<>();
    public final List<String> failures = new ArrayList<>();

    @Override
    public void sample(Sample sample) {
      samples.add(sample);
    }

    @Override
    public void unparsed(String line, String reason) {
      unparsed.add(line);
    }

    @Override
    public void runFailed(String reason) {
      failures.add(reason);
    }
  }

  /** The captured outputs of a tool: {@code src/test/resources/outputs/<tool>/*.txt}, sorted. */
  public static List<Path> outputs(String tool) {
    try (java.util.stream.Stream<Path> files = Files.list(Path.of(
        ParserContractTest.class.getResource("/outputs/" + tool).toURI()))) {
      return files.filter(f -> f.toString().endsWith(".txt")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The lines of a file as the pipeline sees them: UTF-8 with replacement, split on LF. */
  public static List<String> lines(Path file) {
    try {
      String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
      List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
      if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
        lines.remove(lines.size() - 1);
      }
      lines.replaceAll(l -> l.endsWith("\r") ? l.substring(0, l.length() - 1) : l);
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A few random edits of a real output, the same moves for every parser's property test:
   * delete, duplicate or cut a line, replace its numbers or insert one of the tool's nasty
   * tokens, or append a random character. Deterministic for a given {@code random}.
   */
  public static List<String> mutate(List<String> original, java.util.Random random, String[] nasty) {
    List<String> lines = new ArrayList<>(original);
    int mutations = 1 + random.nextInt(8);
    for (int i = 0; i < mutations && !lines.isEmpty(); i++) {
      int at = random.nextInt(lines.size());
      String line = lines.get(at);
      switch (random.nextInt(6)) {
        case 0 -> lines.remove(at);
        case 1 -> lines.add(at, line);
        case 2 -> lines.set(at, line.substring(0, random.nextInt(line.length() + 1)));
        case 3 -> lines.set(at, line.replaceAll("[0-9]+(\\.[0-9]+)?",
            java.util.regex.Matcher.quoteReplacement(nasty[random.nextInt(nasty.length)])));
        case 4 -> {
          StringBuilder b = new StringBuilder(line);
          b.insert(random.nextInt(b.length() + 1), nasty[random.nextInt(nasty.length)]);
          lines.set(at, b.toString());
        }
        default -> lines.set(at, line + (char) random.nextInt(0x10000));
      }
    }
    return lines;
  }

  /** Feeds the lines to a fresh stream and ends it. */
  public static RecordingSink feed(ToolParser parser, StreamContext context, List<String> lines) {
    RecordingSink sink = new RecordingSink();
    StreamParser stream = parser.newStream(context);
    for (String line : lines) {
      stream.line(line, sink);
    }
    stream.end(sink);
    return sink;
  }

  /** No NaN, infinite or negative value; units and names well formed. */
  public static void assertWellFormed(List<Sample> samples) {
    for (Sample s : samples) {
      assertThat(Double.isFinite(s.value()) && s.value() >= 0).as("value of %s", s).isTrue();
      assertThat(MetricSpec.namingProblem(s.metric(), s.unit())).as("name and unit of %s", s).isNull();
    }
  }

  @Test
  void emptyInputYieldsNothing() {
    RecordingSink sink = feed(parser(), StreamContext.EMPTY, List.of());
    assertThat(sink.samples).isEmpty();
    assertThat(sink.unparsed).isEmpty();
    assertThat(sink.failures).isEmpty();
    assertThatCode(() -> parser().detect(List.of())).doesNotThrowAnyException();
  }

  @Test
  void everyPrefixTruncationNeverThrowsNorYieldsBadValues() {
    assertThat(realOutputs()).isNotEmpty();
    for (Path file : realOutputs()) {
      List<String> lines = lines(file);
      for (int k = 0; k <= lines.size(); k++) {
        List<String> prefix = new ArrayList<>(lines.subList(0, k));
        assertWellFormed(feed(parser(), StreamContext.EMPTY, prefix).samples);
        if (k < lines.size() && lines.get(k).length() > 1) {
          String cut = lines.get(k);
          prefix.add(cut.substring(0, cut.length() / 2));
          assertWellFormed(feed(parser(), StreamContext.EMPTY, prefix).samples);
        }
      }
    }
  }

  @Test
  void garbageLinesAreCountedAsUnparsed() {
    List<String> garbage = List.of("\u0000\u0001\u0002\u0003", "}{][ 0xDEADBEEF ;;; %%%",
        "\uFFFD\uFFFD\uFFFD binary \u001b[31mnoise", "lorem ipsum dolor sit amet");
    RecordingSink sink = feed(parser(), StreamContext.EMPTY, garbage);
    assertThat(sink.samples).isEmpty();
    assertThat(sink.unparsed).hasSize(garbage.size());
  }

  @Test
  void realOutputsHaveWellFormedUnitsAndNames() {
    for (Path file : realOutputs()) {
      RecordingSink sink = feed(parser(), StreamContext.EMPTY, lines(file));
      assertWellFormed(sink.samples);
      assertThat(parser().detect(lines(file).subList(0, Math.min(20, lines(file).size()))))
          .as("detect(%s)", file.getFileName()).isBetween(0, 100);
    }
  }
}
