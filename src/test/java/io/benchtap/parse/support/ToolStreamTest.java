package io.benchtap.parse.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.parse.ParseSink;
import io.benchtap.parse.Sample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The never-throws contract that every tool's stream parser inherits from {@link ToolStream}. */
class ToolStreamTest {

  private final List<String> unparsed = new ArrayList<>();
  private final ParseSink out = new ParseSink() {
    @Override
    public void sample(Sample sample) {}

    @Override
    public void unparsed(String line, String reason) {
      unparsed.add(line + " | " + reason);
    }
  };

  /** Records the stripped lines it is given; "boom" throws, "stop" makes it ignore the rest. */
  private static final class Recording extends ToolStream {
    final List<String> read = new ArrayList<>();
    boolean stopped;

    @Override
    protected void read(String t, String line, ParseSink out) {
      if (t.equals("boom")) {
        throw new IllegalStateException("a line nobody foresaw");
      }
      stopped |= t.equals("stop");
      read.add(t);
    }

    @Override
    protected boolean ignoresRest() {
      return stopped;
    }
  }

  private List<String> feed(String... lines) {
    Recording s = new Recording();
    for (String line : lines) {
      s.line(line, out);
    }
    return s.read;
  }

  @Test
  void nullAndBlankLinesAreIgnoredAndOthersArriveStripped() {
    assertThat(feed(null, "   \t", "  a line  ")).containsExactly("a line");
    assertThat(unparsed).isEmpty();
  }

  @Test
  void anExceptionBecomesThatLineUnparsedAndTheStreamGoesOn() {
    assertThat(feed(" boom", "next")).containsExactly("next");
    assertThat(unparsed).containsExactly(" boom | parser error: IllegalStateException");
  }

  @Test
  void onceTheToolIgnoresTheRestNoLineIsRead() {
    assertThat(feed("stop", "boom", "after")).containsExactly("stop");
    assertThat(unparsed).isEmpty();
  }

  @Test
  void aToolThatOverridesNothingReportsEveryNonBlankLineUnrecognised() {
    ToolStream s = new ToolStream() {};
    s.line("", out);
    s.line(" x ", out);
    assertThat(unparsed).containsExactly(" x  | unrecognised line");
  }
}
