package io.benchtap.parse.support;

import io.benchtap.parse.ParseSink;
import io.benchtap.parse.StreamParser;

/**
 * The base of the tools' {@link StreamParser}s: it keeps the never-throws contract in one place.
 * A null line is ignored, as is every line once {@link #ignoresRest()} says so (a tool whose run
 * failed reads nothing more); a {@link RuntimeException} out of the tool's own {@link #handle} is
 * reported as that line unparsed with reason {@code parser error: <exception class>}, and the
 * stream goes on with the next line. Blank lines are ignored unless the tool overrides {@link
 * #handle}.
 */
public abstract class ToolStream implements StreamParser {

  @Override
  public final void line(String line, ParseSink out) {
    if (line == null || ignoresRest()) {
      return;
    }
    try {
      handle(line, out);
    } catch (RuntimeException e) {
      out.unparsed(line, "parser error: " + e.getClass().getSimpleName());
    }
  }

  /**
   * Reads one line (never null, without its terminator). Here: a blank line is ignored, any other
   * goes to {@link #read} stripped. A tool to which blank lines or the unstripped text matter
   * (a table that ends at a blank line, a JSON document) overrides this instead. May throw a
   * RuntimeException on a line it did not foresee: {@link #line} reports it unparsed.
   */
  protected void handle(String line, ParseSink out) {
    String t = line.strip();
    if (!t.isEmpty()) {
      read(t, line, out);
    }
  }

  /**
   * Reads one non-blank line, {@code t} being {@code line} stripped. Here: the line is reported
   * unparsed as {@code unrecognised line}; a tool that keeps the default {@link #handle}
   * overrides this.
   */
  protected void read(String t, String line, ParseSink out) {
    out.unparsed(line, "unrecognised line");
  }

  /** Whether every further line is to be ignored unread (e.g. after the run failed); false here. */
  protected boolean ignoresRest() {
    return false;
  }
}
