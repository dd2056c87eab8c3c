package io.benchtap.agent.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Command building and teardown bookkeeping of {@link TestNetwork}, with a fake runner (no root). */
class TestNetworkTest {

  /** Records commands; fails those matching {@code fail}; answers listing commands with canned output. */
  static final class FakeRunner implements Cmd.Runner {
    final List<String> log = new ArrayList<>();
    Predicate<String> fail = c -> false;
    String netnsList = "";
    String links = "";

    @Override
    public Cmd.Result run(List<String> cmd, java.time.Duration timeout) {
      String c = String.join(" ", cmd);
      log.add(c);
      if (fail.test(c)) {
        return new Cmd.Result(2, "RTNETLINK answers: File exists");
      }
      if (c.equals("ip netns list")) {
        return new Cmd.Result(0, netnsList);
      }
      if (c.equals("ip -o link show")) {
        return new Cmd.Result(0, links);
      }
      return new Cmd.Result(0, "");
    }
  }

  @Test
  void buildsVethSetupInsideTheNamespacesOnly() throws IOException {
    FakeRunner r = new FakeRunner();
    try (TestNetwork n = TestNetwork.create("ab1", NetMode.VETH, r)) {
      assertThat(r.log).containsExactly(
          "ip netns add btab1tm",
          "ip netns add btab1dut",
          "ip link add btab1tm0 netns btab1tm type veth peer name btab1dut0 netns btab1dut",
          "ip -n btab1tm link set lo up",
          "ip -n btab1dut link set lo up",
          "ip -n btab1tm addr add 198.18.0.1/24 dev btab1tm0",
          "ip -n btab1tm link set btab1tm0 up",
          "ip -n btab1dut link add btab1br address 02:00:c6:12:00:02 type bridge",
          "ip -n btab1dut link set btab1dut0 master btab1br",
          "ip -n btab1dut link set btab1dut0 up",
          "ip -n btab1dut addr add 198.18.0.2/24 dev btab1br",
          "ip -n btab1dut link set btab1br up");
      assertThat(n.bridge()).contains("btab1br");
      assertThat(n.lxcNetConfig(3)).containsExactly("lxc.net.0.type = veth", "lxc.net.0.link = btab1br",
          "lxc.net.0.flags = up", "lxc.net.0.hwaddr = 02:00:c6:12:00:0d", "lxc.net.0.ipv4.address = 198.18.0.13/24");
      assertThat(n.containerAddress(16)).isEqualTo("198.18.0.26");
    }
  }

  @Test
  void macvlanUsesTheDutNicAsParent() throws IOException {
    FakeRunner r = new FakeRunner();
    try (TestNetwork n = TestNetwork.create("m", NetMode.MACVLAN, r)) {
      assertThat(r.log).contains("ip -n btmdut addr add 198.18.0.2/24 dev btmdut0").noneMatch(c -> c.contains("bridge"));
      assertThat(n.bridge()).isEmpty();
      assertThat(n.lxcNetConfig(1)).containsExactly("lxc.net.0.type = macvlan", "lxc.net.0.macvlan.mode = bridge",
          "lxc.net.0.link = btmdut0", "lxc.net.0.flags = up", "lxc.net.0.hwaddr = 02:00:c6:12:00:0b",
          "lxc.net.0.ipv4.address = 198.18.0.11/24");
    }
  }

  @Test
  void hostModeContainersShareTheDutNamespace() throws IOException {
    try (TestNetwork n = TestNetwork.create("h", NetMode.HOST, new FakeRunner())) {
      assertThat(n.lxcNetConfig(2)).containsExactly("lxc.net.0.type = none");
      assertThat(n.containerAddress(2)).isEqualTo(n.dutAddress()).isEqualTo("198.18.0.2");
      assertThat(n.tmAddress()).isEqualTo("198.18.0.1");
      assertThat(n.mode()).isEqualTo(NetMode.HOST);
    }
  }

  @Test
  void wrapsCommands() throws IOException {
    try (TestNetwork n = TestNetwork.create("w9", NetMode.HOST, new FakeRunner())) {
      assertThat(n.inTm(List.of("iperf3", "-c", "198.18.0.2"))).containsExactly("ip", "netns", "exec", "btw9tm", "iperf3",
          "-c", "198.18.0.2");
      List<String> d = n.inDut(List.of("lxc-execute", "-n", "x"));
      assertThat(d.subList(0, 2)).containsExactly("nsenter", "--net=/run/netns/btw9dut");
      assertThat(d).contains("unshare", "--mount", TestNetwork.DUT_MOUNTS).endsWith("sh", "lxc-execute", "-n", "x");
    }
  }

  @Test
  void validatesIdsAndIndexes() throws IOException {
    for (String bad : new String[] {"", "abcdefg", "AB", "a-b", "a b"}) {
      assertThatThrownBy(() -> TestNetwork.create(bad, NetMode.HOST, new FakeRunner()))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> TestNetwork.create(null, NetMode.HOST)).isInstanceOf(IllegalArgumentException.class);
    try (TestNetwork n = TestNetwork.create("zzzzzz", NetMode.VETH, new FakeRunner())) {
      assertThat(n.dutInterface().length()).isLessThanOrEqualTo(15);
      assertThat(n.tmInterface().length()).isLessThanOrEqualTo(15);
      assertThatThrownBy(() -> n.containerAddress(0)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> n.lxcNetConfig(17)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void failureHalfwayRemovesWhatWasMadeAndRethrows() {
    FakeRunner r = new FakeRunner();
    r.fail = c -> c.contains("type bridge");
    assertThatThrownBy(() -> TestNetwork.create("f1", NetMode.VETH, r)).isInstanceOf(IOException.class)
        .hasMessageContaining("type bridge").hasMessageContaining("File exists");
    int failedAt = r.log.indexOf("ip -n btf1dut link add btf1br address 02:00:c6:12:00:02 type bridge");
    assertThat(r.log.subList(failedAt + 1, r.log.size())).containsExactly(
        "ip netns pids btf1tm", "ip netns pids btf1dut",
        "ip -n btf1dut link del btf1dut0",
        "ip netns del btf1dut", "ip netns del btf1tm");
  }

  @Test
  void anExistingNamespaceIsNotOursToDelete() {
    FakeRunner r = new FakeRunner();
    r.fail = c -> c.equals("ip netns add btx1dut");
    assertThatThrownBy(() -> TestNetwork.create("x1", NetMode.HOST, r)).isInstanceOf(IOException.class)
        .hasMessageContaining("btx1dut").hasMessageContaining("cleanupLeftovers");
    assertThat(r.log).contains("ip netns del btx1tm").doesNotContain("ip netns del btx1dut");
  }

  @Test
  void closeIsIdempotent() throws IOException {
    FakeRunner r = new FakeRunner();
    TestNetwork n = TestNetwork.create("c", NetMode.MACVLAN, r);
    n.close();
    int after = r.log.size();
    n.close();
    assertThat(r.log).hasSize(after).contains("ip netns del btctm", "ip netns del btcdut");
  }

  @Test
  void closeNeverThrows() throws IOException {
    FakeRunner ok = new FakeRunner();
    int[] calls = {0};
    Cmd.Runner flaky = (cmd, t) -> {
      if (calls[0]++ > 11) {
        throw new IOException("boom");
      }
      return ok.run(cmd, t);
    };
    TestNetwork n = TestNetwork.create("t", NetMode.VETH, flaky);
    n.close();
  }

  @Test
  void cleanupRemovesOnlyOurNames() {
    FakeRunner r = new FakeRunner();
    r.netnsList = "btq1dut (id: 4)\nbtq1tm (id: 3)\nblue\nbtlongername7tm\n";
    r.links = "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536\n2: eth0@if3: <BROADCAST> mtu 1500\n"
        + "7: btq2tm0@btq2dut0: <BROADCAST,MULTICAST,M-DOWN> mtu 1500\n8: btq2dut0@btq2tm0: <BROADCAST> mtu 1500\n"
        + "9: bt0: <BROADCAST> mtu 1500\n";
    r.fail = c -> c.equals("ip link del btq2dut0") || c.equals("ip link show btq2dut0"); // gone with its peer
    assertThat(Namespaces.cleanupLeftovers(r)).isEqualTo(3);
    assertThat(r.log).contains("ip netns del btq1dut", "ip netns del btq1tm", "ip link del btq2tm0", "ip link del btq2dut0")
        .noneMatch(c -> c.contains("blue") || c.contains("eth0") || c.contains("bt0") || c.contains("longer"));
  }

  @Test
  void notRootIsOneClearLine() throws IOException {
    assertThatThrownBy(() -> TestNetwork.requireRoot(false)).isInstanceOf(IOException.class)
        .hasMessage("network setups need root (net namespaces, veth, macvlan); run as root or use net=host natively"
            + " without namespaces");
    TestNetwork.requireRoot(true);
  }

  @Test
  void parsesLinkNames() {
    assertThat(Namespaces.linkNames("1: lo: <LOOPBACK>\n12: btab1br: <NO-CARRIER>\n13: veth1@if2: <UP>\n"))
        .containsExactly("lo", "btab1br", "veth1");
  }
}
