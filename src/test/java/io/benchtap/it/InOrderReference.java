package io.benchtap.it;

import io.benchtap.analyze.AnalysisConfig;
import io.benchtap.analyze.Overhead;
import io.benchtap.analyze.OverheadAnalyzer;
import io.benchtap.analyze.OverheadJson;
import io.benchtap.model.Measurement;
import io.benchtap.model.RunEvent;
import io.benchtap.parse.ParserRegistry;
import io.benchtap.pipeline.Outcome;
import io.benchtap.pipeline.PipelineConfig;
import io.benchtap.pipeline.PipelineObserver;
import io.benchtap.pipeline.StreamProcessor;
import io.benchtap.sink.LineProtocol;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What one benchtap instance makes of a {@link FixtureStreams} script when every message comes
 * exactly once and in the agent's order: the script fed straight into the pipeline's
 * {@link StreamProcessor} (the code every worker of {@code benchtap serve} runs), its output as
 * the file sink writes it (a message's measurements, then its run events), and the overheads of
 * the analyzer ({@link OverheadAnalyzer}, events before measurements as the analyzer takes a
 * batch) as /api/overhead shows them.
 */
final class InOrderReference {
  final List<String> lines = new ArrayList<>();
  final List<JsonObject> overhead = new ArrayList<>();

  InOrderReference(FixtureStreams in, AnalysisConfig analysis) {
    StreamProcessor p = new StreamProcessor(ParserRegistry.load(), PipelineConfig.defaults(), "benchtap/v1", PipelineObserver.NONE);
    OverheadAnalyzer analyzer = new OverheadAnalyzer(analysis);
    for (FixtureStreams.Msg m : in.script) {
      Outcome o = p.process(m.topic(), m.payload().getBytes(StandardCharsets.UTF_8), Instant.now());
      for (Measurement x : o.measurements()) {
        lines.add(LineProtocol.line(x));
      }
      for (RunEvent e : o.events()) {
        lines.add(LineProtocol.point(e).toLineProtocol());
        analyzer.accept(e);
      }
      o.measurements().forEach(analyzer::accept);
    }
    for (Overhead o : analyzer.overheads()) {
      overhead.add(OverheadJson.of(o));
    }
  }

  /** The overhead cells as JSON, in the order {@link KafkaScaleIT} compares them. */
  String overheadJson() {
    return KafkaScaleIT.sorted(new JsonArray(new ArrayList<>(overhead)));
  }
}
