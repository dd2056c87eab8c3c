package io.benchtap.parse.iperf3;

import io.benchtap.parse.support.IperfEmitter;
import io.benchtap.parse.ParseSink;
import io.benchtap.parse.support.ToolStream;
import java.util.Map;

/**
 * Parser state for one iperf3 output stream. A line starting with <code>{</code> opens JSON: a
 * {@code --json-stream} event fits on one line and is handled at once; a {@code --json} document
 * spans many lines and is buffered (at most {@value #MAX_DOCUMENT} characters, beyond that it is
 * reported unparsed and skipped) until its braces balance. Any other line is iperf3 text. Never
 * throws.
 */
final class Iperf3Stream extends ToolStream {

  static final int MAX_DOCUMENT = 8 * 1024 * 1024;

  private final IperfEmitter emitter;
  private final TextReport text = new TextReport();
  private final JsonReport json = new JsonReport();

  private java.util.List<String> document;
  private int documentChars;
  private String firstLine;
  private int depth;
  private boolean inString;
  private boolean escape;
  private boolean skipping;

  Iperf3Stream(String benchmark) {
    this.emitter = new IperfEmitter("iperf3", benchmark);
  }

  @Override
  protected void handle(String line, ParseSink out) {
    if (document != null || skipping) {
      continueDocument(line, out);
      return;
    }
    String t = line.strip();
    if (t.isEmpty()) {
      return;
    }
    if (t.startsWith("{")) {
      depth = 0;
      inString = false;
      escape = false;
      firstLine = line;
      document = new java.util.ArrayList<>();
      documentChars = 0;
      continueDocument(line, out);
      return;
    }
    if (!text.handle(t, emitter, out)) {
      out.unparsed(line, "unrecognised line");
    }
  }

  private void continueDocument(String line, ParseSink out) {
    if (document != null && !document.isEmpty() && !jsonLike(line)) {
      // Not JSON after all (a stray "{" line): report it and read the rest as text again.
      java.util.List<String> held = document;
      document = null;
      skipping = false;
      out.unparsed(firstLine, "malformed JSON");
      for (String h : held.subList(1, held.size())) {
        handle(h, out);
      }
      handle(line, out);
      return;
    }
    scan(line);
    if (document != null) {
      documentChars += line.length() + 1;
      if (documentChars > MAX_DOCUMENT) {
        out.unparsed(firstLine, "JSON document too large");
        document = null;
        skipping = true;
      } else {
        document.add(line);
      }
    }
    if (depth > 0) {
      return;
    }
    skipping = false;
    if (document == null) {
      return;
    }
    String doc = String.join("\n", document);
    document = null;
    if (depth < 0 || !complete(JsonTree.parse(doc), out)) {
      out.unparsed(firstLine, "malformed JSON");
    }
  }

  @SuppressWarnings("unchecked")
  private boolean complete(Object parsed, ParseSink out) {
    if (!(parsed instanceof Map<?, ?> map)) {
      return false;
    }
    Map<String, Object> m = (Map<String, Object>) map;
    if (m.containsKey("event")) {
      return json.event(m, emitter, out);
    }
    if (m.containsKey("start") || m.containsKey("end") || m.containsKey("error")) {
      json.document(m, emitter, out);
      return true;
    }
    return false;
  }

  /** Whether a line can continue a pretty-printed JSON document. */
  private boolean jsonLike(String line) {
    if (inString) {
      return true;
    }
    String t = line.strip();
    return t.isEmpty() || "\"{}[],-0123456789tfn".indexOf(t.charAt(0)) >= 0;
  }

  /** Brace depth outside JSON strings. */
  private void scan(String line) {
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (inString) {
        if (escape) {
          escape = false;
        } else if (c == '\\') {
          escape = true;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
      }
    }
  }

  @Override
  public void end(ParseSink out) {
    if (document != null) {
      out.unparsed(firstLine, "incomplete JSON document");
      document = null;
    }
  }
}
