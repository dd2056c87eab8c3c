package io.benchtap.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.model.Measurement;
import io.benchtap.sink.LineProtocol;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;

/** What the encoding benchmark's figures rest on: the series count it claims, ASCII bytes. */
class EncodeBenchmarkStatesTest {

  @Test
  void everySeriesParameterSetsUpExactlyThatManyExposedSeries() throws Exception {
    String[] sizes = EncodeBenchmark.Live.class.getField("series").getAnnotation(Param.class).value();
    String[] formats = EncodeBenchmark.Format.class.getField("format").getAnnotation(Param.class).value();
    for (String size : sizes) {
      EncodeBenchmark.Live state = new EncodeBenchmark.Live();
      state.series = Integer.parseInt(size);
      state.fill();
      for (String format : formats) {
        String body = state.registry.scrape(format);
        assertThat(body).as(format).contains("benchtap_series_live " + size);
        long samples = body.lines().filter(l -> l.startsWith("benchtap_") && l.contains("device=\"dev-")).count();
        assertThat(samples).as(format).isEqualTo(state.series);
        assertThat(body.getBytes(StandardCharsets.UTF_8)).as(format).hasSize(body.length());
      }
    }
  }

  @Test
  void theCorpusCoversEveryParserAndEncodesToAscii() throws Exception {
    List<List<Measurement>> groups = FixtureMeasurements.byLine();
    assertThat(groups.stream().flatMap(List::stream).map(Measurement::tool).distinct())
        .containsExactlyInAnyOrderElementsOf(io.benchtap.parse.ParserRegistry.load().tools());
    for (List<Measurement> g : groups) {
      for (Measurement m : g) {
        String line = LineProtocol.line(m);
        assertThat(line.getBytes(StandardCharsets.UTF_8)).hasSize(line.length());
      }
    }
  }
}
