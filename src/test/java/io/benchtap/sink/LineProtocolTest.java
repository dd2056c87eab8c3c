package io.benchtap.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.model.Measurement;
import io.benchtap.model.Phase;
import io.benchtap.model.RunEvent;
import io.benchtap.model.StreamKey;
import io.benchtap.model.TimeSource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LineProtocolTest {

  @Test
  void measurementIsToolWithIdentityTagsAndOneFieldAtItsOwnTime() {
    Measurement m = new Measurement(Instant.parse("2026-11-26T10:00:00.123456789Z"), "rspi3", "lxc", "macvlan", "r1",
        "sysbench", "cpu", "4", "latency_seconds", 0.00086, "seconds", Phase.FINAL, Map.of("stat", "p95"), TimeSource.DEVICE);
    assertThat(LineProtocol.line(m)).isEqualTo(
        "sysbench,benchmark=cpu,device=rspi3,env=lxc,instance=4,net=macvlan,phase=final,run=r1,stat=p95 latency_seconds=0.00086 1795687200123456789");
  }

  @Test
  void spacesCommasEqualsAndQuotesAreEscaped() {
    Measurement m = new Measurement(Instant.EPOCH, "my dev,1=x", "native", "host", "r \"1\"", "sysbench", "cpu", "1",
        "events_per_second", 1, "per_second", Phase.INTERVAL, Map.of(), TimeSource.ARRIVAL);
    assertThat(LineProtocol.line(m)).contains("device=my\\ dev\\,1\\=x").contains("run=r\\ \"1\"");
  }

  @Test
  void freeTextOfRunEventsGoesToFieldsNotTags() {
    RunEvent e = new RunEvent(Instant.EPOCH, new StreamKey("d", "native", "r", "sysbench", "1"), "host", RunEvent.Type.STARTED,
        "sysbench cpu --threads=2 run", "1.0.20", 2, null, Double.NaN, null, Map.of("cell", "cpu-2"));
    String line = LineProtocol.point(e).toLineProtocol();
    assertThat(line).startsWith("benchtap_runs,device=d,env=native,event=started,instance=1,net=host,run=r,tool=sysbench ");
    assertThat(line).contains("command=\"sysbench cpu --threads=2 run\"").contains("version=\"1.0.20\"").contains("label_cell=\"cpu-2\"");
  }

  @Test
  void aBatchIsItsMeasurementsThenItsEventsOneNewlineTerminatedLineEach() {
    Measurement m = new Measurement(Instant.EPOCH, "d", "native", "host", "r", "sysbench", "cpu", "1",
        "events_per_second", 1, "per_second", Phase.INTERVAL, Map.of(), TimeSource.ARRIVAL);
    RunEvent e = new RunEvent(Instant.EPOCH, new StreamKey("d", "native", "r", "sysbench", "1"), "host",
        RunEvent.Type.STARTED, "sysbench cpu run", null, 1, null, Double.NaN, null, Map.of());
    String text = new String(LineProtocol.encode(List.of(m), List.of(e)), StandardCharsets.UTF_8);
    assertThat(text).isEqualTo(LineProtocol.line(m) + "\n" + LineProtocol.point(e).toLineProtocol() + "\n");
    assertThat(LineProtocol.encode(List.of(), List.of())).isEmpty();
  }
}
