package io.benchtap.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A plain {@code mosquitto_sub} as the consumer to compare benchtap with:
 * {@code mosquitto_sub -t 'benchtap/v1/#' -q 1 -i ID -c -F %t} (QoS 1, persistent session,
 * prints each message's topic). A reader thread counts the output messages ({@code .../out}) it
 * prints. Its session is cleared when it is closed.
 */
final class BaselineSubscriber implements AutoCloseable {
  private final String host;
  private final int port;
  private final String clientId;
  private final Process process;
  private final AtomicLong outMessages = new AtomicLong();
  private volatile boolean probed;

  BaselineSubscriber(String host, int port, String topicPrefix, String clientId) throws IOException {
    this.host = host;
    this.port = port;
    this.clientId = clientId;
    // mosquitto_sub flushes its output after every message, also into a pipe.
    List<String> cmd = new ArrayList<>(List.of("mosquitto_sub", "-h", host, "-p", String.valueOf(port), "-t", topicPrefix + "/#",
        "-q", "1", "-i", clientId, "-c", "-F", "%t"));
    process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8), 1 << 16)) {
        String line;
        while ((line = r.readLine()) != null) {
          if (line.endsWith("/out")) {
            outMessages.incrementAndGet();
          } else if (line.endsWith("/bench-probe")) {
            probed = true;
          }
        }
      } catch (IOException e) {
        // process ended
      }
    }, "bench-mosquitto-sub");
    reader.setDaemon(true);
    reader.start();
  }

  /** Output messages printed so far. */
  long outMessages() {
    return outMessages.get();
  }

  /** Whether a message on {@code .../bench-probe} has come through (the subscription is live). */
  boolean probed() {
    return probed;
  }

  /** CPU time (user + system) the mosquitto_sub process used so far, seconds; NaN if unknown. */
  double cpuSeconds() {
    return Cpu.processSeconds(process.pid());
  }

  boolean alive() {
    return process.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
    clearSession(host, port, clientId);
  }

  /**
   * Drops the broker's persistent session of {@code clientId} (connects once with a clean
   * session), so it stops queueing messages for a consumer that is gone.
   */
  static void clearSession(String host, int port, String clientId) throws InterruptedException {
    try {
      Process p = new ProcessBuilder("mosquitto_sub", "-h", host, "-p", String.valueOf(port), "-i", clientId,
          "-t", "benchtap/v1/bench-none", "-E").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (IOException e) {
      // nothing to clear without mosquitto_sub
    }
  }
}
