package io.benchtap.agent;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one benchmark command as N parallel instances and streams every stdout/stderr line of
 * each to its own output topic, with {@code started}/{@code finished} status around it. Only the
 * command given here is ever run: nothing received over MQTT reaches this class.
 */
public final class AgentRun {
  private static final Logger LOG = LoggerFactory.getLogger(AgentRun.class);

  /**
   * What to run.
   *
   * @param topicPrefix usually {@code benchtap/v1}
   * @param command the command; {@code {instance}} in an argument is replaced by the instance number,
   *     {@code {instance2}} by the same with two digits (for ports: {@code 52{instance2}} is 5201..5216)
   * @param wrapper turns (instance, command) into what is executed: stdbuf, lxc-execute, ip netns exec...
   * @param labels free labels of the started event (per run)
   * @param instanceLabels extra labels per instance (e.g. the container name), may be empty
   */
  public record Spec(String topicPrefix, String device, String env, String net, String run, String tool, int instances,
      List<String> command, String version, Map<String, String> labels,
      BiFunction<Integer, List<String>, List<String>> wrapper, Map<Integer, Map<String, String>> instanceLabels,
      long batchMillis) {}

  /** How it went: the highest exit code, each instance's, the lines streamed and the wall time. */
  public record Result(int exitCode, List<Integer> exitCodes, long lines, Duration duration) {}

  private final AgentPublisher publisher;
  private final List<Process> processes = new ArrayList<>();
  private volatile boolean stopping;
  private volatile java.util.function.BiConsumer<Integer, String> tap = (i, l) -> { };

  public AgentRun(AgentPublisher publisher) {
    this.publisher = publisher;
  }

  /** Also hands every line to {@code tap} (instance, line), e.g. to judge a repetition locally. */
  public AgentRun tap(java.util.function.BiConsumer<Integer, String> tap) {
    this.tap = tap;
    return this;
  }

  /** Stops the running processes (Ctrl-C); {@link #run} then reports them finished. */
  public void stop() {
    stopping = true;
    synchronized (processes) {
      processes.forEach(Process::destroy);
    }
  }

  static String base(Spec s, int instance) {
    return s.topicPrefix() + "/" + s.device() + "/" + s.env() + "/" + s.run() + "/" + s.tool() + "/" + instance;
  }

  public static List<String> substitute(List<String> command, int instance) {
    List<String> out = new ArrayList<>(command.size());
    command.forEach(a -> out.add(a.replace("{instance2}", String.format("%02d", instance))
        .replace("{instance}", String.valueOf(instance))));
    return out;
  }

  /** Runs every instance to completion; blocks. */
  public Result run(Spec s) throws InterruptedException, IOException {
    Instant start = Instant.now();
    List<StreamBatcher> batchers = new ArrayList<>();
    for (int i = 1; i <= s.instances(); i++) {
      batchers.add(new StreamBatcher(base(s, i) + "/out", publisher::publish0, Clock.systemUTC(), s.batchMillis(), 32 * 1024));
      JsonObject labels = new JsonObject();
      s.labels().forEach(labels::put);
      s.instanceLabels().getOrDefault(i, Map.of()).forEach(labels::put);
      JsonObject started = new JsonObject().put("event", "started").put("t", epoch(Instant.now()))
          .put("command", String.join(" ", substitute(s.command(), i))).put("instances", s.instances())
          .put("net", s.net()).put("labels", labels);
      if (s.version() != null) {
        started.put("version", s.version());
      }
      publisher.publish(base(s, i) + "/status", started.encode(), false);
    }
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "benchtap-agent-batch");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleAtFixedRate(() -> {
      for (StreamBatcher b : batchers) {
        try {
          b.flushIfDue();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }, Math.max(5, s.batchMillis() / 4), Math.max(5, s.batchMillis() / 4), TimeUnit.MILLISECONDS);

    AtomicLong lines = new AtomicLong();
    List<Thread> readers = new ArrayList<>();
    List<Instant> starts = new ArrayList<>();
    try {
      for (int i = 1; i <= s.instances(); i++) {
        List<String> cmd = s.wrapper().apply(i, substitute(s.command(), i));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        synchronized (processes) {
          processes.add(p);
        }
        starts.add(Instant.now());
        StreamBatcher b = batchers.get(i - 1);
        int instance = i;
        Thread reader = new Thread(() -> pump(p, b, lines, instance), "benchtap-agent-read-" + i);
        reader.start();
        readers.add(reader);
        LOG.debug("instance {} started: {}", i, String.join(" ", cmd));
      }
      List<Integer> codes = new ArrayList<>();
      int worst = 0;
      for (int i = 1; i <= s.instances(); i++) {
        Process p = processes.get(i - 1);
        int code = p.waitFor();
        readers.get(i - 1).join();
        batchers.get(i - 1).flush();
        double secs = Duration.between(starts.get(i - 1), Instant.now()).toNanos() / 1e9;
        JsonObject finished = new JsonObject().put("event", "finished").put("t", epoch(Instant.now()))
            .put("exitCode", code).put("durationSeconds", Math.round(secs * 1000) / 1000.0).put("instances", s.instances())
            .put("seq", batchers.get(i - 1).messages());
        publisher.publish(base(s, i) + "/status", finished.encode(), false);
        codes.add(code);
        worst = Math.max(worst, code);
      }
      return new Result(worst, codes, lines.get(), Duration.between(start, Instant.now()));
    } finally {
      timer.shutdownNow();
      synchronized (processes) {
        processes.forEach(Process::destroy);
      }
    }
  }

  private void pump(Process p, StreamBatcher b, AtomicLong lines, int instance) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        b.add(line);
        lines.incrementAndGet();
        tap.accept(instance, line);
      }
    } catch (IOException e) {
      if (!stopping) {
        LOG.warn("reading the output of an instance failed: {}", e.toString());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static double epoch(Instant t) {
    return t.getEpochSecond() + t.getNano() / 1e9;
  }
}
