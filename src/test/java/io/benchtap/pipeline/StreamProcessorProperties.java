package io.benchtap.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.parse.ParserRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Fuzzing of topic decoding, payload decoding and status JSON: nothing ever escapes process(). */
class StreamProcessorProperties {
  private final StreamProcessor processor = new StreamProcessor(ParserRegistry.load(), PipelineConfig.defaults(),
      "benchtap/v1", PipelineObserver.NONE);

  @Provide
  Arbitrary<String> topics() {
    Arbitrary<String> level = Arbitraries.strings().withChars("abc/+#\u0000\n é-_.1").ofMinLength(0).ofMaxLength(12);
    return Arbitraries.oneOf(level.map(l -> "benchtap/v1/" + l),
        Arbitraries.of("out", "status", "agent", "x").flatMap(s -> level.list().ofMaxSize(7)
            .map(ls -> "benchtap/v1/" + String.join("/", ls) + "/" + s)),
        Arbitraries.of("sysbench", "iperf3", "nuttcp", "perf", "devhealth").map(t -> "benchtap/v1/d/native/r/" + t + "/1/out"),
        Arbitraries.of("sysbench", "iperf3").map(t -> "benchtap/v1/d/native/r/" + t + "/1/status"));
  }

  @Provide
  Arbitrary<byte[]> payloads() {
    Arbitrary<String> json = Arbitraries.of("{\"event\":\"started\"", "{\"event\":\"finished\",\"exitCode\":\"x\"}",
        "{\"event\":\"started\",\"labels\":{\"Bad Label\":1}}", "{\"event\":\"started\",\"instances\":-1}",
        "{\"event\":\"finished\",\"durationSeconds\":-3}", "{\"event\":\"started\",\"t\":1e300}", "[]", "null", "{}",
        "@benchtap seq=-1 t=abc\nline", "@benchtap seq=99999999999999999999\nx", "@benchtap t=-5\n[ 1s ] thds: 1 eps: 1.0 lat (ms,95%): 1.0");
    return Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
        Arbitraries.strings().ofMaxLength(300).map(s -> s.getBytes(StandardCharsets.UTF_8)),
        json.map(s -> s.getBytes(StandardCharsets.UTF_8)));
  }

  @Property(tries = 2000)
  void anyTopicAndPayloadIsHandledWithoutThrowing(@ForAll("topics") String topic, @ForAll("payloads") byte[] payload) {
    Outcome o = processor.process(topic, payload, Instant.EPOCH);
    assertThat(o).isNotNull();
    o.measurements().forEach(m -> assertThat(Double.isFinite(m.value())).isTrue());
  }
}
