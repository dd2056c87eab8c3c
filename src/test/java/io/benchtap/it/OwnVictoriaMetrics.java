package io.benchtap.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A VictoriaMetrics of one test (its own port and data directory), for tests that stop the store
 * under benchtap; the shared one of bin/test stays up for the others. It takes the InfluxDB line
 * protocol at /api/v2/write, as influxdb-client-java posts it.
 */
final class OwnVictoriaMetrics implements AutoCloseable {
  final int port;
  private final Path dir;
  private Process process;

  OwnVictoriaMetrics(Path dir) throws IOException {
    this.dir = dir;
    this.port = ItEnv.freePort();
    Files.createDirectories(dir);
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  void start() throws IOException {
    process = new ProcessBuilder("victoria-metrics", "-httpListenAddr=127.0.0.1:" + port, "-storageDataPath=" + dir.resolve("data"),
        "-retentionPeriod=100y", "-search.latencyOffset=0s", "-search.disableCache")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("vm.log").toFile())).start();
    ItEnv.await("victoria-metrics on " + port, Duration.ofSeconds(30), () -> ItEnv.http(url() + "/health").status() == 200);
  }

  /** SIGTERM and wait: the store is down until {@link #start} again. */
  void stop() throws InterruptedException {
    if (process != null) {
      process.destroy();
      process.waitFor(30, TimeUnit.SECONDS);
      process = null;
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
