package io.benchtap.agent.campaign;

import io.benchtap.agent.AgentPublisher;
import io.benchtap.agent.AgentRun;
import io.benchtap.agent.ToolVersion;
import io.benchtap.agent.lxc.LxcContainer;
import io.benchtap.agent.net.NetMode;
import io.benchtap.agent.net.TestNetwork;
import io.benchtap.parse.ParserRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a campaign on this host: every cell of the matrix, repetition after repetition, streamed
 * live through the agent. CPU and memory tools run on the host (native) or each instance in its
 * own LXC application container; network tools run their servers on the DUT (a network namespace,
 * natively or inside containers joined by veth+bridge or macvlan) and their clients, whose output
 * is streamed, on the TM namespace — the paper's setup, on one machine, with RFC 2544 addresses.
 */
public final class CampaignRunner {
  private static final Logger LOG = LoggerFactory.getLogger(CampaignRunner.class);

  /** How the runner is set up. */
  public record Options(String device, String runId, Path workDir, boolean root, boolean lxcAvailable) {}

  /** What happened to one cell. */
  public record CellResult(Cell cell, List<Double> headlines, List<Integer> exitCodes, String skipped) {}

  private final AgentPublisher publisher;
  private final ParserRegistry parsers;
  private final Options options;
  private final Progress progress;
  private volatile boolean stopping;
  private volatile AgentRun current;
  private final List<Process> servers = new ArrayList<>();
  private volatile TestNetwork network;
  private final List<String> containers = new ArrayList<>();

  public CampaignRunner(AgentPublisher publisher, ParserRegistry parsers, Options options, PrintStream out, boolean tty, Campaign c) {
    this.publisher = publisher;
    this.parsers = parsers;
    this.options = options;
    long planned = (long) Cell.matrix(c).size() * plannedPerCell(c);
    this.progress = new Progress(out, tty, Cell.matrix(c).size(), planned);
  }

  /** Ctrl-C: stop the running repetition and tear everything down; {@link #run} returns soon after. */
  public void stop() {
    stopping = true;
    AgentRun r = current;
    if (r != null) {
      r.stop();
    }
    teardown();
  }

  /** Why a cell cannot run here, or null. */
  String cannotRun(Cell cell) {
    for (String cmd : cell.tool().network() ? List.of(cell.tool().command(), cell.tool().server()) : List.of(cell.tool().command())) {
      String exe = cmd.trim().split("\\s+")[0];
      if (!exe.contains("/") && !io.benchtap.agent.net.Cmd.onPath(exe)) {
        return exe + " is not installed" + (cell.tool().install() == null ? "" : " (" + cell.tool().install() + ")");
      }
      if (exe.contains("/") && !Files.isExecutable(Path.of(exe))) {
        return exe + " not found (run from the repository root)";
      }
    }
    if (cell.env().equals("lxc") && !options.lxcAvailable()) {
      return "needs LXC and root (lxc-execute)";
    }
    if (cell.tool().network() && !options.root()) {
      return "needs root for network namespaces";
    }
    return null;
  }

  /** Cells of one tool skipped for one reason. */
  public record Skipped(String tool, String reason, int cells) {
    /** One line: {@code netperf-tcp-rr: 6 cell(s) skipped: netperf is not installed (...)}. */
    public String line() {
      return tool + ": " + cells + " cell(s) skipped: " + reason;
    }
  }

  /** The skipped cells of {@code results}, one entry per tool and reason, in campaign order. */
  public static List<Skipped> skipped(List<CellResult> results) {
    Map<List<String>, Integer> counts = new LinkedHashMap<>();
    for (CellResult r : results) {
      if (r.skipped() != null) {
        counts.merge(List.of(r.cell().tool().name(), r.skipped()), 1, Integer::sum);
      }
    }
    List<Skipped> out = new ArrayList<>();
    counts.forEach((k, n) -> out.add(new Skipped(k.get(0), k.get(1), n)));
    return out;
  }

  /**
   * Runs every cell; returns what each gave. Cells that cannot run here (a tool not installed, no
   * root, no LXC) are announced first, one line per tool and reason, and skipped.
   */
  public List<CellResult> run(Campaign c) throws InterruptedException {
    List<Cell> cells = Cell.matrix(c);
    List<CellResult> results = new ArrayList<>();
    Map<Cell, String> cannot = new LinkedHashMap<>();
    for (Cell cell : cells) {
      String why = cannotRun(cell);
      if (why != null) {
        cannot.put(cell, why);
      }
    }
    List<CellResult> announced = new ArrayList<>();
    cannot.forEach((cell, why) -> announced.add(new CellResult(cell, List.of(), List.of(), why)));
    for (Skipped s : skipped(announced)) {
      progress.line("skipped " + s.line());
    }
    progress.plan(cells.size() - cannot.size(), (long) (cells.size() - cannot.size()) * plannedPerCell(c));
    int cellNo = 0;
    for (Cell cell : cells) {
      if (stopping) {
        break;
      }
      String why = cannot.get(cell);
      if (why != null) {
        results.add(new CellResult(cell, List.of(), List.of(), why));
        continue;
      }
      cellNo++;
      try {
        results.add(runCell(c, cell, cellNo));
      } catch (IOException e) {
        progress.line("cell " + cell.id() + " failed: " + e.getMessage());
        results.add(new CellResult(cell, List.of(), List.of(), "failed: " + e.getMessage()));
      } finally {
        teardown();
      }
    }
    return results;
  }

  private static int plannedPerCell(Campaign c) {
    return c.repetitions().untilStable() ? c.repetitions().min() : c.repetitions().count();
  }

  private CellResult runCell(Campaign c, Cell cell, int cellNo) throws IOException, InterruptedException {
    Campaign.ToolSpec t = cell.tool();
    if (t.network()) {
      network = TestNetwork.create(shortId(cellNo), NetMode.parse(cell.net()));
    }
    String exe = t.command().trim().split("\\s+")[0];
    String version = ToolVersion.of(exe, ToolVersion.flags(parsers, t.tool())).orElse(null);
    List<Double> headlines = new ArrayList<>();
    List<Integer> codes = new ArrayList<>();
    int maxRep = c.repetitions().untilStable() ? c.repetitions().max() : c.repetitions().count();
    int rep = 0;
    while (!stopping && Stability.needMore(c.repetitions(), rep, headlines)) {
      rep++;
      progress.repetitionStarted(cellNo, cell, rep, maxRep);
      Instant start = Instant.now();
      Headlines judge = new Headlines(parsers, t.tool(), t.headline(), t.command());
      int code = runRepetition(c, cell, rep, version, judge);
      codes.add(code);
      OptionalDouble h = judge.finish(cell.instances());
      if (h.isPresent()) {
        headlines.add(h.getAsDouble());
      } else {
        progress.line(cell.id() + " rep " + rep + ": no " + t.headline().metric() + " in the output (exit code " + code + ")");
      }
      progress.repetitionDone(Duration.between(start, Instant.now()), c.repetitions().untilStable() && rep > c.repetitions().min());
    }
    double rsd = Stability.rsd(headlines);
    progress.cellDone(cell, rep, t.headline(), headlines, rsd);
    return new CellResult(cell, headlines, codes, null);
  }

  private int runRepetition(Campaign c, Cell cell, int rep, String version, Headlines judge) throws IOException, InterruptedException {
    Campaign.ToolSpec t = cell.tool();
    RunIdentity who = new RunIdentity(options.runId(), cell.id(), rep);
    String runId = who.runId();
    Map<String, String> labels = who.labels();
    Map<Integer, Map<String, String>> perInstance = new HashMap<>();
    Map<Integer, Path> configs = new HashMap<>();
    boolean lxc = cell.env().equals("lxc");
    for (int i = 1; i <= cell.instances(); i++) {
      if (lxc) {
        String name = containerName(rep, i);
        List<String> netConfig = t.network() ? network.lxcNetConfig(i) : List.of();
        Path dir = Files.createDirectories(options.workDir().resolve("lxc"));
        configs.put(i, LxcContainer.writeConfig(dir, new LxcContainer.Options(name, netConfig,
            c.limits().cpuShares(), c.limits().memoryBytes(), null)));
        perInstance.put(i, Map.of("container", name));
      }
    }
    if (t.network()) {
      startServers(cell, rep, configs);
    }
    BiFunction<Integer, List<String>, List<String>> wrapper = (i, cmd) -> {
      List<String> inner = new ArrayList<>(List.of("stdbuf", "-oL", "-eL"));
      cmd.forEach(a -> inner.add(a.replace("{server}", serverAddress(cell, i))));
      if (t.network()) {
        return network.inTm(inner);
      }
      if (lxc) {
        return LxcContainer.executeCommand(containerName(rep, i), configs.get(i), inner);
      }
      return inner;
    };
    AgentRun run = new AgentRun(publisher).tap(judge::line);
    current = run;
    try {
      AgentRun.Result r = run.run(new AgentRun.Spec("benchtap/v1", options.device(), cell.env(), cell.net(), runId, t.tool(),
          cell.instances(), List.of(t.command().trim().split("\\s+")), version, labels, wrapper, perInstance, 100));
      return r.exitCode();
    } finally {
      current = null;
      stopServers();
    }
  }

  private void startServers(Cell cell, int rep, Map<Integer, Path> configs) throws IOException, InterruptedException {
    Path logs = Files.createDirectories(options.workDir().resolve("servers"));
    for (int i = 1; i <= cell.instances(); i++) {
      List<String> cmd = new ArrayList<>();
      for (String a : AgentRun.substitute(List.of(cell.tool().server().trim().split("\\s+")), i)) {
        cmd.add(a.replace("{server}", serverAddress(cell, i)));
      }
      List<String> full = cell.env().equals("lxc")
          ? network.inDut(LxcContainer.executeCommand(serverContainerName(rep, i), configs.get(i), cmd))
          : network.inDut(cmd);
      Process p = new ProcessBuilder(full).redirectErrorStream(true)
          .redirectOutput(logs.resolve(cell.id() + "-r" + rep + "-" + i + ".log").toFile()).start();
      synchronized (servers) {
        servers.add(p);
      }
      if (cell.env().equals("lxc")) {
        synchronized (containers) {
          containers.add(serverContainerName(rep, i));
        }
      }
    }
    // Give the servers (and their containers) time to listen before the clients connect.
    Thread.sleep(cell.env().equals("lxc") ? 1500 : 500);
  }

  private void stopServers() {
    synchronized (servers) {
      for (Process p : servers) {
        p.destroy();
      }
      for (Process p : servers) {
        try {
          if (!p.waitFor(5, TimeUnit.SECONDS)) {
            p.destroyForcibly();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      servers.clear();
    }
    synchronized (containers) {
      TestNetwork n = network;
      for (String name : containers) {
        if (n != null) {
          LxcContainer.stop(name, n::inDut);
        } else {
          LxcContainer.stop(name);
        }
      }
      containers.clear();
    }
  }

  private void teardown() {
    stopServers();
    TestNetwork n = network;
    network = null;
    if (n != null) {
      n.close();
    }
  }

  private String serverAddress(Cell cell, int instance) {
    if (network == null) {
      return "127.0.0.1";
    }
    return cell.env().equals("lxc") ? network.containerAddress(instance) : network.dutAddress();
  }

  private String containerName(int rep, int i) {
    return "bt-" + shortRun() + "-r" + rep + "-" + i;
  }

  private String serverContainerName(int rep, int i) {
    return containerName(rep, i);
  }

  private String shortRun() {
    String r = options.runId().replaceAll("[^A-Za-z0-9]", "");
    return r.length() > 12 ? r.substring(r.length() - 12) : r;
  }

  private static String shortId(int cellNo) {
    return Integer.toString((int) (ProcessHandle.current().pid() % 1000), 36) + Integer.toString(cellNo, 36);
  }
}
