package io.benchtap.pipeline;

import io.benchtap.model.Measurement;
import io.benchtap.model.RunEvent;
import io.benchtap.model.StreamKey;
import io.benchtap.model.TimeSource;
import io.benchtap.parse.ParseSink;
import io.benchtap.parse.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where a stream's parser puts what it makes of some lines: each sample is normalized into a
 * {@link Measurement} of the stream at one time, a refused sample and an unparsed line are counted
 * through the observer, and a failure the tool reported becomes a {@code run_failed} event
 * (observed at once). Never throws back into the parser.
 */
final class StreamCollector implements ParseSink {
  final List<Measurement> out;
  final List<RunEvent> events;
  private final StreamKey key;
  private final String net;
  private final Instant time;
  private final TimeSource source;
  private final PipelineObserver observer;
  private final String[] why = new String[1];

  /** Collects into lists of its own. */
  StreamCollector(StreamKey key, String net, Instant time, TimeSource source, PipelineObserver observer) {
    this(key, net, time, source, observer, new ArrayList<>(), new ArrayList<>());
  }

  /** Collects into the given lists (one message's parse appends to its outcome directly). */
  StreamCollector(StreamKey key, String net, Instant time, TimeSource source, PipelineObserver observer,
      List<Measurement> out, List<RunEvent> events) {
    this.key = key;
    this.net = net;
    this.time = time;
    this.source = source;
    this.observer = observer;
    this.out = out;
    this.events = events;
  }

  @Override
  public void sample(Sample sample) {
    Measurement m = Normalizer.normalize(key, net, sample, time, source, why);
    if (m == null) {
      observer.invalidSample(key.tool(), why[0]);
    } else {
      out.add(m);
    }
  }

  @Override
  public void unparsed(String line, String reason) {
    observer.unparsed(key, line, reason);
  }

  @Override
  public void runFailed(String reason) {
    RunEvent ev = new RunEvent(time, key, net, RunEvent.Type.FAILED, null, null, 0, null, Double.NaN, reason, Map.of());
    events.add(ev);
    observer.runEvent(ev);
  }
}
