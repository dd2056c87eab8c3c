package io.benchtap.bench.cli;

import io.benchtap.bench.DrainBench;
import io.benchtap.bench.Fixtures;
import io.benchtap.cli.Main;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code benchtap-bench bench drain}: benchtap and mosquitto_sub emptying the same backlog the broker
 * holds for their persistent sessions, alternating, in one run ({@link DrainBench}).
 */
@Command(name = "drain", mixinStandardHelpOptions = true,
    description = {"Backlog drain: for each consumer in turn (mosquitto_sub, then benchtap in this JVM; alternating by round),",
        "a persistent QoS 1 session is created, --messages messages of real fixture output are queued and acknowledged by",
        "the broker while the consumer is away, then the consumer is timed emptying it. Reports each rate, CPU per message",
        "of the consumer and of the broker, benchtap's heap, and the ratio benchtap / mosquitto_sub per round.",
        "Needs a broker that queues that much: bin/bench drain starts a throw-away Mosquitto (max_queued_messages 10,000,000)."})
public final class DrainCommand implements Callable<Integer> {
  @Mixin
  ReplayOptions replay;

  @Option(names = "--broker-pid", defaultValue = "0", description = "PID of the broker, to read its CPU time (bin/bench passes it).")
  long brokerPid;

  @Option(names = "--tools", split = ",", defaultValue = "sysbench", description = "Tools whose outputs fill the backlog (default: ${DEFAULT-VALUE}).")
  List<String> tools;

  @Option(names = "--streams", defaultValue = "16", description = "Streams the backlog is spread over (default: ${DEFAULT-VALUE}).")
  int streams;

  @Option(names = "--messages", defaultValue = "200000", description = "Messages in the backlog (default: ${DEFAULT-VALUE}).")
  int messages;

  @Option(names = "--warmup-messages", defaultValue = "50000",
      description = "A first, unreported drain by benchtap, so that the JIT has compiled its path (default: ${DEFAULT-VALUE}).")
  int warmupMessages;

  @Option(names = "--rounds", defaultValue = "3", description = "Rounds of one drain each (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--jfr", paramLabel = "FILE", description = "Profile benchtap's measured drains with Java Flight Recorder "
      + "(settings profile): FILE.roundN.jfr per round; bin/jfr-top summarises one.")
  Path jfr;

  @Override
  public Integer call() throws Exception {
    replay.check("bench drain");
    if (streams < 1 || messages < 1 || rounds < 1 || warmupMessages < 0) {
      throw new Main.UsageError("benchtap-bench bench drain: --streams, --messages and --rounds must be positive, --warmup-messages at least 0");
    }
    DrainBench.Options o = new DrainBench.Options(replay.host, replay.port, replay.topicPrefix, Fixtures.load(replay.fixtures, tools),
        streams, messages, warmupMessages, rounds, brokerPid, replay.sets, jfr);
    BenchCommand.quietServe();
    List<DrainBench.Drain> drains = new DrainBench(o, System.err).run();
    System.out.print(DrainBench.table(drains));
    replay.writeJson(DrainBench.json(drains));
    return 0;
  }
}
