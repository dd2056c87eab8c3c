package io.benchtap.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private, real Mosquitto for tests that kill and restart the broker (the shared one of
 * bin/test must stay up) or need a configuration of their own (users, ACL). Persistent, so
 * sessions and queued QoS 1 messages survive a restart.
 */
final class OwnMosquitto implements AutoCloseable {
  final int port;
  private final Path dir;
  private Process process;

  OwnMosquitto(Path dir) throws IOException {
    this(dir, List.of("allow_anonymous true"));
  }

  /**
   * A broker with the given access lines instead of anonymous access, e.g. {@code allow_anonymous
   * false}, {@code password_file ...} and {@code acl_file ...}.
   */
  OwnMosquitto(Path dir, List<String> access) throws IOException {
    this.dir = dir;
    this.port = ItEnv.freePort();
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n",
        "listener " + port + " 127.0.0.1",
        String.join("\n", access),
        "persistence true",
        "persistence_location " + dir + "/",
        "autosave_interval 1",
        "max_queued_messages 100000",
        "user root",
        "log_dest file " + dir.resolve("mosquitto.log"),
        "") );
  }

  void start() throws IOException {
    process = new ProcessBuilder("mosquitto", "-c", dir.resolve("mosquitto.conf").toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile())).start();
    ItEnv.await("mosquitto listening on " + port, Duration.ofSeconds(15), () -> {
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
        return true;
      } catch (IOException e) {
        return false;
      }
    });
  }

  /** SIGTERM: a clean broker restart (it saves its persistent sessions first). */
  void stop() throws InterruptedException {
    if (process != null) {
      process.destroy();
      process.waitFor(10, TimeUnit.SECONDS);
      process = null;
    }
  }

  /** SIGKILL: the broker gets no chance to say goodbye. */
  void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
      process = null;
    }
  }

  int publishLines(File log, String topic, String... lines) throws Exception {
    Path input = Files.createTempFile(dir, "lines", ".txt");
    Files.writeString(input, String.join("\n", lines) + "\n");
    return ItEnv.run(Duration.ofSeconds(20), log, "sh", "-c",
        "mosquitto_pub -h 127.0.0.1 -p " + port + " -q 1 -l -t '" + topic + "' < " + input);
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
