package io.benchtap.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.agent.campaign.Campaign;
import io.benchtap.agent.campaign.Cell;
import io.benchtap.config.ConfigKeys;
import io.benchtap.model.Measurement;
import io.benchtap.model.Phase;
import io.benchtap.model.StreamKey;
import io.benchtap.model.TimeSource;
import io.benchtap.parse.ParseSink;
import io.benchtap.parse.ParserRegistry;
import io.benchtap.parse.Sample;
import io.benchtap.parse.StreamContext;
import io.benchtap.parse.StreamParser;
import io.benchtap.pipeline.Normalizer;
import io.benchtap.sink.prometheus.LiveSeries;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The series one device makes with the paper's campaign ({@code campaigns/paper.yaml}), counted
 * by a real {@link LiveSeries}: every cell of its matrix (tool x env/net x instance count), every
 * instance of the cell, fed with what the tool's parser makes of the committed fixture closest to
 * the campaign's command, with the campaign's command line as context; plus the analyzer's seven
 * series (change and overhead ratio with their bounds, significance) for every final value of
 * every container cell. An upper bound: it assumes every series of every cell is live at once,
 * which the 15-minute TTL does not allow in a campaign that runs for hours.
 *
 * <p>docs/configuration.md quotes the figure to justify the default of
 * {@code prometheus.maxSeries}; when a parser starts emitting more, this test says so.
 */
class SeriesBudgetTest {
  /** The figure docs/configuration.md gives: series of one device running campaigns/paper.yaml. */
  static final int PAPER_SERIES_PER_DEVICE = 6_672;
  /** Devices running the whole paper campaign at once that the default holds. */
  static final int DEVICES = 4;

  /** Campaign tool name -> fixture whose output stands for the tool's runs. */
  private static final Map<String, String> FIXTURES = Map.of(
      "sysbench-cpu", "sysbench/sysbench10_cpu_t1_interval.txt",
      "hpl", "hpl/hpcc150_n1000_p1q1.txt",
      "stream", "stream/hpcc150_n1000_p1q1.txt",
      "stream2", "stream/lmbench3a9_stream2_v2_p64.txt",
      "nuttcp-rx", "nuttcp/nuttcp612_tcp_tx_i1.txt",
      "nuttcp-tx", "nuttcp/nuttcp612_tcp_rx_i1.txt",
      "iperf3", "iperf3/iperf3_tcp_client.txt",
      "netperf-tcp-rr", "netperf/netperf_tcp_rr_doc.txt",
      // captured with -c -C (CPU columns), which the campaign does not use: counted anyway
      "netperf-udp-rr", "netperf/netperf_udp_rr_cpu_doc.txt");

  private static final String[] ANALYZER = {"change_ratio", "change_ratio_lower", "change_ratio_upper", "overhead_ratio",
      "overhead_ratio_lower", "overhead_ratio_upper", "overhead_significant"};

  @Test
  void thePaperCampaignOnFourDevicesFitsTheDefaultLimit() throws Exception {
    Campaign paper = Campaign.load(Path.of("campaigns/paper.yaml"));
    assertThat(paper.tools()).extracting(Campaign.ToolSpec::name).containsExactlyInAnyOrderElementsOf(FIXTURES.keySet());
    ParserRegistry parsers = ParserRegistry.load();
    LiveSeries live = new LiveSeries(Duration.ofDays(1), () -> 0L, Integer.MAX_VALUE);
    for (Cell cell : Cell.matrix(paper)) {
      List<String> lines = Files.readAllLines(Path.of("src/test/resources/outputs", FIXTURES.get(cell.tool().name())),
          StandardCharsets.UTF_8);
      Set<List<Object>> finals = new LinkedHashSet<>();
      for (int i = 1; i <= cell.instances(); i++) {
        List<Measurement> ms = parse(parsers, cell, String.valueOf(i), lines);
        live.update(ms);
        ms.stream().filter(m -> m.phase() == Phase.FINAL)
            .forEach(m -> finals.add(List.of(m.benchmark(), m.metric(), m.labels())));
      }
      if (cell.env().equals("lxc")) {
        live.update(analyzerSeries(cell, finals));
      }
    }
    assertThat(live.size()).as("series of one device with campaigns/paper.yaml (update docs/configuration.md)")
        .isEqualTo(PAPER_SERIES_PER_DEVICE);
    int limit = Integer.parseInt(ConfigKeys.all().stream().filter(k -> k.path().equals("prometheus.maxSeries"))
        .findFirst().orElseThrow().defaultValue());
    assertThat(limit).isEqualTo(LiveSeries.DEFAULT_MAX_SERIES).isGreaterThanOrEqualTo(DEVICES * PAPER_SERIES_PER_DEVICE);
  }

  private static List<Measurement> parse(ParserRegistry parsers, Cell cell, String instance, List<String> lines) {
    StreamKey key = new StreamKey("lab1", cell.env(), "paper-1", cell.tool().tool(), instance);
    List<Measurement> out = new ArrayList<>();
    String[] why = new String[1];
    ParseSink sink = new ParseSink() {
      @Override
      public void sample(Sample s) {
        Measurement m = Normalizer.normalize(key, cell.net(), s, Instant.EPOCH, TimeSource.DEVICE, why);
        if (m != null) {
          out.add(m);
        }
      }

      @Override
      public void unparsed(String line, String reason) {}
    };
    StreamParser stream = parsers.find(cell.tool().tool()).orElseThrow()
        .newStream(StreamContext.ofCommand(cell.tool().command()));
    lines.forEach(l -> stream.line(l, sink));
    stream.end(sink);
    return out;
  }

  /** What the analyzer writes for a container cell: per final value, its seven series (instance "all"). */
  @SuppressWarnings("unchecked")
  private static List<Measurement> analyzerSeries(Cell cell, Set<List<Object>> finals) {
    List<Measurement> out = new ArrayList<>();
    for (List<Object> f : finals) {
      Map<String, String> labels = new TreeMap<>((Map<String, String>) f.get(2));
      labels.put("metric", (String) f.get(1));
      labels.put("instances", String.valueOf(cell.instances()));
      for (String name : ANALYZER) {
        out.add(new Measurement(Instant.EPOCH, "lab1", cell.env(), cell.net(), "paper-1", cell.tool().tool(), (String) f.get(0), "all",
            name, 0.01, "ratio", Phase.FINAL, labels, TimeSource.ARRIVAL));
      }
    }
    return out;
  }
}
