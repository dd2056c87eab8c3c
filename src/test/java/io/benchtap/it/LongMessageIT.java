package io.benchtap.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * One message of 1,000,000 short lines (2 MB, as a misused {@code mosquitto_pub -f} sends) must
 * not stall the other streams of its worker: it is parsed 4,096 lines per turn of the event loop.
 * A small message of another stream, published after it, is in /metrics while the long one is
 * still being parsed (its unparsed-line count not yet complete), and the long one then finishes.
 * With {@code pipeline.workers=0} both share the MQTT connection's event loop. Before slicing,
 * the small message waited for all million lines (about 11 s on this machine).
 */
class LongMessageIT {
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @Test
  void aMillionLineMessageDoesNotStallAnotherStreamOfItsWorker() throws Exception {
    int lines = 1_000_000;
    Path big = dir.resolve("big.txt");
    Files.writeString(big, "x\n".repeat(lines));
    Path small = dir.resolve("small.txt");
    Files.writeString(small, "[ 1s ] thds: 1 eps: 777.00 lat (ms,95%): 1.00\n");
    try (OwnMosquitto broker = new OwnMosquitto(dir.resolve("mosquitto"))) {
      broker.start();
      try (ServeProcess serve = ServeProcess.start(dir, broker.port, dir.resolve("serve.log").toFile(),
          "mqtt.clientId=long-message-it", "pipeline.workers=0", "file.enabled=false")) {
        ItEnv.await("subscribed", Duration.ofSeconds(30), () -> serve.health().status() == 200);
        String port = String.valueOf(broker.port);
        assertThat(ItEnv.run(Duration.ofSeconds(30), dir.resolve("pub.log").toFile(), "mosquitto_pub", "-h", "127.0.0.1", "-p", port,
            "-q", "1", "-t", "benchtap/v1/big/native/r/sysbench/1/out", "-f", big.toString())).isZero();
        assertThat(ItEnv.run(Duration.ofSeconds(30), dir.resolve("pub.log").toFile(), "mosquitto_pub", "-h", "127.0.0.1", "-p", port,
            "-q", "1", "-t", "benchtap/v1/small/native/r/sysbench/1/out", "-f", small.toString())).isZero();
        double[] unparsedWhenSmallSeen = new double[1];
        ItEnv.await("the small message's value in /metrics", Duration.ofSeconds(120), () -> {
          String m = serve.metrics();
          if (ItEnv.sample(m, "benchtap_events_per_second", "device=\"small\"") != 777) {
            return false;
          }
          // No series yet means none of the long message's lines was parsed yet (its first slice
          // runs on a later turn of the event loop than the one that took both messages in).
          double parsed = ItEnv.sample(m, "benchtap_parse_unparsed_lines_total", "tool=\"sysbench\"");
          unparsedWhenSmallSeen[0] = Double.isNaN(parsed) ? 0 : parsed;
          return true;
        });
        assertThat(unparsedWhenSmallSeen[0]).as("lines of the long message parsed when the small one was in").isLessThan(lines);
        ItEnv.await("the long message parsed to its end", Duration.ofSeconds(180),
            () -> serve.sample("benchtap_parse_unparsed_lines_total", "tool=\"sysbench\"") == lines
                && serve.sample("benchtap_queue_depth", "queue=\"unacked\"") == 0);
      }
    }
  }
}
