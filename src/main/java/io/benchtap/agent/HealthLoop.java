package io.benchtap.agent;

import io.benchtap.agent.health.CgroupStats;
import io.benchtap.agent.health.ContainerStats;
import io.benchtap.agent.health.HealthSampler;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples the device's health every few seconds while benchmarks run and streams it as the
 * {@code devhealth} tool: the host on instance {@code host}, each running LXC container's cgroup
 * CPU and memory on the instance number it runs (docs/mqtt-contract.md, "Device health").
 */
public final class HealthLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HealthLoop.class);

  private final ScheduledExecutorService timer;
  private final HealthSampler host = new HealthSampler();
  private final StreamBatcher hostStream;
  private final Map<Integer, StreamBatcher> containerStreams = new HashMap<>();
  private final AgentPublisher publisher;
  private final String base;
  private final Supplier<Map<Integer, String>> containers;

  /**
   * Starts sampling.
   *
   * @param base topic up to the tool level: {prefix}/{device}/{env}/{run}
   * @param containers the containers running now, by instance number (empty for native runs)
   */
  public HealthLoop(AgentPublisher publisher, String base, long intervalMillis, Supplier<Map<Integer, String>> containers) {
    this.publisher = publisher;
    this.base = base;
    this.containers = containers;
    this.hostStream = new StreamBatcher(base + "/devhealth/host/out", publisher::publish0, Clock.systemUTC(), 0, 1);
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "benchtap-agent-health");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleAtFixedRate(this::sample, 0, intervalMillis, TimeUnit.MILLISECONDS);
  }

  private void sample() {
    try {
      send(hostStream, host.sampleHost());
      Map<Integer, String> running = containers.get();
      if (!running.isEmpty()) {
        Map<Integer, ContainerStats> stats = new HashMap<>();
        running.forEach((i, name) -> {
          Optional<CgroupStats> s = CgroupStats.lxc(Path.of("/"), name);
          s.ifPresent(x -> stats.put(i, x));
        });
        HealthSampler sampler = new HealthSampler(Path.of("/"), stats);
        for (Integer i : stats.keySet()) {
          StreamBatcher b = containerStreams.computeIfAbsent(i, k ->
              new StreamBatcher(base + "/devhealth/" + k + "/out", publisher::publish0, Clock.systemUTC(), 0, 1));
          send(b, sampler.sampleContainer(i));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("health sample failed: {}", e.toString());
    }
  }

  private static void send(StreamBatcher b, List<String> lines) throws InterruptedException {
    if (lines.isEmpty()) {
      return;
    }
    // All lines of one sample travel in one message (maxBytes is irrelevant: flush explicitly).
    for (String l : lines) {
      b.addNoFlush(l);
    }
    b.flush();
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
