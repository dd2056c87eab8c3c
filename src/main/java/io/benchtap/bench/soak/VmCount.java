package io.benchtap.bench.soak;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;

/**
 * Counts what a soak run stored in VictoriaMetrics: asks it to flush, exports every sample of
 * {@code devhealth_memory_available_bytes} of the run and matches the values (the unique message
 * numbers 0..published-1) against what was published.
 */
final class VmCount {
  private final String vmUrl;
  private final String run;
  private final long published;
  private long stored;
  private long lost;
  private long duplicated;
  private long foreign;
  private long series;

  VmCount(String vmUrl, String run, long published) {
    this.vmUrl = vmUrl;
    this.run = run;
    this.published = published;
  }

  /** Flushes, exports and counts again. */
  VmCount refresh() {
    SoakServices.get(vmUrl + "/internal/force_flush");
    String match = URLEncoder.encode("{__name__=\"devhealth_memory_available_bytes\",run=\"" + run + "\"}", StandardCharsets.UTF_8);
    String body = SoakServices.get(vmUrl + "/api/v1/export?match[]=" + match);
    BitSet seen = new BitSet((int) Math.min(Integer.MAX_VALUE, published));
    long total = 0;
    long dup = 0;
    long other = 0;
    long lines = 0;
    for (String line : body.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      lines++;
      JsonArray values = new JsonObject(line).getJsonArray("values");
      for (int i = 0; i < values.size(); i++) {
        double v = ((Number) values.getValue(i)).doubleValue();
        long id = (long) v;
        total++;
        if (id != v || id < 0 || id >= published) {
          other++;
        } else if (seen.get((int) id)) {
          dup++;
        } else {
          seen.set((int) id);
        }
      }
    }
    stored = total;
    duplicated = dup;
    foreign = other;
    series = lines;
    lost = published - seen.cardinality();
    return this;
  }

  long stored() {
    return stored;
  }

  long lost() {
    return lost;
  }

  long duplicated() {
    return duplicated;
  }

  /** Values that are no message number of this run (should be 0). */
  long foreign() {
    return foreign;
  }

  long series() {
    return series;
  }
}
