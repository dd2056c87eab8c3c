package io.benchtap.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code benchtap serve} in a JVM of its own (so it can be sent SIGTERM or SIGKILL), connected
 * to a test broker, with its log in a file. {@link #close} kills it if it still runs.
 */
final class ServeProcess implements AutoCloseable {
  final int httpPort;
  final File log;
  private final Process process;

  private ServeProcess(Process process, int httpPort, File log) {
    this.process = process;
    this.httpPort = httpPort;
    this.log = log;
  }

  /**
   * Starts an instance called {@code name} (its log {@code workDir/name.log}) with the settings
   * {@code common} and {@code more}, and adds it to {@code all} (which the test closes).
   */
  static ServeProcess startNamed(List<ServeProcess> all, Path workDir, int mqttPort, String name, String[] common,
      String... more) throws Exception {
    List<String> sets = new ArrayList<>(List.of(common));
    sets.addAll(List.of(more));
    ServeProcess p = start(workDir, mqttPort, workDir.resolve(name + ".log").toFile(), sets.toArray(String[]::new));
    all.add(p);
    return p;
  }

  /**
   * Starts serve against the broker on {@code mqttPort} with the given {@code --set} keys and
   * waits until its HTTP server answers and, when it takes MQTT (not a Kafka processor or
   * analysis instance), until it is subscribed: the broker keeps nothing for a subscription not
   * made yet, so a test that publishes next must not be quicker. (/health as a whole may be 503
   * when a sink is down on purpose.)
   */
  static ServeProcess start(Path workDir, int mqttPort, File log, String... sets) throws Exception {
    ServeProcess p = startUnsubscribed(workDir, mqttPort, log, sets);
    try {
      ItEnv.await("benchtap serve subscribed (log: " + log + ")", Duration.ofSeconds(60), p::subscribed);
    } catch (AssertionError e) {
      p.close();
      throw e;
    }
    return p;
  }

  /** As {@link #start}, without waiting for the subscription (a broker that is down on purpose). */
  static ServeProcess startUnsubscribed(Path workDir, int mqttPort, File log, String... sets) throws Exception {
    return launch(workDir, log, sets, "--mqtt-host", "127.0.0.1", "--mqtt-port", String.valueOf(mqttPort));
  }

  /**
   * Starts serve with its embedded broker, chosen by the {@code --mqtt-port} flag alone (the way
   * the README starts it), and waits until its HTTP server answers.
   */
  static ServeProcess startEmbedded(Path workDir, int mqttPort, File log, String... sets) throws Exception {
    return launch(workDir, log, sets, "--mqtt-port", String.valueOf(mqttPort));
  }

  private static ServeProcess launch(Path workDir, File log, String[] sets, String... mqttFlags) throws Exception {
    int http = ItEnv.freePort();
    List<String> cmd = new ArrayList<>(List.of("java", "-jar", ItEnv.jar(), "serve", "--http-port", String.valueOf(http)));
    cmd.addAll(List.of(mqttFlags));
    for (String s : sets) {
      cmd.add("--set");
      cmd.add(s);
    }
    Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
    ServeProcess serve = new ServeProcess(p, http, log);
    try {
      ItEnv.await("benchtap serve up (log: " + log + ")", Duration.ofSeconds(60), () -> {
        if (!p.isAlive()) {
          throw new AssertionError("benchtap serve exited with " + p.exitValue() + " (log: " + log + ")");
        }
        return serve.health().status() > 0;
      });
    } catch (RuntimeException | AssertionError e) {
      p.destroyForcibly();
      throw e;
    }
    return serve;
  }

  /** Whether /health's {@code mqtt} check (connected and subscribed) is up, or there is none. */
  private boolean subscribed() {
    ItEnv.Response h = health();
    if (h.status() == 204) {
      // No check registered: an instance without MQTT (a Kafka processor or analysis instance).
      return true;
    }
    io.vertx.core.json.JsonArray checks = new io.vertx.core.json.JsonObject(h.body()).getJsonArray("checks",
        new io.vertx.core.json.JsonArray());
    for (int i = 0; i < checks.size(); i++) {
      io.vertx.core.json.JsonObject c = checks.getJsonObject(i);
      if ("mqtt".equals(c.getString("id"))) {
        return "UP".equals(c.getString("status"));
      }
    }
    return true;
  }

  ItEnv.Response health() {
    return ItEnv.http("http://127.0.0.1:" + httpPort + "/health");
  }

  String metrics() {
    return ItEnv.http("http://127.0.0.1:" + httpPort + "/metrics").body();
  }

  double sample(String metric, String... fragments) {
    return ItEnv.sample(metrics(), metric, fragments);
  }

  /** SIGTERM, then waits for the exit (a graceful stop drains and acknowledges). */
  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new AssertionError("benchtap serve did not stop within 60 s after SIGTERM (log: " + log + ")");
    }
  }

  /** SIGKILL: nothing runs after it, not even a shutdown hook. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
