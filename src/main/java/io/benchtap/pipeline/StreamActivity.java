package io.benchtap.pipeline;

import io.benchtap.model.StreamKey;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Which streams are running (a {@code started} without a {@code finished}) and how long each has
 * printed nothing: {@code benchtap_stream_idle_seconds{device,env,tool,instance}}, the basis of
 * the "run stalled" alert. A stream leaves when it finishes, or after the TTL without any sign of
 * life, so a crashed agent cannot leave series behind forever.
 */
public final class StreamActivity implements MultiCollector {
  private record State(long startedNanos, long lastOutputNanos) {}

  private final Map<StreamKey, State> running = new ConcurrentHashMap<>();
  private final LongSupplier clock;
  private final long ttlNanos;

  public StreamActivity(Duration ttl, LongSupplier nanoClock) {
    this.ttlNanos = ttl.toNanos();
    this.clock = nanoClock;
  }

  public void started(StreamKey key) {
    long now = clock.getAsLong();
    running.put(key, new State(now, now));
  }

  public void output(StreamKey key) {
    running.computeIfPresent(key, (k, s) -> new State(s.startedNanos(), clock.getAsLong()));
  }

  public void finished(StreamKey key) {
    running.remove(key);
  }

  @Override
  public MetricSnapshots collect() {
    long now = clock.getAsLong();
    running.entrySet().removeIf(e -> now - e.getValue().lastOutputNanos() > ttlNanos);
    GaugeSnapshot.Builder idle = GaugeSnapshot.builder().name("benchtap_stream_idle_seconds")
        .help("Seconds since a running benchmark stream last printed a line (started, not finished); "
            + "the longest when several runs share device, env, tool and instance.");
    // The run id is not a label (unbounded): streams of different runs with the same labels are
    // folded into one series holding the longest idle time, which is what the alert needs.
    Map<java.util.List<String>, Double> longest = new java.util.HashMap<>();
    running.forEach((k, s) -> longest.merge(java.util.List.of(k.device(), k.env(), k.tool(), k.instance()),
        (now - s.lastOutputNanos()) / 1e9, Math::max));
    longest.forEach((k, v) -> idle.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
        .labels(Labels.of("device", k.get(0), "env", k.get(1), "tool", k.get(2), "instance", k.get(3))).value(v).build()));
    GaugeSnapshot count = GaugeSnapshot.builder().name("benchtap_streams_running")
        .help("Benchmark streams started and not finished.")
        .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(running.size()).build()).build();
    return MetricSnapshots.of(idle.build(), count);
  }
}
