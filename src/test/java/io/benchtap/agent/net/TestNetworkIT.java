package io.benchtap.agent.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.benchtap.agent.lxc.LxcContainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real namespaces, veth pairs, bridges, macvlans and LXC containers (root; lxc, iperf3, nuttcp
 * installed by bin/setup): a TM client reaches a DUT server natively and inside containers in every
 * mode, and teardown leaves nothing behind. All traffic stays inside the namespaces (198.18.0.0/24).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class TestNetworkIT {
  /** Unique per test run: ids are RUN + one character per test, container names derive from them. */
  private static final String RUN = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36), 36);
  private static final Duration CLIENT = Duration.ofSeconds(20);

  @TempDir
  Path dir;
  private final List<TestNetwork> networks = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();
  private final List<String> containers = new ArrayList<>();

  @BeforeAll
  static void needRoot() {
    assumeTrue(Cmd.isRoot(), "network namespaces need root (bin/test runs as root)");
    for (String tool : List.of("ip", "nsenter", "unshare", "lxc-execute", "iperf3", "nuttcp")) {
      assertThat(Cmd.onPath(tool)).as("%s on PATH (bin/setup installs lxc iperf3 nuttcp iproute2)", tool).isTrue();
    }
  }

  @AfterEach
  void cleanUp() throws InterruptedException {
    for (Process p : processes) {
      p.destroyForcibly();
      p.waitFor(5, TimeUnit.SECONDS);
    }
    containers.forEach(LxcContainer::stop);
    networks.forEach(TestNetwork::close);
  }

  private TestNetwork network(String suffix, NetMode mode) throws IOException {
    TestNetwork n = TestNetwork.create(RUN + suffix, mode);
    networks.add(n);
    return n;
  }

  private Process start(List<String> cmd, String log) throws IOException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(log).toFile()).start();
    processes.add(p);
    return p;
  }

  /** An iperf3 one-shot server; returns once it listens. */
  private Process iperf3Server(List<String> cmd, String log) throws Exception {
    Process p = start(cmd, log);
    awaitOutput(p, log, "Server listening");
    return p;
  }

  private void awaitOutput(Process p, String log, String text) {
    Awaitility.await("'" + text + "' within 15 s").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
        .pollInSameThread()
        .failFast(() -> assertThat(p.isAlive()).as("server exited early: %s", Files.readString(dir.resolve(log))).isTrue())
        .until(() -> Files.readString(dir.resolve(log)).contains(text));
  }

  private static List<String> iperf3(String... args) {
    List<String> l = new ArrayList<>(List.of("iperf3"));
    l.addAll(List.of(args));
    return l;
  }

  private static void assertIperf3Client(TestNetwork n, String address) throws IOException {
    Cmd.Result r = Cmd.run(n.inTm(iperf3("-c", address, "-t", "1")), CLIENT);
    assertThat(r.exit()).as("iperf3 client to %s: %s", address, r.output()).isZero();
    assertThat(r.output()).contains("receiver");
  }

  private String container(TestNetwork n, int i) {
    String name = "bt" + n.id() + "c" + i;
    containers.add(name);
    return name;
  }

  private Path config(TestNetwork n, String name, int i) throws IOException {
    return LxcContainer.writeConfig(dir, LxcContainer.Options.of(name, n.lxcNetConfig(i)));
  }

  @Test
  void hostModeNativeAndInAContainerSharingTheDutNamespace() throws Exception {
    TestNetwork n = network("h", NetMode.HOST);
    iperf3Server(n.inDut(iperf3("-s", "-1", "-B", n.dutAddress(), "--forceflush")), "native.log");
    assertIperf3Client(n, n.dutAddress());
    String name = container(n, 1);
    Process srv = iperf3Server(n.inDut(LxcContainer.executeCommand(name, config(n, name, 1),
        iperf3("-s", "-1", "-B", n.containerAddress(1), "--forceflush"))), "lxc.log");
    assertIperf3Client(n, n.containerAddress(1));
    assertThat(srv.waitFor(10, TimeUnit.SECONDS)).isTrue();
    closeAndAssertNothingLeft(n);
  }

  @Test
  void vethContainersBehindTheBridge() throws Exception {
    TestNetwork n = network("v", NetMode.VETH);
    iperf3Server(n.inDut(iperf3("-s", "-1", "-B", n.dutAddress(), "--forceflush")), "native.log");
    assertIperf3Client(n, n.dutAddress());
    String name = container(n, 1);
    Process srv = iperf3Server(n.inDut(LxcContainer.executeCommand(name, config(n, name, 1),
        iperf3("-s", "-1", "-B", n.containerAddress(1), "--forceflush"))), "c1.log");
    assertThat(LxcContainer.stats(name)).as("the container got its cgroups (inDut keeps them visible)").isPresent();
    assertIperf3Client(n, n.containerAddress(1));
    assertThat(srv.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(srv.exitValue()).isZero();
    // A container still running at close() is stopped by it, with its cgroups.
    String sleeper = container(n, 2);
    Process s = start(n.inDut(LxcContainer.executeCommand(sleeper, config(n, sleeper, 2), List.of("sleep", "60"))), "s.log");
    Process nativeSleep = start(n.inDut(List.of("sleep", "61")), "n.log");
    awaitTrue("the sleeper container runs", () -> LxcContainer.stats(sleeper).isPresent());
    closeAndAssertNothingLeft(n);
    assertThat(s.waitFor(5, TimeUnit.SECONDS)).isTrue();
    assertThat(nativeSleep.waitFor(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void macvlanContainersInParallelAndNuttcp() throws Exception {
    TestNetwork n = network("m", NetMode.MACVLAN);
    List<Process> servers = new ArrayList<>();
    for (int i = 1; i <= 2; i++) {
      String name = container(n, i);
      servers.add(iperf3Server(n.inDut(LxcContainer.executeCommand(name, config(n, name, i),
          iperf3("-s", "-1", "-B", n.containerAddress(i), "--forceflush"))), "c" + i + ".log"));
    }
    List<Process> clients = new ArrayList<>();
    for (int i = 1; i <= 2; i++) {
      clients.add(start(n.inTm(iperf3("-c", n.containerAddress(i), "-t", "2")), "client" + i + ".log"));
    }
    for (int i = 1; i <= 2; i++) {
      assertThat(clients.get(i - 1).waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(clients.get(i - 1).exitValue()).as(Files.readString(dir.resolve("client" + i + ".log"))).isZero();
      assertThat(Files.readString(dir.resolve("client" + i + ".log"))).contains("receiver");
      assertThat(servers.get(i - 1).waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
    // nuttcp: one-shot server in container 3; it prints nothing when ready, so the client retries.
    String name = container(n, 3);
    Process srv = start(n.inDut(LxcContainer.executeCommand(name, config(n, name, 3), List.of("nuttcp", "-1"))), "nuttcp.log");
    Cmd.Result r = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < deadline) {
      r = Cmd.run(n.inTm(List.of("nuttcp", "-T1", n.containerAddress(3))), CLIENT);
      if (r.ok() || !srv.isAlive()) {
        break;
      }
      Thread.sleep(200);
    }
    assertThat(r).isNotNull();
    assertThat(r.exit()).as("nuttcp: %s", r.output()).isZero();
    assertThat(r.output()).containsPattern("[1-9][0-9.]* MB / +[0-9.]+ sec = +[0-9.]+ Mbps");
    assertThat(srv.waitFor(10, TimeUnit.SECONDS)).isTrue();
    closeAndAssertNothingLeft(n);
  }

  @Test
  void aContainerInTheDutIsStoppedByNameFromTheHost() throws Exception {
    TestNetwork n = network("s", NetMode.MACVLAN);
    String name = container(n, 1);
    Process p = start(n.inDut(LxcContainer.executeCommand(name, config(n, name, 1), List.of("sleep", "60"))), "s.log");
    awaitTrue("container runs", () -> LxcContainer.stats(name).isPresent());
    LxcContainer.stop(name);
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("lxc-execute ends after stop(name)").isTrue();
    closeAndAssertNothingLeft(n);
  }

  @Test
  void failureHalfwayLeavesNothingBehind() throws Exception {
    String id = RUN + "f";
    Cmd.Runner failBridge = (cmd, t) -> String.join(" ", cmd).contains("type bridge")
        ? new Cmd.Result(1, "injected failure") : Cmd.run(cmd, t);
    assertThatThrownBy(() -> TestNetwork.create(id, NetMode.VETH, failBridge)).isInstanceOf(IOException.class)
        .hasMessageContaining("injected failure");
    assertNothingLeft(id, List.of());
  }

  @Test
  void anExistingNamespaceIsReportedAndKept() throws Exception {
    String id = RUN + "e";
    Cmd.check(Cmd::run, List.of("ip", "netns", "add", "bt" + id + "dut"), CLIENT);
    try {
      assertThatThrownBy(() -> TestNetwork.create(id, NetMode.HOST)).isInstanceOf(IOException.class)
          .hasMessageContaining("cleanupLeftovers");
      assertThat(Cmd.run(List.of("ip", "netns", "list"), CLIENT).output()).contains("bt" + id + "dut")
          .doesNotContain("bt" + id + "tm");
    } finally {
      Cmd.run(List.of("ip", "netns", "del", "bt" + id + "dut"), CLIENT);
    }
    assertNothingLeft(id, List.of());
  }

  @Test
  void cleanupLeftoversRemovesWhatACrashLeft() throws Exception {
    String id = RUN + "l";
    String tm = "bt" + id + "tm";
    String dut = "bt" + id + "dut";
    try {
      for (List<String> c : List.of(List.of("ip", "netns", "add", tm), List.of("ip", "netns", "add", dut),
          List.of("ip", "link", "add", "bt" + id + "tm0", "type", "veth", "peer", "name", "bt" + id + "dut0"),
          List.of("ip", "-n", dut, "link", "add", "bt" + id + "br", "type", "bridge"))) {
        Cmd.check(Cmd::run, c, CLIENT);
      }
      Process orphan = start(List.of("ip", "netns", "exec", dut, "sleep", "60"), "orphan.log");
      awaitTrue("orphan in namespace", () -> !Namespaces.pids(Cmd::run, dut).isEmpty());
      assertThat(TestNetwork.cleanupLeftovers()).isGreaterThanOrEqualTo(3);
      assertThat(orphan.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertNothingLeft(id, List.of());
    } finally {
      Cmd.run(List.of("ip", "netns", "del", tm), CLIENT);
      Cmd.run(List.of("ip", "netns", "del", dut), CLIENT);
      Cmd.run(List.of("ip", "link", "del", "bt" + id + "tm0"), CLIENT);
    }
  }

  private void closeAndAssertNothingLeft(TestNetwork n) throws Exception {
    n.close();
    List<String> mine = containers.stream().filter(c -> c.startsWith("bt" + n.id() + "c")).toList();
    assertNothingLeft(n.id(), mine);
  }

  /** No namespace, link, process, running container or cgroup directory mentioning {@code id}. */
  private static void assertNothingLeft(String id, List<String> containerNames) throws Exception {
    String tag = "bt" + id;
    assertThat(Cmd.run(List.of("ip", "netns", "list"), CLIENT).output()).doesNotContain(tag);
    assertThat(Cmd.run(List.of("ip", "-o", "link", "show"), CLIENT).output()).doesNotContain(tag);
    assertThat(Cmd.run(List.of("lxc-ls", "--running"), CLIENT).output()).doesNotContain(tag);
    awaitTrue("no process mentions " + tag, () -> ProcessHandle.allProcesses()
        .noneMatch(p -> p.info().commandLine().orElse("").contains(tag)));
    for (String c : containerNames) {
      awaitTrue("no lxc cgroup left for " + c, () -> {
        try (Stream<Path> s = Files.list(Path.of("/sys/fs/cgroup"))) {
          return s.filter(Files::isDirectory).flatMap(h -> Stream.of(h.resolve("lxc.payload." + c), h.resolve("lxc.monitor." + c),
              h.resolve("lxc").resolve(c))).noneMatch(Files::exists);
        }
      });
    }
  }

  interface Check {
    boolean ok() throws Exception;
  }

  private static void awaitTrue(String what, Check c) {
    Awaitility.await(what).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).pollInSameThread().until(c::ok);
  }
}
