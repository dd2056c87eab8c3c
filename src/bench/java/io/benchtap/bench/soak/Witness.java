package io.benchtap.bench.soak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A second subscriber of the soak's broker, independent of benchtap: {@code mosquitto_sub} on a
 * persistent session of its own (QoS 1, client id {@code benchtap-soak-witness-PID}), which
 * acknowledges every message at once, is never killed and reconnects by itself after a broker
 * restart. It writes every payload it receives to a file. A value that benchtap's sinks lack but
 * the witness has reached the broker's subscribers: the loss is benchtap's, not the publisher's or
 * the broker's.
 */
final class Witness implements AutoCloseable {
  static final String READY = "benchtap-soak witness ready";

  private final Process process;
  private final Path out;

  private Witness(Process process, Path out) {
    this.process = process;
    this.out = out;
  }

  /** Starts {@code mosquitto_sub} for the run's topics and the ready topic; empty when it is not installed. */
  static Optional<Witness> start(Path dir, int port, String run) throws IOException {
    String bin = SoakServices.bin("mosquitto_sub", "/usr/bin/mosquitto_sub");
    if (!Files.isExecutable(Path.of(bin))) {
      return Optional.empty();
    }
    Path out = dir.resolve("witness.out");
    Process p = new ProcessBuilder(List.of(bin, "-h", "127.0.0.1", "-p", String.valueOf(port), "-q", "1", "-c",
        "-i", "benchtap-soak-witness-" + ProcessHandle.current().pid(), "-t", "benchtap/v1/+/native/" + run + "/devhealth/host/out",
        "-t", readyTopic(run)))
        .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("witness.log").toFile())).start();
    return Optional.of(new Witness(p, out));
  }

  /** A topic only the witness subscribes to (benchtap reads benchtap/v1/# only). */
  static String readyTopic(String run) {
    return "benchtap-soak/" + run + "/witness";
  }

  /** Whether the witness has received the ready message (so it is subscribed). */
  boolean ready() {
    return read().contains(READY);
  }

  boolean alive() {
    return process.isAlive();
  }

  /** The run's values the witness received; a value received twice was delivered twice (QoS 1 allows it). */
  SinkCount count(long published) {
    Tally t = new Tally(published);
    String text = read();
    String prefix = "memory_available_bytes ";
    for (int from = 0, eol = text.indexOf('\n'); eol >= 0; from = eol + 1, eol = text.indexOf('\n', from)) {
      if (text.startsWith(prefix, from)) {
        t.add(Double.parseDouble(text.substring(from + prefix.length(), eol).trim()));
      }
    }
    return t.result("witness", 1);
  }

  private String read() {
    try {
      return Files.readString(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
