package io.benchtap.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.model.Phase;
import io.benchtap.model.RunEvent;
import io.benchtap.model.StreamKey;
import io.benchtap.model.TimeSource;
import io.benchtap.parse.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamCollectorTest {
  private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");
  private static final StreamKey KEY = new StreamKey("dev1", "lxc", "r1", "sysbench", "2");

  private final RecordingObserver observer = new RecordingObserver();

  @Test
  void aSampleBecomesAMeasurementOfTheStreamAtTheMessagesTime() {
    StreamCollector c = new StreamCollector(KEY, "veth", T, TimeSource.DEVICE, observer);
    c.sample(Sample.of("cpu", "events_per_second", 2345.67, "per_second", Phase.INTERVAL));
    assertThat(c.out).singleElement().satisfies(m -> {
      assertThat(m.device()).isEqualTo("dev1");
      assertThat(m.env()).isEqualTo("lxc");
      assertThat(m.instance()).isEqualTo("2");
      assertThat(m.net()).isEqualTo("veth");
      assertThat(m.time()).isEqualTo(T);
      assertThat(m.timeSource()).isEqualTo(TimeSource.DEVICE);
      assertThat(m.value()).isEqualTo(2345.67);
    });
    assertThat(observer.invalid).isEmpty();
  }

  @Test
  void aRefusedSampleAndAnUnparsedLineAreCountedNotCollected() {
    StreamCollector c = new StreamCollector(KEY, "host", T, TimeSource.ARRIVAL, observer);
    c.sample(Sample.of("cpu", "events_per_second", Double.NaN, "per_second", Phase.INTERVAL));
    c.unparsed("garbage", "unrecognised line");
    assertThat(c.out).isEmpty();
    assertThat(observer.invalid).containsExactly("sysbench: non-finite value", "sysbench: garbage");
  }

  @Test
  void aFailureTheToolReportedIsARunFailedEventObservedAtOnce() {
    List<RunEvent> events = new ArrayList<>();
    StreamCollector c = new StreamCollector(KEY, "host", T, TimeSource.ARRIVAL, observer, new ArrayList<>(), events);
    c.runFailed("FATAL: cannot open file");
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo(RunEvent.Type.FAILED);
      assertThat(e.key()).isEqualTo(KEY);
      assertThat(e.time()).isEqualTo(T);
    });
    assertThat(observer.events).isEqualTo(events);
  }
}
