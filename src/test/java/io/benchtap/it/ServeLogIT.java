package io.benchtap.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ordinary situations a new user meets, each one clear line in the log of a real
 * {@code benchtap serve} JVM and never a stack trace: the broker down (reconnects), the embedded
 * broker's port taken by the real Mosquitto, a 10 MB message to the embedded broker (counted, the
 * connection kept), and {@code --mqtt-port} moving the embedded broker. Bounds are numbers of
 * lines for a number of events, never times.
 */
class ServeLogIT {
  @TempDir
  Path dir;

  @Test
  void aBrokerThatIsDownIsOneLineNotATracePerRetry() throws Exception {
    int nobody = ItEnv.freePort();
    File log = dir.resolve("serve.log").toFile();
    try (ServeProcess serve = ServeProcess.startUnsubscribed(dir, nobody, log,
        "mqtt.reconnectInitialDelayMs=10", "mqtt.reconnectMaxDelayMs=40")) {
      ItEnv.await("40 reconnect attempts", Duration.ofSeconds(60),
          () -> serve.sample("benchtap_mqtt_reconnects_total") >= 40);
      List<String> lines = Files.readAllLines(log.toPath());
      assertThat(lines).as("serve's log after 40 failed reconnects:%n%s", String.join("\n", lines))
          .noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by"))
          .hasSizeLessThanOrEqualTo(8)
          .filteredOn(l -> l.contains("127.0.0.1:" + nobody) && l.contains("unreachable")).hasSize(1);
    }
  }

  @Test
  void thePortOfARunningBrokerIsOneLineNamingTheFlags() throws Exception {
    int taken = ItEnv.mqttPort(); // the real Mosquitto of bin/test listens there
    File log = dir.resolve("serve.log").toFile();
    int exit = ItEnv.run(Duration.ofSeconds(60), log, "java", "-jar", ItEnv.jar(), "serve",
        "--mqtt-port", String.valueOf(taken), "--http-port", "0", "--set", "broker.dataDir=" + dir.resolve("broker"),
        "--set", "file.dir=" + dir.resolve("data"));
    List<String> lines = Files.readAllLines(log.toPath());
    assertThat(exit).isEqualTo(1);
    assertThat(lines).as("serve's output:%n%s", String.join("\n", lines))
        .noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception"))
        .hasSizeLessThanOrEqualTo(3)
        .anyMatch(l -> l.contains("127.0.0.1:" + taken) && l.contains("address in use")
            && l.contains("--mqtt-host 127.0.0.1") && l.contains("--mqtt-port"));
  }

  @Test
  void mqttPortMovesTheEmbeddedBrokerAndATenMegabyteMessageIsCounted() throws Exception {
    int port = ItEnv.freePort();
    File log = dir.resolve("serve.log").toFile();
    try (ServeProcess serve = ServeProcess.startEmbedded(dir, port, log)) {
      ItEnv.await("connected to the embedded broker", Duration.ofSeconds(30), () -> serve.health().status() == 200);
      Path big = dir.resolve("big.txt");
      Files.writeString(big, "x".repeat(10_000_000));
      File pubLog = dir.resolve("pub.log").toFile();
      assertThat(pub(pubLog, port, "-f", big.toString())).as("mosquitto_pub of 10 MB (%s)", read(pubLog)).isZero();
      ItEnv.await("the 10 MB message counted as too large", Duration.ofSeconds(60),
          () -> serve.sample("benchtap_ingest_rejected_total", "reason=\"too_large\"") == 1);
      // The connection and the pipeline go on: an ordinary line after it is parsed.
      assertThat(pub(pubLog, port, "-m", "[ 1s ] thds: 1 eps: 321.00 lat (ms,95%): 1.00")).isZero();
      ItEnv.await("the value in /metrics", Duration.ofSeconds(30),
          () -> serve.sample("benchtap_events_per_second", "device=\"big\"") == 321);
      List<String> lines = Files.readAllLines(log.toPath());
      assertThat(lines).as("serve's log:%n%s", String.join("\n", lines))
          .noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by"))
          .anyMatch(l -> l.contains("embedded MQTT broker listening on 127.0.0.1:" + port))
          .anyMatch(l -> l.contains("rejected too_large"));
    }
  }

  private static int pub(File log, int port, String... payload) throws IOException, InterruptedException {
    List<String> cmd = new java.util.ArrayList<>(List.of("mosquitto_pub", "-h", "127.0.0.1", "-p", String.valueOf(port),
        "-q", "1", "-t", "benchtap/v1/big/native/r1/sysbench/1/out"));
    cmd.addAll(List.of(payload));
    return ItEnv.run(Duration.ofSeconds(60), log, cmd.toArray(String[]::new));
  }

  private static String read(File f) throws IOException {
    return Files.readString(f.toPath());
  }
}
