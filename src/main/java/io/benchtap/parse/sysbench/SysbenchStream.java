package io.benchtap.parse.sysbench;

import io.benchtap.parse.ParseSink;
import io.benchtap.parse.support.ToolStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parser state for one sysbench output stream. Each line is, in this order: blank (ignored), a
 * {@code FATAL:} line (the run failed), an interval line ({@code [ 1s ] ...}), a summary line
 * (emitted at once), known informational output (ignored, possibly naming the benchmark), or
 * unrecognised ({@link ParseSink#unparsed}). Never throws.
 */
final class SysbenchStream extends ToolStream {

  private static final Pattern FATAL = Pattern.compile("FATAL:\\s*(.*)");

  private final Emitter emitter;
  private final SummaryLines summary = new SummaryLines();

  SysbenchStream(String benchmark) {
    this.emitter = new Emitter(benchmark);
  }

  @Override
  protected void read(String t, String line, ParseSink out) {
    Matcher m = FATAL.matcher(t);
    if (m.matches()) {
      emitter.fail(out, "sysbench FATAL: ", m.group(1));
      return;
    }
    m = IntervalLines.PREFIX.matcher(t);
    if (m.matches()) {
      if (!IntervalLines.handle(m.group(1).strip(), line, emitter, out)) {
        out.unparsed(line, "unrecognised line");
      }
      return;
    }
    if (summary.handle(t, line, emitter, out)) {
      return;
    }
    String known = KnownLines.classify(t);
    if (known == null) {
      out.unparsed(line, "unrecognised line");
    } else if (!known.isEmpty()) {
      emitter.infer(known);
    }
  }

  @Override
  public void end(ParseSink out) {
    // Summary values are emitted as soon as their line is complete: nothing is buffered.
  }
}
