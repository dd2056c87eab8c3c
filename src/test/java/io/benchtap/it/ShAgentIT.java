package io.benchtap.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.model.Measurement;
import io.benchtap.model.MeasurementBatch;
import io.benchtap.model.Phase;
import io.benchtap.model.RunEvent;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The BusyBox/POSIX sh agent ({@code agent/benchtap-agent.sh}) run under {@code busybox sh} (and
 * dash) against the real Mosquitto of bin/test, with benchtap's pipeline in-process: what arrives
 * must parse exactly as the file it streamed, live runs show up while they run, the retained
 * agent state and its last will work, and bad usage is one line with exit status 2.
 */
class ShAgentIT {
  private static final Path SCRIPT = Path.of("agent/benchtap-agent.sh").toAbsolutePath();
  private static final Path FIXTURE =
      Path.of("src/test/resources/outputs/sysbench/sysbench10_cpu_t2_interval.txt").toAbsolutePath();

  @TempDir
  static Path dir;
  private static ServeHarness serve;
  private static final List<Measurement> MEASUREMENTS = new CopyOnWriteArrayList<>();
  private static final List<RunEvent> EVENTS = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    for (String shell : List.of("busybox", "dash")) {
      try {
        new ProcessBuilder(shell, "-c", "true").start().waitFor();
      } catch (IOException e) {
        throw new IllegalStateException(shell + " is not installed (apt-get install -y busybox dash): the sh agent is tested under it", e);
      }
    }
    serve = new ServeHarness(Map.of("mqtt.host", "127.0.0.1", "mqtt.port", String.valueOf(ItEnv.mqttPort()),
        "mqtt.clientId", "benchtap-shagent-" + UUID.randomUUID().toString().substring(0, 8), "http.port", "0",
        "file.enabled", "false"));
    ItEnv.await("subscribed", Duration.ofSeconds(20), () -> ItEnv.http(serve.base() + "/health").status() == 200);
    serve.vertx.eventBus().<MeasurementBatch>localConsumer(MeasurementBatch.ADDRESS, m -> {
      MEASUREMENTS.addAll(m.body().measurements());
      EVENTS.addAll(m.body().events());
    });
  }

  @AfterAll
  static void stop() throws Exception {
    serve.close();
  }

  private static String device(String what) {
    return "sh" + what + "-" + UUID.randomUUID().toString().substring(0, 6);
  }

  /** The agent under the given shell ("busybox" or "dash"), talking to the anonymous listener. */
  private static ProcessBuilder agent(String shell, Path tmp, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(shell.equals("dash") ? List.of("dash") : List.of("busybox", "sh"));
    cmd.add(SCRIPT.toString());
    cmd.addAll(List.of(args));
    Files.createDirectories(tmp);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("TMPDIR", tmp.toString());
    pb.environment().remove("BENCHTAP_MQTT_PASSWORD");
    return pb;
  }

  private static Process start(ProcessBuilder pb, String log) throws IOException {
    return pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(log).toFile())).start();
  }

  private static int runToEnd(ProcessBuilder pb, String log) throws Exception {
    Process p = start(pb, log);
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("agent finished; log %s", dir.resolve(log)).isTrue();
    return p.exitValue();
  }

  private static List<Measurement> measurements(String device) {
    return MEASUREMENTS.stream().filter(m -> m.device().equals(device)).toList();
  }

  private static List<RunEvent> events(String device, RunEvent.Type type) {
    return EVENTS.stream().filter(e -> e.key().device().equals(device) && e.type() == type).toList();
  }

  /** Measurements as comparable strings: benchmark, metric, labels, phase, value. */
  private static List<String> keys(List<Measurement> ms) {
    List<String> out = new ArrayList<>();
    ms.forEach(m -> out.add(m.benchmark() + " " + m.metric() + m.labels() + " " + m.phase().wire() + "=" + m.value()));
    Collections.sort(out);
    return out;
  }

  /** The retained agent state of a device as a new subscriber reads it. */
  private static String retainedState(String device) throws Exception {
    Process p = new ProcessBuilder("mosquitto_sub", "-h", "127.0.0.1", "-p", String.valueOf(ItEnv.mqttPort()),
        "-C", "1", "-W", "5", "-t", "benchtap/v1/" + device + "/agent").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    p.waitFor(10, TimeUnit.SECONDS);
    return out;
  }

  private static double metric(String name, String device, String... more) {
    String[] all = Stream.concat(Stream.of("device=\"" + device + "\""), Stream.of(more)).toArray(String[]::new);
    return ItEnv.sample(serve.metrics(), name, all);
  }

  private static boolean emptyDir(Path p) {
    try (Stream<Path> s = Files.list(p)) {
      return s.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The "parses identically" check. {@code cat} hands the agent the whole file in one read;
   * {@code dribble} prints it in 37-byte pieces 20 ms apart, so lines arrive split across reads
   * and the agent must reassemble them and send whole lines only.
   */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"busybox,cat", "dash,cat", "busybox,dribble", "dash,dribble"})
  void streamedFileParsesExactlyAsTheFileItself(String shell, String how) throws Exception {
    String device = device(shell + "-" + how);
    Path tmp = dir.resolve("tmp-parse-" + shell + "-" + how);
    List<String> command = how.equals("cat") ? List.of("cat", FIXTURE.toString())
        : List.of("sh", "-c", "{ while c=$(dd bs=37 count=1 2>/dev/null; echo .); c=${c%.}; [ -n \"$c\" ]; do "
            + "printf '%s' \"$c\"; sleep 0.02; done; } < \"$1\"", "dribble", FIXTURE.toString());
    List<String> args = new ArrayList<>(List.of("-p", String.valueOf(ItEnv.mqttPort()), "-d", device, "-e", "native",
        "-r", "r1", "-t", "sysbench", "--"));
    args.addAll(command);
    String log = "parse-" + shell + "-" + how + ".log";
    assertThat(runToEnd(agent(shell, tmp, args.toArray(String[]::new)), log)).isZero();
    List<Measurement> offline = ParseOnce.parse("sysbench", FIXTURE);
    assertThat(offline).isNotEmpty();
    ItEnv.await("every measurement of the file arrived", Duration.ofSeconds(20),
        () -> measurements(device).size() >= offline.size());
    Thread.sleep(300);
    assertThat(keys(measurements(device))).isEqualTo(keys(offline));
    assertThat(measurements(device)).allSatisfy(m -> assertThat(m.timeSource().wire()).isEqualTo("device"));
    assertThat(emptyDir(tmp)).as("work directory removed").isTrue();
    if (how.equals("dribble")) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+) message\\(s\\)")
          .matcher(Files.readString(dir.resolve(log)));
      assertThat(m.find()).isTrue();
      assertThat(Integer.parseInt(m.group(1))).as("messages sent while dribbling").isGreaterThan(3);
    }
  }

  @Test
  void statusEventsSurviveTheRealDecoderWithAwkwardCommandLinesAndLabels() throws Exception {
    String device = device("json");
    String weird = "we\"ird\\ arg\twith 'quotes' ünïcode";
    assertThat(runToEnd(agent("busybox", dir.resolve("tmp-json"), "-p", String.valueOf(ItEnv.mqttPort()), "-d", device,
        "-r", "r1", "-t", "sysbench", "-n", "veth", "-l", "note=a \"q\" \\ é", "-l", "cell=cpu-4",
        "--", "sh", "-c", "cat \"$1\"", weird, FIXTURE.toString()), "json.log")).isZero();
    ItEnv.await("finished event", Duration.ofSeconds(20), () -> !events(device, RunEvent.Type.FINISHED).isEmpty());
    RunEvent started = events(device, RunEvent.Type.STARTED).get(0);
    assertThat(started.command()).isEqualTo("sh -c 'cat \"$1\"' 'we\"ird\\ arg\twith '\\''quotes'\\'' ünïcode' "
        + FIXTURE);
    assertThat(started.labels()).isEqualTo(Map.of("note", "a \"q\" \\ é", "cell", "cpu-4"));
    assertThat(started.net()).isEqualTo("veth");
    assertThat(started.instances()).isEqualTo(1);
    RunEvent finished = events(device, RunEvent.Type.FINISHED).get(0);
    assertThat(finished.exitCode()).isZero();
    assertThat(finished.durationSeconds()).isBetween(0.0, 30.0);
    assertThat(ItEnv.sample(serve.metrics(), "benchtap_ingest_rejected_total", "reason=\"bad_status\"")).isIn(Double.NaN, 0.0);
    assertThat(measurements(device)).isNotEmpty().allSatisfy(m -> assertThat(m.net()).isEqualTo("veth"));
  }

  @Test
  void liveRunOfTwoInstancesStreamsIntervalsWhileItRunsAndEndsOffline() throws Exception {
    String device = device("live");
    Process p = start(agent("busybox", dir.resolve("tmp-live"), "-p", String.valueOf(ItEnv.mqttPort()), "-d", device,
        "-e", "native", "-r", "r1", "-N", "2", "--", "sysbench", "cpu", "--time=3", "--report-interval=1", "run"),
        "live.log");
    for (String instance : List.of("1", "2")) {
      ItEnv.await("instance " + instance + ": an interval value while the agent runs", Duration.ofSeconds(20), () ->
          measurements(device).stream().anyMatch(m -> m.instance().equals(instance) && m.phase() == Phase.INTERVAL
              && m.metric().equals("events_per_second")) && p.isAlive());
    }
    assertThat(metric("benchtap_agent_online", device)).as("agent online while running").isEqualTo(1.0);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("exit code; log %s", dir.resolve("live.log")).isZero();
    ItEnv.await("started and finished of both instances counted", Duration.ofSeconds(20), () ->
        metric("benchtap_run_events_total", device, "event=\"started\"") == 2
            && metric("benchtap_run_events_total", device, "event=\"finished\"") == 2);
    for (String instance : List.of("1", "2")) {
      ItEnv.await("instance " + instance + ": final events per second", Duration.ofSeconds(10), () ->
          metric("benchtap_events_per_second", device, "instance=\"" + instance + "\"", "phase=\"final\"") > 0);
    }
    RunEvent started = events(device, RunEvent.Type.STARTED).get(0);
    assertThat(started.command()).isEqualTo("sysbench cpu --time=3 --report-interval=1 run");
    assertThat(started.version()).startsWith("sysbench 1.");
    assertThat(started.instances()).isEqualTo(2);
    assertThat(started.net()).isEqualTo("host");
    assertThat(events(device, RunEvent.Type.FINISHED)).allSatisfy(e -> assertThat(e.exitCode()).isZero());
    assertThat(events(device, RunEvent.Type.FAILED)).isEmpty();
    assertThat(retainedState(device)).isEqualTo("offline");
    ItEnv.await("benchtap_agent_online 0", Duration.ofSeconds(10), () -> metric("benchtap_agent_online", device) == 0);
    assertThat(ItEnv.sample(serve.metrics(), "benchtap_parse_unparsed_lines_total", "tool=\"sysbench\"")).isIn(Double.NaN, 0.0);
    assertThat(emptyDir(dir.resolve("tmp-live"))).as("work directory removed").isTrue();
  }

  @Test
  void agentKilledWithSigkillLeavesItsLastWillOffline() throws Exception {
    String device = device("kill");
    Path tmp = dir.resolve("tmp-kill");
    Process p = start(agent("busybox", tmp, "-p", String.valueOf(ItEnv.mqttPort()), "-d", device, "-r", "r1",
        "--", "sysbench", "cpu", "--time=60", "--report-interval=1", "run"), "kill.log");
    ItEnv.await("online and streaming", Duration.ofSeconds(20), () -> metric("benchtap_agent_online", device) == 1
        && measurements(device).stream().anyMatch(m -> m.phase() == Phase.INTERVAL));
    assertThat(retainedState(device)).isEqualTo("online");
    long killedAt = System.nanoTime();
    p.destroyForcibly();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    // keepalive 10 s: the will is due within 15 s even if nothing on the device survived.
    ItEnv.await("the last will: benchtap_agent_online 0", Duration.ofSeconds(15),
        () -> metric("benchtap_agent_online", device) == 0);
    assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isLessThan(Duration.ofSeconds(15));
    assertThat(retainedState(device)).isEqualTo("offline");
    // What the agent left behind stops the benchmark, reports it and removes the work directory.
    ItEnv.await("the orphaned instance reported finished", Duration.ofSeconds(30),
        () -> events(device, RunEvent.Type.FINISHED).size() == 1);
    assertThat(events(device, RunEvent.Type.FINISHED).get(0).exitCode()).isEqualTo(143);
    ItEnv.await("work directory removed", Duration.ofSeconds(30), () -> emptyDir(tmp));
  }

  static Stream<Arguments> signals() {
    return Stream.of(Arguments.of("TERM", 143), Arguments.of("INT", 130));
  }

  @ParameterizedTest(name = "SIG{0}")
  @MethodSource("signals")
  void signalStopsTheBenchmarkAndReportsIt(String signal, int code) throws Exception {
    String device = device(signal.toLowerCase(java.util.Locale.ROOT));
    Path tmp = dir.resolve("tmp-" + signal);
    ProcessBuilder pb = agent("busybox", tmp, "-p", String.valueOf(ItEnv.mqttPort()), "-d", device, "-r", "r1", "-N", "2",
        "--", "sysbench", "cpu", "--time=60", "--report-interval=1", "run");
    // bin/test runs Maven in the background, so this JVM and its children inherit SIGINT
    // ignored, and a shell cannot trap a signal ignored on entry (POSIX). Reset it the way a
    // terminal would have it (perl-base is part of every Debian system).
    List<String> withDefaultSigint = new ArrayList<>(List.of("perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die"));
    withDefaultSigint.addAll(pb.command());
    pb.command(withDefaultSigint);
    Process p = start(pb, "signal-" + signal + ".log");
    ItEnv.await("streaming", Duration.ofSeconds(20), () -> measurements(device).stream().anyMatch(m -> m.phase() == Phase.INTERVAL));
    assertThat(new ProcessBuilder("kill", "-" + signal, String.valueOf(p.pid())).start().waitFor()).isZero();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("agent stopped; log %s", dir.resolve("signal-" + signal + ".log")).isTrue();
    assertThat(p.exitValue()).isEqualTo(code);
    ItEnv.await("finished events", Duration.ofSeconds(10), () -> events(device, RunEvent.Type.FINISHED).size() == 2);
    assertThat(events(device, RunEvent.Type.FINISHED)).allSatisfy(e -> assertThat(e.exitCode()).isEqualTo(code));
    assertThat(retainedState(device)).isEqualTo("offline");
    assertThat(emptyDir(tmp)).as("work directory removed").isTrue();
  }

  @Test
  void passwordFromTheEnvironmentNeverAppearsOnACommandLine() throws Exception {
    String device = device("auth");
    String password = ItEnv.env("BENCHTAP_IT_MQTT_PASSWORD");
    ProcessBuilder pb = agent("busybox", dir.resolve("tmp-auth"), "-p", ItEnv.env("BENCHTAP_IT_MQTT_AUTH_PORT"),
        "-u", ItEnv.env("BENCHTAP_IT_MQTT_USER"), "-d", device, "-r", "r1",
        "--", "sysbench", "cpu", "--time=3", "--report-interval=1", "run");
    pb.environment().put("BENCHTAP_MQTT_PASSWORD", password);
    Process p = start(pb, "auth.log");
    List<String> seen = new ArrayList<>();
    // The agent and every process it starts (mosquitto_pub, the benchmark, its helpers); other
    // processes on this machine (another test run's broker probe, say) are none of its business.
    while (p.isAlive()) {
      Stream.concat(Stream.of(p.toHandle()), p.descendants()).forEach(h -> {
        try {
          Path cmd = Path.of("/proc", String.valueOf(h.pid()), "cmdline");
          String cmdline = new String(Files.readAllBytes(cmd), StandardCharsets.UTF_8).replace('\0', ' ');
          if (cmdline.contains(password)) {
            seen.add(cmdline);
          }
        } catch (IOException | RuntimeException e) {
          // the process ended meanwhile
        }
      });
      Thread.sleep(50);
    }
    assertThat(p.exitValue()).as("exit code; log %s", dir.resolve("auth.log")).isZero();
    assertThat(seen).as("command lines holding the password").isEmpty();
    ItEnv.await("finished event through the password listener", Duration.ofSeconds(20),
        () -> events(device, RunEvent.Type.FINISHED).size() == 1);
    assertThat(metric("benchtap_events_per_second", device, "phase=\"final\"")).isPositive();
  }

  @Test
  void wrongPasswordMeansNothingIsRun() throws Exception {
    String device = device("badpw");
    ProcessBuilder pb = agent("busybox", dir.resolve("tmp-badpw"), "-p", ItEnv.env("BENCHTAP_IT_MQTT_AUTH_PORT"),
        "-u", ItEnv.env("BENCHTAP_IT_MQTT_USER"), "-d", device, "--", "sh", "-c", "touch " + dir.resolve("badpw-ran"));
    pb.environment().put("BENCHTAP_MQTT_PASSWORD", "not-the-password");
    assertThat(runToEnd(pb, "badpw.log")).isEqualTo(69);
    assertThat(dir.resolve("badpw-ran")).doesNotExist();
    String log = Files.readString(dir.resolve("badpw.log"));
    assertThat(log.lines().filter(l -> l.startsWith("benchtap-agent:"))).hasSize(1);
    assertThat(log).contains("nothing was run");
  }

  @Test
  void tlsWithTheBrokersCa() throws Exception {
    String device = device("tls");
    assertThat(runToEnd(agent("busybox", dir.resolve("tmp-tls"), "-H", "127.0.0.1", "-p",
        ItEnv.env("BENCHTAP_IT_MQTT_TLS_PORT"), "--cafile", ItEnv.env("BENCHTAP_IT_MQTT_CA"), "-d", device, "-r", "r1",
        "-t", "sysbench", "--", "cat", FIXTURE.toString()), "tls.log")).isZero();
    ItEnv.await("finished event over TLS", Duration.ofSeconds(20), () -> events(device, RunEvent.Type.FINISHED).size() == 1);
    assertThat(keys(measurements(device))).isEqualTo(keys(ParseOnce.parse("sysbench", FIXTURE)));
  }

  static Stream<Arguments> badUsage() {
    return Stream.of(
        Arguments.of((Object) new String[] {"-d", "a/b", "--", "true"}),
        Arguments.of((Object) new String[] {"-d", "a b", "--", "true"}),
        Arguments.of((Object) new String[] {"-e", "lxc+1", "--", "true"}),
        Arguments.of((Object) new String[] {"-r", "run#1", "--", "true"}),
        Arguments.of((Object) new String[] {"-t", "sys\nbench", "--", "true"}),
        Arguments.of((Object) new String[] {"-N", "0", "--", "true"}),
        Arguments.of((Object) new String[] {"-N", "two", "--", "true"}),
        Arguments.of((Object) new String[] {"-p", "70000", "--", "true"}),
        Arguments.of((Object) new String[] {"-n", "Host", "--", "true"}),
        Arguments.of((Object) new String[] {"-l", "Cell=1", "--", "true"}),
        Arguments.of((Object) new String[] {"-l", "cell", "--", "true"}),
        Arguments.of((Object) new String[] {"-l", "device=x", "--", "true"}),
        Arguments.of((Object) new String[] {"-l", "a=1", "-l", "a=2", "--", "true"}),
        Arguments.of((Object) new String[] {"--cafile", "/nonexistent/ca.pem", "--", "true"}),
        Arguments.of((Object) new String[] {"--bogus", "--", "true"}),
        Arguments.of((Object) new String[] {"-d"}),
        Arguments.of((Object) new String[] {"-d", "x"}));
  }

  @ParameterizedTest
  @MethodSource("badUsage")
  void badUsageIsOneLineAndExitStatus2(String[] args) throws Exception {
    for (String shell : List.of("busybox", "dash")) {
      File out = dir.resolve("usage-out.txt").toFile();
      File err = dir.resolve("usage-err.txt").toFile();
      Process p = agent(shell, dir.resolve("tmp-usage"), args).redirectOutput(out).redirectError(err).start();
      assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as("%s %s", shell, List.of(args)).isEqualTo(2);
      assertThat(Files.readString(out.toPath())).isEmpty();
      List<String> lines = Files.readAllLines(err.toPath());
      assertThat(lines).as("%s %s", shell, List.of(args)).hasSize(1);
      assertThat(lines.get(0)).startsWith("benchtap-agent: ").endsWith("(see -h)");
    }
    assertThat(emptyDir(dir.resolve("tmp-usage"))).isTrue();
  }

  @Test
  void helpGoesToStdoutWithStatus0() throws Exception {
    Process p = agent("busybox", dir.resolve("tmp-usage"), "-h").redirectErrorStream(false).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    assertThat(out).startsWith("Usage: benchtap-agent.sh").contains("BENCHTAP_MQTT_PASSWORD");
  }
}
