package io.benchtap.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Where the real services started by {@code bin/test} listen. A missing variable fails the test
 * with a pointer to bin/test: integration tests never silently skip.
 */
public final class ItEnv {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ItEnv() {}

  /**
   * The settings every instance of one Kafka test shares: the bin/test Kafka, topics and consumer
   * group of their own (named after {@code id}), 6 partitions, parser state kept 10 minutes,
   * then {@code more}.
   */
  public static String[] kafkaSettings(String id, String... more) {
    List<String> s = new java.util.ArrayList<>(List.of("kafka.bootstrapServers=" + env("BENCHTAP_IT_KAFKA"),
        "kafka.linesTopic=lines-" + id, "kafka.resultsTopic=results-" + id, "kafka.group=it-" + id, "kafka.partitions=6",
        "pipeline.streamTtlSeconds=600"));
    s.addAll(List.of(more));
    return s.toArray(String[]::new);
  }

  public static String env(String name) {
    String v = System.getenv(name);
    if (v == null || v.isBlank()) {
      throw new IllegalStateException(name + " is not set: run the integration tests through bin/test, which starts "
          + "Mosquitto, Prometheus and VictoriaMetrics on loopback and exports their addresses");
    }
    return v;
  }

  public static int mqttPort() {
    return Integer.parseInt(env("BENCHTAP_IT_MQTT_PORT"));
  }

  public static int mqttAuthPort() {
    return Integer.parseInt(env("BENCHTAP_IT_MQTT_AUTH_PORT"));
  }

  public static String vmUrl() {
    return env("BENCHTAP_IT_VM_URL");
  }

  public static String promUrl() {
    return env("BENCHTAP_IT_PROM_URL");
  }

  /** The port Prometheus scrapes; only the end-to-end test binds it. */
  public static int scrapedHttpPort() {
    return Integer.parseInt(env("BENCHTAP_IT_HTTP_PORT"));
  }

  public static String jar() {
    String jar = System.getProperty("benchtap.jar");
    if (jar == null || !new java.io.File(jar).isFile()) {
      throw new IllegalStateException("benchtap.jar not built: run mvn verify (the jar is made in the package phase)");
    }
    return jar;
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** GET returning status and body; status -1 when the server is not reachable. */
  public static Response http(String url, String... headers) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
      for (int i = 0; i + 1 < headers.length; i += 2) {
        b.header(headers[i], headers[i + 1]);
      }
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Response(r.statusCode(), r.body());
    } catch (IOException e) {
      return new Response(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Response(-1, e.toString());
    }
  }

  /** An HTTP answer. */
  public record Response(int status, String body) {}

  /**
   * Polls until the condition holds; fails with the description when the deadline passes. Used
   * to wait for eventually consistent state (a scrape, a flush), never to assert speed.
   */
  public static void await(String what, Duration max, Supplier<Boolean> condition) {
    try {
      Awaitility.await(what).atMost(max).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
          .pollInSameThread().ignoreExceptionsInstanceOf(RuntimeException.class)
          .until(() -> Boolean.TRUE.equals(condition.get()));
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("timed out after " + max.toSeconds() + " s waiting for: " + what, e);
    }
  }

  /** Runs a command to completion with a bound; returns its exit code. Output goes to the given file. */
  public static int run(Duration max, java.io.File log, String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
    if (!p.waitFor(max.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("command did not finish in " + max.toSeconds() + " s: " + String.join(" ", command));
    }
    return p.exitValue();
  }

  /** Value of the first /metrics sample whose line contains every fragment, or NaN. */
  public static double sample(String metricsText, String metric, String... fragments) {
    for (String line : metricsText.split("\n")) {
      if (!line.startsWith(metric + "{") && !line.startsWith(metric + " ")) {
        continue;
      }
      boolean all = true;
      for (String f : fragments) {
        all &= line.contains(f);
      }
      if (all) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return Double.NaN;
  }
}
