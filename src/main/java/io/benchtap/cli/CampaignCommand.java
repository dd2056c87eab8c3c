package io.benchtap.cli;

import io.benchtap.agent.AgentPublisher;
import io.benchtap.agent.campaign.Campaign;
import io.benchtap.agent.campaign.CampaignRunner;
import io.benchtap.agent.campaign.Cell;
import io.benchtap.agent.campaign.RunIdentity;
import io.benchtap.agent.lxc.LxcContainer;
import io.benchtap.agent.net.TestNetwork;
import io.benchtap.parse.ParserRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code benchtap campaign}: the paper's experiment as one command. */
@Command(name = "campaign", mixinStandardHelpOptions = true, description = "Run a campaign file: tools x env x net x instances x repetitions.",
    subcommands = {CampaignCommand.Run.class})
public final class CampaignCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing command (run)");
  }

  /** {@code benchtap campaign run FILE}. */
  @Command(name = "run", mixinStandardHelpOptions = true,
      description = {"Run every cell of a campaign on this host and stream it live to the broker.",
          "Network cells build a test machine and a device-under-test namespace (root); LXC cells use lxc-execute (root).",
          "Without root the native CPU and memory cells run and the rest are skipped with the reason.",
          "Ctrl-C stops the current repetition and tears namespaces and containers down."})
  static final class Run implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "Campaign YAML (see campaigns/quick.yaml).")
    Path file;

    @picocli.CommandLine.Mixin
    AgentCommand.MqttFlags mqtt = new AgentCommand.MqttFlags();

    @Option(names = "--device", description = "Device name (default: campaign's device, else the host name).")
    String device;

    @Option(names = "--run", description = "Campaign run id (default: NAME-yyyyMMddTHHmmssZ).")
    String run;

    @Option(names = "--only", paramLabel = "NAME", description = "Run only the tools with these names (repeatable).")
    List<String> only;

    @Option(names = "--dry-run", description = "Print the cells and exit.")
    boolean dryRun;

    @Option(names = "--work-dir", defaultValue = "data/campaigns", description = "Container configs and server logs (default: ${DEFAULT-VALUE}).")
    Path workDir;

    @Override
    public Integer call() throws Exception {
      Campaign c;
      try {
        c = Campaign.load(file);
      } catch (IllegalArgumentException | java.io.IOException e) {
        throw new Main.UsageError("benchtap campaign run: " + e.getMessage());
      }
      if (only != null && !only.isEmpty()) {
        c = new Campaign(c.name(), c.device(), c.envs(), c.nets(), c.instances(), c.repetitions(),
            c.tools().stream().filter(t -> only.contains(t.name())).toList(), c.limits());
        if (c.tools().isEmpty()) {
          throw new Main.UsageError("benchtap campaign run: --only matches no tool of " + file);
        }
      }
      String dev = AgentCommand.level("--device", device != null ? device : c.device() != null ? c.device() : AgentCommand.hostname());
      String runId = AgentCommand.level("--run", run != null ? run
          : c.name() + "-" + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")));
      List<Cell> cells = Cell.matrix(c);
      int lastRep = c.repetitions().untilStable() ? c.repetitions().max() : c.repetitions().count();
      for (Cell cell : cells) {
        try {
          new RunIdentity(runId, cell.id(), lastRep);
        } catch (IllegalArgumentException e) {
          throw new Main.UsageError("benchtap campaign run: --run or the campaign name: " + e.getMessage().replaceFirst("^campaign: ", ""));
        }
      }
      if (dryRun) {
        cells.forEach(cell -> System.out.println(cell.id()));
        return 0;
      }
      boolean root = "0".equals(System.getenv("EUID")) || isRoot();
      Files.createDirectories(workDir);
      if (root) {
        int left = TestNetwork.cleanupLeftovers();
        if (left > 0) {
          System.err.println("benchtap campaign: removed " + left + " leftover namespace(s)/link(s) of an earlier run");
        }
      }
      System.err.printf("benchtap campaign: %s, run %s on device %s: %d cell(s)%n", file, runId, dev, cells.size());
      Vertx vertx = Vertx.vertx();
      AgentPublisher pub = new AgentPublisher(vertx, new AgentPublisher.Settings(mqtt.host, mqtt.port,
          "benchtap-campaign-" + dev + "-" + ProcessHandle.current().pid(), mqtt.user, mqtt.password(), mqtt.tls, mqtt.caFile,
          "benchtap/v1/" + dev + "/agent", 100_000, 16));
      CampaignRunner runner = new CampaignRunner(pub, ParserRegistry.load(),
          new CampaignRunner.Options(dev, runId, workDir, root, LxcContainer.available()), System.err, System.console() != null, c);
      CountDownLatch done = new CountDownLatch(1);
      Thread hook = new Thread(() -> {
        runner.stop();
        try {
          done.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "benchtap-campaign-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        pub.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
        List<CampaignRunner.CellResult> results = runner.run(c);
        pub.close(60_000).toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
        long skipped = results.stream().filter(r -> r.skipped() != null).count();
        long failed = results.stream().filter(r -> r.exitCodes().stream().anyMatch(x -> x != 0)).count();
        System.err.printf("benchtap campaign: run %s done: %d cell(s) run, %d skipped, %d with a failed repetition%n",
            runId, results.size() - skipped, skipped, failed);
        for (CampaignRunner.Skipped s : CampaignRunner.skipped(results)) {
          System.err.println("benchtap campaign:   skipped " + s.line());
        }
        return failed > 0 ? 1 : 0;
      } finally {
        done.countDown();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // already shutting down
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    }

    private static boolean isRoot() {
      try {
        Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        return out.equals("0");
      } catch (java.io.IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }
}
