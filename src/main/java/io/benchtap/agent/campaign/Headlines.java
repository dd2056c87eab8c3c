package io.benchtap.agent.campaign;

import io.benchtap.model.Aggregate;
import io.benchtap.model.Phase;
import io.benchtap.parse.MetricCatalog;
import io.benchtap.parse.ParseSink;
import io.benchtap.parse.ParserRegistry;
import io.benchtap.parse.Sample;
import io.benchtap.parse.StreamContext;
import io.benchtap.parse.StreamParser;
import io.benchtap.parse.ToolParser;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Parses a repetition's output locally, with the same parsers as the pipeline, to judge it: the
 * headline value of each instance, aggregated over instances by the metric's {@link Aggregate}
 * (sum for throughput-like values, mean for times), the way the report combines them. Used for "until stable" repetitions; the pipeline still does the real work.
 */
final class Headlines {
  private final Campaign.Headline headline;
  private final ToolParser parser;
  private final String command;
  private final Map<Integer, StreamParser> streams = new HashMap<>();
  private final Map<Integer, Double> values = new HashMap<>();

  Headlines(ParserRegistry registry, String tool, Campaign.Headline headline, String command) {
    this.headline = headline;
    this.parser = registry.find(tool).orElseThrow(() -> new IllegalArgumentException("no parser for tool " + tool));
    this.command = command;
  }

  synchronized void line(int instance, String line) {
    StreamParser p = streams.computeIfAbsent(instance, i -> parser.newStream(StreamContext.ofCommand(command)));
    p.line(line, sink(instance));
  }

  /** The aggregate over instances, once every stream has ended; empty when an instance had no headline. */
  synchronized OptionalDouble finish(int instances) {
    streams.forEach((i, p) -> p.end(sink(i)));
    if (values.size() < instances) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(MetricCatalog.standard().aggregate(headline.metric()).of(values.values().stream().mapToDouble(Double::doubleValue).toArray()));
  }

  private ParseSink sink(int instance) {
    return new ParseSink() {
      @Override
      public void sample(Sample s) {
        if (s.phase() == Phase.FINAL && s.metric().equals(headline.metric())
            && s.labels().equals(headline.labels()) && !values.containsKey(instance)) {
          values.put(instance, s.value());
        }
      }

      @Override
      public void unparsed(String line, String reason) {}
    };
  }
}
