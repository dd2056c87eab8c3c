package io.benchtap.agent.net;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Teardown helpers of {@link TestNetwork}: kill a namespace's processes, leftover cleanup. Never throw. */
final class Namespaces {
  private static final Logger LOG = LoggerFactory.getLogger(TestNetwork.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  private Namespaces() {}

  /** Runs {@code cmd}; true on exit 0. Failures are logged at debug level only. */
  static boolean quietly(Cmd.Runner runner, List<String> cmd) {
    try {
      Cmd.Result r = runner.run(cmd, TIMEOUT);
      if (!r.ok()) {
        LOG.debug("`{}` exit {}: {}", String.join(" ", cmd), r.exit(), r.output());
      }
      return r.ok();
    } catch (IOException | RuntimeException e) {
      LOG.debug("`{}`: {}", String.join(" ", cmd), e.toString());
      return false;
    }
  }

  /** Pids of the processes in namespace {@code ns} ({@code ip netns pids}); empty if none or unknown. */
  static List<Long> pids(Cmd.Runner runner, String ns) {
    List<Long> pids = new ArrayList<>();
    try {
      Cmd.Result r = runner.run(List.of("ip", "netns", "pids", ns), TIMEOUT);
      if (r.ok()) {
        for (String s : r.output().split("\\s+")) {
          if (s.matches("\\d+")) {
            pids.add(Long.parseLong(s));
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("ip netns pids {}: {}", ns, e.toString());
    }
    return pids;
  }

  /**
   * Kills every process in {@code ns}: SIGTERM first (lxc-execute forwards it to its container,
   * which then exits and cleans up its cgroups), SIGKILL for whatever is left after 3 s.
   */
  static void killAll(Cmd.Runner runner, String ns) {
    for (int round = 0; round < 3; round++) {
      List<Long> pids = pids(runner, ns);
      if (pids.isEmpty()) {
        return;
      }
      boolean force = round > 0;
      LOG.info("{} {} process(es) still in namespace {}: {}", force ? "killing" : "terminating", pids.size(), ns, pids);
      List<ProcessHandle> handles = new ArrayList<>();
      for (long pid : pids) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isPresent()) {
          handles.add(h.get());
          try {
            if (force) {
              h.get().destroyForcibly();
            } else {
              h.get().destroy();
            }
          } catch (RuntimeException e) {
            LOG.debug("signal {}: {}", pid, e.toString());
          }
        }
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(force ? 2 : 3).toNanos();
      while (handles.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
    List<Long> left = pids(runner, ns);
    if (!left.isEmpty()) {
      LOG.warn("processes survived SIGKILL in namespace {}: {}", ns, left);
    }
  }

  /** See {@link TestNetwork#cleanupLeftovers()}. */
  static int cleanupLeftovers(Cmd.Runner runner) {
    int removed = 0;
    try {
      Cmd.Result list = runner.run(List.of("ip", "netns", "list"), TIMEOUT);
      for (String line : list.output().split("\n")) {
        String name = line.trim().split("\\s+")[0];
        if (TestNetwork.NAMESPACE.matcher(name).matches()) {
          killAll(runner, name);
          if (quietly(runner, List.of("ip", "netns", "del", name))) {
            LOG.info("removed leftover network namespace {}", name);
            removed++;
          } else {
            LOG.warn("could not remove leftover network namespace {}", name);
          }
        }
      }
      Cmd.Result links = runner.run(List.of("ip", "-o", "link", "show"), TIMEOUT);
      for (String name : linkNames(links.output())) {
        if (TestNetwork.LINK.matcher(name).matches()) {
          if (quietly(runner, List.of("ip", "link", "del", name))) {
            LOG.info("removed leftover link {}", name);
            removed++;
          } else if (!quietly(runner, List.of("ip", "link", "show", name))) {
            LOG.debug("leftover link {} went away with its veth peer", name);
          } else {
            LOG.warn("could not remove leftover link {}", name);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("cleaning up leftover test networks failed: {}", e.toString());
    }
    return removed;
  }

  /** Interface names from {@code ip -o link show} lines ("3: name@if2: <...> ..."). */
  static List<String> linkNames(String ipOutput) {
    List<String> names = new ArrayList<>();
    for (String line : ipOutput.split("\n")) {
      String[] f = line.trim().split(":\\s+", 3);
      if (f.length >= 2 && f[0].matches("\\d+")) {
        String n = f[1];
        int at = n.indexOf('@');
        names.add(at >= 0 ? n.substring(0, at) : n.replaceAll(":$", ""));
      }
    }
    return names;
  }
}
