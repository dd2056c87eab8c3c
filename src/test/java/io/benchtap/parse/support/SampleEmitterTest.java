package io.benchtap.parse.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.model.Phase;
import io.benchtap.parse.ParseSink;
import io.benchtap.parse.Sample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract every tool's emitter shares. */
class SampleEmitterTest {

  private final List<Sample> samples = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();
  private final ParseSink out = new ParseSink() {
    @Override
    public void sample(Sample sample) {
      samples.add(sample);
    }

    @Override
    public void unparsed(String line, String reason) {}

    @Override
    public void runFailed(String reason) {
      failures.add(reason);
    }
  };

  @Test
  void theFirstFinalValuePerMetricAndLabelSetWinsWhateverTheLabelOrder() {
    SampleEmitter em = new SampleEmitter("b");
    Map<String, String> ab = new LinkedHashMap<>();
    ab.put("a", "1");
    ab.put("b", "2");
    Map<String, String> ba = new LinkedHashMap<>();
    ba.put("b", "2");
    ba.put("a", "1");
    em.emit(out, "m", 1, SampleEmitter.COUNT, Phase.FINAL, ab);
    em.emit(out, "m", 2, SampleEmitter.COUNT, Phase.FINAL, ba);
    em.emit(out, "m", 3, SampleEmitter.COUNT, Phase.FINAL, Map.of("a", "1"));
    em.emit(out, "m", 4, SampleEmitter.COUNT, Phase.INTERVAL, ab);
    em.emit(out, "m", 5, SampleEmitter.COUNT, Phase.INTERVAL, ab);
    assertThat(samples).extracting(Sample::value).containsExactly(1.0, 3.0, 4.0, 5.0);
  }

  @Test
  void negativeAndNonFiniteValuesAreNeverEmitted() {
    SampleEmitter em = new SampleEmitter(null);
    em.emit(out, "m", -1, SampleEmitter.COUNT, Phase.INTERVAL);
    em.emit(out, "m", Double.NaN, SampleEmitter.COUNT, Phase.INTERVAL);
    em.emit(out, "m", Double.POSITIVE_INFINITY, SampleEmitter.COUNT, Phase.FINAL);
    em.emit(out, "m", 0, SampleEmitter.COUNT, Phase.FINAL);
    assertThat(samples).extracting(Sample::value).containsExactly(0.0);
    assertThat(samples.get(0).benchmark()).isEqualTo("unknown");
  }

  @Test
  void nothingIsEmittedAfterTheFailureWhichIsReportedOnceAndCut() {
    SampleEmitter em = new SampleEmitter("b");
    assertThat(em.fail(out, "tool: ", "x".repeat(300))).isTrue();
    assertThat(em.fail(out, "again")).isFalse();
    em.emit(out, "m", 1, SampleEmitter.COUNT, Phase.FINAL);
    assertThat(samples).isEmpty();
    assertThat(failures).containsExactly("tool: " + "x".repeat(SampleEmitter.MAX_REASON));
  }

  @Test
  void intervalCountsOfTotalsAreSummedAndFinalsAreNot() {
    SampleEmitter em = new SampleEmitter("b");
    em.emit(out, "x_total", 2, SampleEmitter.COUNT, Phase.INTERVAL);
    em.emit(out, "x_total", 3, SampleEmitter.COUNT, Phase.INTERVAL);
    em.emit(out, "x_total", 4, SampleEmitter.COUNT, Phase.FINAL);
    assertThat(samples).extracting(Sample::value).containsExactly(2.0, 5.0, 4.0);
  }

  @Test
  void theBenchmarkIsNamedOnceFromTheOutputUnlessTheCommandLineDid() {
    SampleEmitter inferred = new SampleEmitter(null);
    inferred.infer("first");
    inferred.infer("second");
    assertThat(inferred.benchmark()).isEqualTo("first");
    SampleEmitter fixed = new SampleEmitter("cli");
    fixed.infer("output");
    assertThat(fixed.benchmark()).isEqualTo("cli");
    IperfEmitter iperf = new IperfEmitter("iperf3", null);
    iperf.infer("tcp");
    iperf.infer("udp");
    assertThat(iperf.benchmark()).isEqualTo("udp");
    iperf.fail(out, "  refused ");
    assertThat(failures).containsExactly("iperf3 error: refused");
  }

  @Test
  void perBenchmarkFinalsKeepOneValuePerBenchmark() {
    SampleEmitter em = new SampleEmitter(null, "unknown", true);
    em.emit(out, "stream", "m", 1, SampleEmitter.COUNT, Phase.FINAL, Map.of());
    em.emit(out, "stream2", "m", 2, SampleEmitter.COUNT, Phase.FINAL, Map.of());
    em.emit(out, "stream2", "m", 3, SampleEmitter.COUNT, Phase.FINAL, Map.of());
    assertThat(samples).extracting(Sample::benchmark).containsExactly("stream", "stream2");
  }
}
