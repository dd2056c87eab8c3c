package io.benchtap.bench.soak;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The processes of a soak run, each on a free loopback port with its data under one work
 * directory: a persistent Mosquitto (sessions and queued QoS 1 messages survive a restart), a
 * VictoriaMetrics that takes InfluxDB line protocol, and {@code benchtap serve} in its own JVM,
 * reading from that broker on a persistent session and writing both to line-protocol files
 * ({@link #dataDir}) and through its InfluxDB sink (spool in {@link #spoolDir}) to VictoriaMetrics.
 * Every start of serve is the same command, so after a SIGKILL the next one has the same client
 * id, files and spool. A {@link Witness} subscribes beside it when {@code mosquitto_sub} exists.
 */
final class SoakServices implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();

  final int mqttPort;
  final int vmPort;
  final int httpPort;
  final ChildProcess broker;
  final ChildProcess vm;
  final ChildProcess serve;
  final Path dataDir;
  final Path spoolDir;
  final Path dir;
  private Witness witness;
  final String clientId = "benchtap-soak-" + ProcessHandle.current().pid();

  SoakServices(Path dir, Path jar, String serveXmx, List<String> serveSets) throws IOException {
    mqttPort = freePort();
    vmPort = freePort();
    httpPort = freePort();
    Path mq = Files.createDirectories(dir.resolve("mosquitto"));
    Path vmData = Files.createDirectories(dir.resolve("victoria-metrics"));
    Path serveDir = Files.createDirectories(dir.resolve("serve"));
    this.dir = dir;
    dataDir = serveDir.resolve("data");
    spoolDir = serveDir.resolve("influx-spool");
    // Persistent (saved every second), so sessions and queued messages survive a restart. The
    // script execs the broker: the child process is Mosquitto itself.
    broker = new ChildProcess("mosquitto", List.of("bash", mosquittoScript(jar).toString(), "run", mq.toString(),
        String.valueOf(mqttPort), "--persist", "1", "--inflight", "20", "--queued", "1000000"),
        mq, dir.resolve("mosquitto.log"), () -> tcpOpen(mqttPort));
    vm = new ChildProcess("victoria-metrics", List.of(bin("victoria-metrics", "/usr/bin/victoria-metrics"),
        "-httpListenAddr=127.0.0.1:" + vmPort, "-storageDataPath=" + vmData, "-retentionPeriod=1d",
        "-search.latencyOffset=0s", "-search.disableCache", "-memory.allowedPercent=20", "-loggerOutput=stderr"),
        vmData, dir.resolve("victoria-metrics.log"), () -> get(vmUrl() + "/health").contains("OK"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + serveXmx, "-jar", jar.toAbsolutePath().toString(), "serve",
        "--mqtt-host", "127.0.0.1", "--mqtt-port", String.valueOf(mqttPort), "--http-port", String.valueOf(httpPort),
        "--set", "mqtt.clientId=" + clientId, "--set", "influx.url=" + vmUrl(), "--set", "influx.spoolDir=" + spoolDir,
        "--set", "file.enabled=true", "--set", "file.dir=" + dataDir, "--set", "mqtt.reconnectMaxDelayMs=5000"));
    for (String s : serveSets) {
      cmd.add("--set");
      cmd.add(s);
    }
    // Up once HTTP answers: after a kill the broker or VictoriaMetrics may be down (/health 503).
    serve = new ChildProcess("benchtap-serve", cmd, serveDir, dir.resolve("benchtap-serve.log"),
        () -> status(serveUrl() + "/health") > 0);
  }

  String vmUrl() {
    return "http://127.0.0.1:" + vmPort;
  }

  String serveUrl() {
    return "http://127.0.0.1:" + httpPort;
  }

  void startAll() throws IOException, InterruptedException {
    broker.start(Duration.ofSeconds(20));
    vm.start(Duration.ofSeconds(30));
    serve.start(Duration.ofSeconds(90));
    // Connected and subscribed before anything is published: the broker keeps messages only for
    // a session that exists.
    if (!SoakRun.waitUntil(Duration.ofSeconds(60), () -> status(serveUrl() + "/health") == 200)) {
      throw new IOException("benchtap serve not healthy 60 s after start: " + get(serveUrl() + "/health")
          + " (log: " + dir.resolve("benchtap-serve.log") + ")");
    }
  }

  /** Starts the witness subscriber for the run's topics (closed with the services); null without mosquitto_sub. */
  synchronized Witness startWitness(String run) throws IOException {
    witness = Witness.start(dir, mqttPort, run).orElse(null);
    return witness;
  }

  @Override
  public void close() throws InterruptedException {
    Witness w;
    synchronized (this) {
      w = witness;
      witness = null;
    }
    if (w != null) {
      w.close();
    }
    serve.close();
    vm.close();
    broker.close();
  }

  /** GET a URL; the body, or "" when it does not answer. */
  static String get(String url) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** HTTP status of a GET, or -1 when it does not answer. */
  static int status(String url) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /**
   * bin/lib/mosquitto.sh, the scripts' one way to start a private broker: {@code
   * BENCHTAP_MOSQUITTO_SCRIPT}, else beside the jar's repository (target/benchtap.jar), else
   * under the working directory.
   */
  static Path mosquittoScript(Path jar) throws IOException {
    String set = System.getenv("BENCHTAP_MOSQUITTO_SCRIPT");
    List<Path> candidates = new ArrayList<>();
    if (set != null && !set.isBlank()) {
      candidates.add(Path.of(set));
    }
    Path target = jar.toAbsolutePath().getParent();
    if (target != null && target.getParent() != null) {
      candidates.add(target.getParent().resolve("bin/lib/mosquitto.sh"));
    }
    candidates.add(Path.of("bin/lib/mosquitto.sh").toAbsolutePath());
    for (Path p : candidates) {
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new IOException("bin/lib/mosquitto.sh not found (looked at " + candidates
        + "): run the soak from the repository (bin/soak) or set BENCHTAP_MOSQUITTO_SCRIPT");
  }

  static boolean tcpOpen(int port) {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static String bin(String name, String fallback) {
    for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/usr/sbin").split(":")) {
      Path p = Path.of(d, name);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return fallback;
  }
}
