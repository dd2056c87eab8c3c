package io.benchtap.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} with no broker configured runs Moquette itself; a plain mosquitto_pub feeds it. */
class EmbeddedBrokerIT {
  @TempDir
  Path dir;

  @Test
  void embeddedBrokerAcceptsPlainMosquittoPub() throws Exception {
    int brokerPort = ItEnv.freePort();
    try (ServeHarness serve = new ServeHarness(Map.of("broker.port", String.valueOf(brokerPort),
        "broker.dataDir", dir.resolve("broker").toString(), "http.port", "0", "file.dir", dir.resolve("data").toString()))) {
      ItEnv.await("connected to the embedded broker", Duration.ofSeconds(20), () -> ItEnv.http(serve.base() + "/health").status() == 200);
      Path lines = dir.resolve("in.txt");
      Files.writeString(lines, "[ 1s ] thds: 1 eps: 321.00 lat (ms,95%): 1.00\n");
      File log = dir.resolve("pub.log").toFile();
      assertThat(ItEnv.run(Duration.ofSeconds(20), log, "sh", "-c",
          "mosquitto_pub -h 127.0.0.1 -p " + brokerPort + " -q 1 -l -t benchtap/v1/emb/native/r/sysbench/1/out < " + lines)).isZero();
      ItEnv.await("the value in /metrics", Duration.ofSeconds(10),
          () -> ItEnv.sample(serve.metrics(), "benchtap_events_per_second", "device=\"emb\"") == 321);
      ItEnv.await("the line in the daily line-protocol file", Duration.ofSeconds(10), () -> {
        try (var files = Files.list(dir.resolve("data"))) {
          return files.anyMatch(f -> {
            try {
              return Files.readString(f).contains("device=emb");
            } catch (java.io.IOException e) {
              return false;
            }
          });
        } catch (java.io.IOException e) {
          return false;
        }
      });
    }
  }
}
