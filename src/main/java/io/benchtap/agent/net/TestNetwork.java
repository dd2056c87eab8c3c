package io.benchtap.agent.net;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The paper's two-machine network setup on one host: a test machine (TM, runs the clients) and a
 * device under test (DUT, runs the servers), each a network namespace ({@code bt<id>tm}, {@code
 * bt<id>dut}), joined by a veth pair that plays the cable between the TM's NIC ({@code bt<id>tm0},
 * 198.18.0.1/24) and the DUT's physical NIC ({@code bt<id>dut0}). Only RFC 2544 addresses
 * (198.18.0.0/24) are used, and nothing is ever added to the host's own namespace.
 *
 * <ul>
 *   <li>{@link NetMode#HOST}: the DUT NIC has 198.18.0.2/24; servers run natively in the DUT
 *       namespace; containers share it ({@code lxc.net.0.type = none}).
 *   <li>{@link NetMode#VETH}: the DUT NIC is enslaved to bridge {@code bt<id>br} carrying
 *       198.18.0.2/24; container i gets a veth into that bridge and 198.18.0.(10+i)/24.
 *   <li>{@link NetMode#MACVLAN}: the DUT NIC keeps 198.18.0.2/24 and is the parent of each
 *       container's macvlan (bridge mode) with 198.18.0.(10+i)/24. Containers cannot reach the DUT's
 *       own address (a macvlan rule) but the TM reaches them over the wire.
 * </ul>
 *
 * <p>Run DUT-side commands (servers, {@code lxc-execute}, {@code lxc-attach}, {@code lxc-stop})
 * through {@link #inDut}, TM-side ones through {@link #inTm}. Containers get a fixed MAC per index
 * so that the TM's ARP cache stays valid when a container is replaced by the next repetition's.
 *
 * <p>Failure contract: {@link #create} needs root and throws {@link IOException} (one clear line)
 * when it cannot build the setup, after removing whatever it had made; it never touches an
 * existing namespace it did not create. {@link #close} kills every process still in the two
 * namespaces, deletes the links and namespaces, is idempotent and never throws (problems are
 * logged). {@link #cleanupLeftovers} removes what a crashed run left behind.
 */
public final class TestNetwork implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TestNetwork.class);

  /** The one-line reason {@link #create} gives when not run as root. */
  public static final String NEED_ROOT = "network setups need root (net namespaces, veth, macvlan); "
      + "run as root or use net=host natively without namespaces";
  /** Highest container index accepted by {@link #containerAddress} and {@link #lxcNetConfig}. */
  public static final int MAX_CONTAINERS = 16;
  static final Pattern ID = Pattern.compile("[a-z0-9]{1,6}");
  static final Pattern NAMESPACE = Pattern.compile("bt[a-z0-9]{1,6}(tm|dut)");
  static final Pattern LINK = Pattern.compile("bt[a-z0-9]{1,6}(tm0|dut0|br)");
  private static final String NET = "198.18.0.";
  private static final int PREFIX = 24;
  private static final Duration TIMEOUT = Duration.ofSeconds(15);
  /**
   * Runs "$@" with the DUT namespace's own sysfs on /sys (lxc checks bridges under
   * /sys/class/net) while keeping the host's cgroup mounts under /sys/fs/cgroup (lxc puts its
   * containers' cgroups there; `ip netns exec` hides them, and lxc then runs containers without any
   * cgroup, or fails when limits are set). The old /sys/fs/cgroup is reached through an fd opened
   * before the new sysfs covers it; --no-canonicalize stops mount(8) from turning that back into the
   * (now covered) path.
   */
  static final String DUT_MOUNTS = "if [ -d /sys/fs/cgroup ]; then exec 3</sys/fs/cgroup"
      + " && mount -t sysfs sysfs /sys && mount --no-canonicalize --rbind /proc/self/fd/3 /sys/fs/cgroup"
      + " && exec 3<&-; else mount -t sysfs sysfs /sys; fi"
      + " || { echo 'benchtap: cannot mount the DUT namespace sysfs' >&2; exit 125; }; exec \"$@\"";

  private final String id;
  private final NetMode mode;
  private final Cmd.Runner runner;
  private final List<String> namespaces = new ArrayList<>();
  private final List<String[]> links = new ArrayList<>();
  private boolean closed;

  private TestNetwork(String id, NetMode mode, Cmd.Runner runner) {
    this.id = id;
    this.mode = mode;
    this.runner = runner;
  }

  /**
   * Builds the setup for {@code id} ([a-z0-9]{1,6}, unique among concurrent runs).
   *
   * @throws IllegalArgumentException for a bad id or null mode
   * @throws IOException when not root, a name is already taken, or a step fails (cleaned up)
   */
  public static TestNetwork create(String id, NetMode mode) throws IOException {
    validate(id, mode);
    requireRoot(Cmd.isRoot());
    return create(id, mode, Cmd::run);
  }

  static void requireRoot(boolean root) throws IOException {
    if (!root) {
      throw new IOException(NEED_ROOT);
    }
  }

  /** {@link #create(String, NetMode)} with a given command runner and no root check (tests). */
  static TestNetwork create(String id, NetMode mode, Cmd.Runner runner) throws IOException {
    validate(id, mode);
    TestNetwork n = new TestNetwork(id, mode, runner);
    try {
      n.build();
    } catch (IOException | RuntimeException e) {
      n.close();
      throw e;
    }
    LOG.debug("created {}", n);
    return n;
  }

  private static void validate(String id, NetMode mode) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException("network id '" + id + "' must match [a-z0-9]{1,6}");
    }
    if (mode == null) {
      throw new IllegalArgumentException("net mode is null");
    }
  }

  private void build() throws IOException {
    String tm = tmNamespace();
    String dut = dutNamespace();
    for (String ns : List.of(tm, dut)) {
      Cmd.Result r = runner.run(List.of("ip", "netns", "add", ns), TIMEOUT);
      if (!r.ok()) {
        throw new IOException("cannot create network namespace " + ns + " (" + r.output().replace('\n', ' ')
            + "); a leftover of a crashed run? TestNetwork.cleanupLeftovers() removes those");
      }
      namespaces.add(ns);
    }
    ip("link", "add", tmInterface(), "netns", tm, "type", "veth", "peer", "name", dutInterface(), "netns", dut);
    links.add(new String[] {dut, dutInterface()});
    ip("-n", tm, "link", "set", "lo", "up");
    ip("-n", dut, "link", "set", "lo", "up");
    ip("-n", tm, "addr", "add", NET + "1/" + PREFIX, "dev", tmInterface());
    ip("-n", tm, "link", "set", tmInterface(), "up");
    String dutIf = dutInterface();
    if (mode == NetMode.VETH) {
      dutIf = bridge().orElseThrow();
      // A fixed MAC: a bridge otherwise takes the lowest port MAC, which changes as containers come and go.
      ip("-n", dut, "link", "add", dutIf, "address", "02:00:c6:12:00:02", "type", "bridge");
      links.add(new String[] {dut, dutIf});
      ip("-n", dut, "link", "set", dutInterface(), "master", dutIf);
      ip("-n", dut, "link", "set", dutInterface(), "up");
    }
    ip("-n", dut, "addr", "add", NET + "2/" + PREFIX, "dev", dutIf);
    ip("-n", dut, "link", "set", dutIf, "up");
  }

  private void ip(String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("ip"));
    Collections.addAll(cmd, args);
    Cmd.check(runner, cmd, TIMEOUT);
  }

  /** The id this network was created with. */
  public String id() {
    return id;
  }

  /** How the DUT is networked. */
  public NetMode mode() {
    return mode;
  }

  /** Name of the TM's network namespace, {@code bt<id>tm}. */
  public String tmNamespace() {
    return "bt" + id + "tm";
  }

  /** Name of the DUT's network namespace, {@code bt<id>dut}. */
  public String dutNamespace() {
    return "bt" + id + "dut";
  }

  /** The TM's NIC (in the TM namespace). */
  public String tmInterface() {
    return "bt" + id + "tm0";
  }

  /** The DUT's "physical" NIC (in the DUT namespace); the macvlan parent in MACVLAN mode. */
  public String dutInterface() {
    return "bt" + id + "dut0";
  }

  /** The DUT's bridge in VETH mode, empty otherwise. */
  public Optional<String> bridge() {
    return mode == NetMode.VETH ? Optional.of("bt" + id + "br") : Optional.empty();
  }

  /** The TM's address, 198.18.0.1 (prefix length 24). */
  public String tmAddress() {
    return NET + "1";
  }

  /** The DUT's address, 198.18.0.2 (prefix length 24). */
  public String dutAddress() {
    return NET + "2";
  }

  /**
   * Where a server in container {@code i} (1..16) is reached: 198.18.0.(10+i), or the DUT's
   * address in HOST mode (containers share the DUT namespace there).
   */
  public String containerAddress(int i) {
    checkIndex(i);
    return mode == NetMode.HOST ? dutAddress() : NET + (10 + i);
  }

  /**
   * The {@code lxc.net.0.*} lines for container {@code i} (1..16). The container must be started
   * through {@link #inDut}, where the bridge / macvlan parent lives.
   */
  public List<String> lxcNetConfig(int i) {
    checkIndex(i);
    if (mode == NetMode.HOST) {
      return List.of("lxc.net.0.type = none");
    }
    List<String> l = new ArrayList<>();
    if (mode == NetMode.VETH) {
      l.add("lxc.net.0.type = veth");
      l.add("lxc.net.0.link = " + bridge().orElseThrow());
    } else {
      l.add("lxc.net.0.type = macvlan");
      l.add("lxc.net.0.macvlan.mode = bridge");
      l.add("lxc.net.0.link = " + dutInterface());
    }
    l.add("lxc.net.0.flags = up");
    l.add(String.format("lxc.net.0.hwaddr = 02:00:c6:12:00:%02x", 10 + i));
    l.add("lxc.net.0.ipv4.address = " + containerAddress(i) + "/" + PREFIX);
    return List.copyOf(l);
  }

  private static void checkIndex(int i) {
    if (i < 1 || i > MAX_CONTAINERS) {
      throw new IllegalArgumentException("container index " + i + " not in 1.." + MAX_CONTAINERS);
    }
  }

  /** {@code cmd} run in the TM namespace ({@code ip netns exec}); the process is {@code cmd} itself. */
  public List<String> inTm(List<String> cmd) {
    List<String> l = new ArrayList<>(List.of("ip", "netns", "exec", tmNamespace()));
    l.addAll(cmd);
    return l;
  }

  /**
   * {@code cmd} run in the DUT namespace, with that namespace's sysfs and the host's cgroup mounts
   * ({@code nsenter --net} + {@code unshare --mount}; plain {@code ip netns exec} would hide the
   * cgroups from lxc, which then runs containers without any). Use it for
   * native servers and for every lxc command of containers in this network. Everything is exec'd,
   * so the process is {@code cmd} itself; it exits with 125 if the mounts cannot be prepared.
   */
  public List<String> inDut(List<String> cmd) {
    List<String> l = new ArrayList<>(List.of("nsenter", "--net=/run/netns/" + dutNamespace(), "unshare", "--mount",
        "--propagation", "slave", "/bin/sh", "-c", DUT_MOUNTS, "sh"));
    l.addAll(cmd);
    return l;
  }

  /** Tears everything down (see the class contract); idempotent, never throws. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      for (String ns : namespaces) {
        Namespaces.killAll(runner, ns);
      }
      for (int i = links.size() - 1; i >= 0; i--) {
        Namespaces.quietly(runner, List.of("ip", "-n", links.get(i)[0], "link", "del", links.get(i)[1]));
      }
      for (int i = namespaces.size() - 1; i >= 0; i--) {
        if (!Namespaces.quietly(runner, List.of("ip", "netns", "del", namespaces.get(i)))) {
          LOG.warn("could not delete network namespace {}", namespaces.get(i));
        }
      }
      LOG.debug("closed {}", this);
    } catch (RuntimeException e) {
      LOG.warn("tearing down {} failed: {}", this, e.toString());
    }
  }

  /**
   * Removes every namespace named like {@code bt<id>tm} / {@code bt<id>dut} (after killing its
   * processes) and every host link named like ours, left by a crashed run. Never throws.
   *
   * @return how many namespaces and links were removed
   */
  public static int cleanupLeftovers() {
    return Namespaces.cleanupLeftovers(Cmd::run);
  }

  @Override
  public String toString() {
    return "TestNetwork[" + id + ", " + mode.wireName() + "]";
  }
}
