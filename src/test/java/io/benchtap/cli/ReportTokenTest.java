package io.benchtap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.analyze.AnalysisConfig;
import io.benchtap.analyze.AnalyzerVerticle;
import io.benchtap.http.HttpConfig;
import io.benchtap.http.HttpVerticle;
import io.benchtap.pipeline.LocalCodec;
import io.benchtap.model.MeasurementBatch;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code benchtap report --url} against a benchtap whose /api needs a token: it finds the token
 * where serve does (http.tokenFile of the configuration file, BENCHTAP_HTTP_TOKEN_FILE,
 * BENCHTAP_HTTP_TOKEN), not only in --token.
 */
@ExtendWith(VertxExtension.class)
class ReportTokenTest {

  private static String report(String... args) {
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int exit = Main.run(args);
      return exit + " " + err.toString(StandardCharsets.UTF_8).trim();
    } finally {
      System.setErr(saved);
    }
  }

  @Test
  void reportReadsTheTokenFromServesConfigurationAndEnvironment(Vertx vertx, @TempDir Path dir) throws Exception {
    vertx.eventBus().registerDefaultCodec(MeasurementBatch.class, new LocalCodec<>(MeasurementBatch.class));
    AnalyzerVerticle analyzer = new AnalyzerVerticle(AnalysisConfig.defaults(), List.of(), alert -> { });
    vertx.deployVerticle(analyzer).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    HttpVerticle http = new HttpVerticle(new HttpConfig("127.0.0.1", 0, "s3cret"),
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), HealthChecks.create(vertx), analyzer);
    vertx.deployVerticle(http).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    String url = "http://127.0.0.1:" + http.actualPort();
    Path tokenFile = Files.writeString(dir.resolve("token"), "s3cret\n");
    Path config = Files.writeString(dir.resolve("benchtap.yaml"), "http:\n  tokenFile: " + tokenFile + "\n");

    // Authorized, /api/overhead answers an empty list: that is the "no baseline yet" exit 1.
    String noBaseline = "1 benchtap report: no container result has a native baseline yet";
    assertThat(report("report", "--url", url)).startsWith("2 ").contains("HTTP 401");
    assertThat(report("report", "--url", url, "--config", config.toString())).isEqualTo(noBaseline);
    assertThat(report("report", "--url", url, "--token-file", tokenFile.toString())).isEqualTo(noBaseline);
    assertThat(report("report", "--url", url, "--token", "s3cret")).isEqualTo(noBaseline);

    assertThat(ApiToken.resolve(null, null, null, Map.of("BENCHTAP_HTTP_TOKEN_FILE", tokenFile.toString()))).isEqualTo("s3cret");
    assertThat(ApiToken.resolve(null, null, null, Map.of("BENCHTAP_HTTP_TOKEN", "t2"))).isEqualTo("t2");
    assertThat(ApiToken.resolve("flag", tokenFile, config, Map.of("BENCHTAP_HTTP_TOKEN", "t2"))).isEqualTo("flag");
    assertThat(ApiToken.resolve(null, null, null, Map.of())).isNull();
  }
}
