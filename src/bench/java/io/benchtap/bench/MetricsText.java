package io.benchtap.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Reads benchtap's own counters from its Prometheus exposition ({@code GET /metrics}). */
public final class MetricsText {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private MetricsText() {}

  /** The exposition text; throws when benchtap does not answer 200. */
  public static String fetch(String metricsUrl) {
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(metricsUrl)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (r.statusCode() != 200) {
        throw new IllegalStateException(metricsUrl + ": HTTP " + r.statusCode());
      }
      return r.body();
    } catch (IOException e) {
      throw new IllegalStateException(metricsUrl + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /**
   * Sum of every sample of {@code metric} (all label sets) whose line contains each fragment;
   * 0 when there is none.
   */
  public static double sum(String text, String metric, String... fragments) {
    double total = 0;
    int from = 0;
    while (true) {
      int i = text.indexOf(metric, from);
      if (i < 0) {
        return total;
      }
      int eol = text.indexOf('\n', i);
      if (eol < 0) {
        eol = text.length();
      }
      from = eol;
      boolean lineStart = i == 0 || text.charAt(i - 1) == '\n';
      int after = i + metric.length();
      if (!lineStart || after >= eol || (text.charAt(after) != '{' && text.charAt(after) != ' ')) {
        continue;
      }
      String line = text.substring(i, eol);
      boolean all = true;
      for (String f : fragments) {
        all &= line.contains(f);
      }
      if (all) {
        try {
          total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        } catch (NumberFormatException e) {
          // not a sample line
        }
      }
    }
  }
}
