package io.benchtap.it;

import io.benchtap.model.Measurement;
import io.benchtap.model.StreamKey;
import io.benchtap.model.TimeSource;
import io.benchtap.parse.ParseSink;
import io.benchtap.parse.ParserRegistry;
import io.benchtap.parse.Sample;
import io.benchtap.parse.StreamContext;
import io.benchtap.parse.StreamParser;
import io.benchtap.pipeline.Normalizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The offline reference: a file parsed in one go, as {@code benchtap parse} does. */
final class ParseOnce {
  private ParseOnce() {}

  static List<Measurement> parse(String tool, Path file) throws java.io.IOException {
    StreamParser p = ParserRegistry.load().find(tool).orElseThrow().newStream(StreamContext.EMPTY);
    List<Measurement> out = new ArrayList<>();
    StreamKey key = new StreamKey("d", "native", "r", tool, "1");
    String[] why = new String[1];
    ParseSink sink = new ParseSink() {
      @Override
      public void sample(Sample s) {
        Measurement m = Normalizer.normalize(key, "host", s, Instant.EPOCH, TimeSource.IMPORT, why);
        if (m != null) {
          out.add(m);
        }
      }

      @Override
      public void unparsed(String line, String reason) {}
    };
    for (String line : Files.readAllLines(file)) {
      p.line(line, sink);
    }
    p.end(sink);
    return out;
  }
}
