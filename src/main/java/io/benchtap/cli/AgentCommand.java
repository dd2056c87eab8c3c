package io.benchtap.cli;

import io.benchtap.agent.AgentPublisher;
import io.benchtap.agent.AgentRun;
import io.benchtap.agent.ToolVersion;
import io.benchtap.parse.ParserRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code benchtap agent}: the device side. */
@Command(name = "agent", mixinStandardHelpOptions = true, description = "The device side: runs benchmarks and streams their output over MQTT.",
    subcommands = {AgentCommand.Run.class, AgentHealthCommand.class})
public final class AgentCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing command (run, health)");
  }

  /** Shared MQTT flags of agent commands. */
  static final class MqttFlags {
    @Option(names = "--mqtt-host", defaultValue = "127.0.0.1", description = "Broker host (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--mqtt-port", defaultValue = "1883", description = "Broker port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--mqtt-user", description = "User name.")
    String user;

    @Option(names = "--mqtt-password-file", paramLabel = "FILE",
        description = "File with the password (first line). Or set BENCHTAP_MQTT_PASSWORD; never on the command line.")
    Path passwordFile;

    @Option(names = "--tls", description = "Connect with TLS.")
    boolean tls;

    @Option(names = "--ca-file", paramLabel = "PEM", description = "CA certificates to trust for TLS.")
    String caFile;

    String password() throws java.io.IOException {
      if (passwordFile != null) {
        return Files.readString(passwordFile).lines().findFirst().orElse("").trim();
      }
      return System.getenv("BENCHTAP_MQTT_PASSWORD");
    }
  }

  static final Pattern LEVEL = Pattern.compile("[^/+#\\s\"\\\\]{1,128}");

  static String level(String flag, String value) {
    if (value == null || !LEVEL.matcher(value).matches()) {
      throw new Main.UsageError("benchtap agent: " + flag + ": expected a topic level (no / + # spaces or quotes), got \"" + value + "\"");
    }
    return value;
  }

  static String hostname() {
    String h = System.getenv("HOSTNAME");
    try {
      if (h == null || h.isBlank()) {
        h = java.net.InetAddress.getLocalHost().getHostName();
      }
    } catch (java.io.IOException e) {
      h = "device";
    }
    return h.replaceAll("[^A-Za-z0-9._-]", "-");
  }

  /** {@code benchtap agent run}. */
  @Command(name = "run", mixinStandardHelpOptions = true,
      description = {"Run a benchmark command as N parallel instances and stream every output line to MQTT as it is printed.",
          "Example: benchtap agent run --device rspi3 --env native -N 4 -- sysbench cpu --time=30 --report-interval=1 run",
          "{instance} in an argument is replaced by the instance number (1..N), e.g. for ports: -p 52{instance}0."})
  static final class Run implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    MqttFlags mqtt = new MqttFlags();

    @Option(names = "--device", description = "Device name (default: the host name).")
    String device;

    @Option(names = "--env", defaultValue = "native", description = "Environment: native, lxc, docker... (default: ${DEFAULT-VALUE}).")
    String env;

    @Option(names = "--net", defaultValue = "host", description = "Network driver label: host, veth, macvlan, none (default: ${DEFAULT-VALUE}).")
    String net;

    @Option(names = "--run", description = "Run id (default: the start time, e.g. 20261126T101500Z).")
    String run;

    @Option(names = "--tool", description = "Tool name for the parser (default: the command's name).")
    String tool;

    @Option(names = {"-N", "--instances"}, defaultValue = "1", description = "Parallel instances, 1..64 (default: ${DEFAULT-VALUE}).")
    int instances;

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "Free label for the started event (repeatable).")
    Map<String, String> labels = new LinkedHashMap<>();

    @Option(names = "--lxc-attach", paramLabel = "CONTAINER", description = "Run inside this existing (system) container with lxc-attach.")
    String lxcAttach;

    @Option(names = "--batch-ms", defaultValue = "100", description = "Longest time a line waits to be sent (default: ${DEFAULT-VALUE}).")
    long batchMillis;

    @Option(names = "--queue", defaultValue = "100000", description = "Messages kept locally while the broker is away (default: ${DEFAULT-VALUE}).")
    int queue;

    @Option(names = "--no-stdbuf", description = "Do not wrap the command in stdbuf -oL -eL.")
    boolean noStdbuf;

    @Option(names = "--health-interval", defaultValue = "5",
        description = "Seconds between device health samples (devhealth tool); 0 turns them off (default: ${DEFAULT-VALUE}).")
    int healthInterval;

    @Parameters(paramLabel = "COMMAND", arity = "1..*", description = "The benchmark command and its arguments (after --).")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      if (instances < 1 || instances > 64) {
        throw new Main.UsageError("benchtap agent run: --instances: expected 1..64, got " + instances);
      }
      String dev = level("--device", device == null ? hostname() : device);
      String runId = level("--run", run == null
          ? ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")) : run);
      String exe = command.get(0);
      String toolName = level("--tool", tool == null ? exe.substring(exe.lastIndexOf('/') + 1) : tool);
      level("--env", env);
      level("--net", net);
      boolean stdbuf = !noStdbuf && Files.isExecutable(Path.of("/usr/bin/stdbuf"));
      BiFunction<Integer, List<String>, List<String>> wrapper = (i, cmd) -> {
        List<String> out = new ArrayList<>();
        if (lxcAttach != null) {
          out.addAll(List.of("lxc-attach", "-n", lxcAttach, "--"));
        }
        if (stdbuf) {
          out.addAll(List.of("stdbuf", "-oL", "-eL"));
        }
        out.addAll(cmd);
        return out;
      };
      String version = ToolVersion.of(exe, ToolVersion.flags(ParserRegistry.load(), toolName)).orElse(null);
      Vertx vertx = Vertx.vertx();
      AgentPublisher pub = new AgentPublisher(vertx, new AgentPublisher.Settings(mqtt.host, mqtt.port,
          "benchtap-agent-" + dev + "-" + ProcessHandle.current().pid(), mqtt.user, mqtt.password(), mqtt.tls, mqtt.caFile,
          "benchtap/v1/" + dev + "/agent", queue, 16));
      AgentRun agent = new AgentRun(pub);
      java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
      // On Ctrl-C/SIGTERM: stop the instances, then let this thread publish their finished
      // status and the offline state before the JVM exits.
      Thread hook = new Thread(() -> {
        agent.stop();
        try {
          finished.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "benchtap-agent-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        pub.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
        AgentRun.Result r;
        try (io.benchtap.agent.HealthLoop health = healthInterval <= 0 ? null : new io.benchtap.agent.HealthLoop(pub,
            "benchtap/v1/" + dev + "/" + env + "/" + runId, healthInterval * 1000L, Map::of)) {
          r = agent.run(new AgentRun.Spec("benchtap/v1", dev, env, net, runId, toolName, instances, command,
              version, labels, wrapper, Map.of(), batchMillis));
        }
        pub.close(60_000).toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
        System.err.printf("benchtap agent: run %s: %d instance(s), %d line(s) streamed, exit code %d, %.1f s%n",
            runId, instances, r.lines(), r.exitCode(), r.duration().toMillis() / 1000.0);
        return r.exitCode();
      } finally {
        finished.countDown();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // shutting down already
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    }
  }
}
