package io.benchtap.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * bin/setup run for real with bash: the demo's set holds what bin/demo runs and no test service,
 * and without root a missing package is one line with the apt-get command (run as user nobody
 * through setpriv when the tests run as root). netperf, from Debian non-free, is in both sets
 * unless BENCHTAP_NO_NONFREE=1. Nothing is installed: --list only prints, and the missing package
 * is one no repository has.
 */
class SetupScriptTest {
  private static final List<String> TEST_ONLY = List.of("mosquitto", "prometheus", "victoria-metrics", "chromium",
      "prometheus-alertmanager");

  private record Run(int exit, List<String> out, List<String> err) {}

  private static Run run(List<String> cmd) throws Exception {
    return run(cmd, Map.of());
  }

  private static Run run(List<String> cmd, Map<String, String> env) throws Exception {
    Path err = Files.createTempFile("setup", ".err");
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err.toFile());
      pb.environment().remove("BENCHTAP_NO_NONFREE");
      pb.environment().putAll(env);
      Process p = pb.start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("did not finish: " + cmd);
      }
      return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8).lines().toList(), Files.readAllLines(err));
    } finally {
      Files.deleteIfExists(err);
    }
  }

  @Test
  void theDemoSetHasTheCampaignsToolsAndNoTestService() throws Exception {
    Run demo = run(List.of("bash", "bin/setup", "--demo", "--list"));
    assertThat(demo.exit()).isZero();
    assertThat(demo.out()).contains("sysbench", "hpcc", "iperf3", "nuttcp", "netperf", "lxc", "curl")
        .doesNotContainAnyElementsOf(TEST_ONLY);
    Run all = run(List.of("bash", "bin/setup", "--list"));
    assertThat(all.out()).containsAll(demo.out()).containsAll(TEST_ONLY);
  }

  @Test
  void netperfFromNonFreeIsInBothSetsUnlessOptedOut() throws Exception {
    for (List<String> cmd : List.of(List.of("bash", "bin/setup", "--list"), List.of("bash", "bin/setup", "--demo", "--list"))) {
      assertThat(run(cmd).out()).as("%s", cmd).contains("netperf");
      Run optedOut = run(cmd, Map.of("BENCHTAP_NO_NONFREE", "1"));
      assertThat(optedOut.exit()).isZero();
      assertThat(optedOut.out()).as("%s with BENCHTAP_NO_NONFREE=1", cmd).contains("iperf3").doesNotContain("netperf");
    }
  }

  @Test
  void binDemoAsksForTheDemoSetOnly() throws Exception {
    assertThat(Files.readAllLines(Path.of("bin/demo"))).anyMatch(l -> l.contains("bin/setup --demo"))
        .noneMatch(l -> l.trim().equals("bin/setup"));
  }

  @Test
  void withoutRootAMissingPackageIsOneLineWithTheAptCommand() throws Exception {
    List<String> cmd = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      cmd.addAll(List.of("setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups"));
    }
    cmd.addAll(List.of("bash", "bin/setup", "--demo", "benchtap-no-such-package"));
    Run r = run(cmd);
    assertThat(r.exit()).isEqualTo(1);
    // netperf has a line of its own where it is missing too (it is not an apt-get install away)
    assertThat(r.err().stream().filter(l -> !l.contains("netperf")).toList()).containsExactly(
        "bin/setup: missing packages; as root: apt-get install -y --no-install-recommends benchtap-no-such-package");
  }
}
