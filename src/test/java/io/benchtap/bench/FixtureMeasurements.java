package io.benchtap.bench;

import io.benchtap.model.Measurement;
import io.benchtap.model.StreamKey;
import io.benchtap.model.TimeSource;
import io.benchtap.parse.ParseSink;
import io.benchtap.parse.ParserRegistry;
import io.benchtap.parse.Sample;
import io.benchtap.parse.StreamContext;
import io.benchtap.parse.StreamParser;
import io.benchtap.pipeline.Normalizer;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Real measurements for the encoding benchmarks: every fixture of every registered parser, read
 * as {@code benchtap-bench bench} replays them ({@link Fixtures}, with the command line as the stream
 * context), parsed and normalized as the pipeline does it, and grouped by the output line that
 * completed them (one group is what one line of a benchmark's output adds to a sink batch). Each
 * fixture is one
 * stream of device {@link #DEVICE}, env {@code native}, net {@code host}, run {@code r1},
 * instance {@code 1}; times are one millisecond apart from 2026-11-26T00:00:00Z, from the
 * device's clock.
 */
final class FixtureMeasurements {
  static final String DEVICE = "dev-0000";
  private static final Instant START = Instant.parse("2026-11-26T00:00:00Z");

  private FixtureMeasurements() {}

  /** The groups, tools in registry order, fixtures in file-name order; lines that completed nothing left out. */
  static List<List<Measurement>> byLine() throws IOException, URISyntaxException {
    ParserRegistry registry = ParserRegistry.load();
    URL outputs = FixtureMeasurements.class.getResource("/outputs");
    if (outputs == null) {
      throw new IllegalStateException("no fixtures (outputs/) on the class path");
    }
    List<List<Measurement>> groups = new ArrayList<>();
    long[] clock = {0};
    for (Fixtures.Fixture f : Fixtures.load(Path.of(outputs.toURI()), registry.tools())) {
      StreamKey key = new StreamKey(DEVICE, "native", "r1", f.tool(), "1");
      List<Measurement> group = new ArrayList<>();
      String[] why = new String[1];
      ParseSink sink = new ParseSink() {
        @Override
        public void sample(Sample s) {
          Measurement m = Normalizer.normalize(key, "host", s, START.plusMillis(clock[0]++), TimeSource.DEVICE, why);
          if (m != null) {
            group.add(m);
          }
        }

        @Override
        public void unparsed(String line, String reason) {}
      };
      StreamParser stream = registry.find(f.tool()).orElseThrow()
          .newStream(f.command() == null ? StreamContext.EMPTY : StreamContext.ofCommand(f.command()));
      for (String line : f.lines()) {
        stream.line(line, sink);
        flush(group, groups);
      }
      stream.end(sink);
      flush(group, groups);
    }
    return groups;
  }

  private static void flush(List<Measurement> group, List<List<Measurement>> groups) {
    if (!group.isEmpty()) {
      groups.add(List.copyOf(group));
      group.clear();
    }
  }

  /** The same measurement from another device. */
  static Measurement onDevice(Measurement m, String device) {
    return new Measurement(m.time(), device, m.env(), m.net(), m.run(), m.tool(), m.benchmark(), m.instance(),
        m.metric(), m.value(), m.unit(), m.phase(), m.labels(), m.timeSource());
  }

  /** What makes a Prometheus series: everything but the run, the value and the time. */
  static String seriesKey(Measurement m) {
    return String.join("\u0000", m.metric(), m.device(), m.env(), m.net(), m.tool(), m.benchmark(), m.instance(),
        m.phase().wire(), m.labels().toString());
  }
}
