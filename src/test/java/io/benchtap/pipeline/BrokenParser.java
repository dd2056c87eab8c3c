package io.benchtap.pipeline;

import io.benchtap.parse.ParseSink;
import io.benchtap.parse.StreamContext;
import io.benchtap.parse.StreamParser;
import io.benchtap.parse.ToolDeclaration;
import io.benchtap.parse.ToolParser;
import java.util.List;

/** A parser with a bug: it throws on every line, or at the end. What the pipeline must survive. */
final class BrokenParser implements ToolParser {
  private final String tool;
  private final boolean atEnd;

  private BrokenParser(String tool, boolean atEnd) {
    this.tool = tool;
    this.atEnd = atEnd;
  }

  /** Throws on every line. */
  static ToolParser onEveryLine(String tool) {
    return new BrokenParser(tool, false);
  }

  /** Takes every line, throws when the stream ends. */
  static ToolParser atEnd(String tool) {
    return new BrokenParser(tool, true);
  }

  @Override
  public ToolDeclaration declaration() {
    return new ToolDeclaration(tool, List.of(), List.of());
  }

  @Override
  public StreamParser newStream(StreamContext context) {
    return new StreamParser() {
      @Override
      public void line(String line, ParseSink out) {
        if (!atEnd) {
          throw new IllegalStateException("parser bug");
        }
      }

      @Override
      public void end(ParseSink out) {
        if (atEnd) {
          throw new IllegalStateException("parser bug");
        }
      }
    };
  }
}
