package io.benchtap.pipeline;

import io.benchtap.model.Measurement;
import io.benchtap.model.StreamKey;
import io.benchtap.model.TimeSource;
import io.benchtap.parse.Sample;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a parser's {@link Sample} into a {@link Measurement} with the stream identity, and
 * refuses what would break a sink: non-finite values, names outside Prometheus conventions,
 * labels that collide with the identity labels, or unbounded label values.
 */
public final class Normalizer {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,99}");
  /** Labels that the identity owns; a parser may not set them. */
  public static final Set<String> RESERVED = Set.of("device", "env", "net", "run", "tool", "benchmark", "instance", "phase", "job", "le", "quantile");
  private static final int MAX_LABEL_VALUE = 64;

  private Normalizer() {}

  /**
   * The measurement for a sample, or null with {@code why[0]} set when the sample is refused.
   */
  public static Measurement normalize(StreamKey key, String net, Sample s, Instant time, TimeSource source, String[] why) {
    String problem = check(s);
    if (problem != null) {
      why[0] = problem;
      return null;
    }
    return new Measurement(time, key.device(), key.env(), net, key.run(), key.tool(), s.benchmark(), key.instance(),
        s.metric(), s.value(), s.unit(), s.phase(), s.labels(), source);
  }

  /**
   * Names seen valid before: parsers emit a fixed vocabulary, so the regex runs once per name
   * rather than once per sample. Bounded (devhealth takes names from its input): past the bound,
   * names are checked by the regex each time.
   */
  private static final java.util.Set<String> VALID_NAMES = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private static final int VALID_NAMES_MAX = 4096;

  static boolean validName(String name) {
    if (VALID_NAMES.contains(name)) {
      return true;
    }
    boolean ok = NAME.matcher(name).matches();
    if (ok && VALID_NAMES.size() < VALID_NAMES_MAX) {
      VALID_NAMES.add(name);
    }
    return ok;
  }

  static String check(Sample s) {
    if (!Double.isFinite(s.value())) {
      return "non-finite value";
    }
    if (!validName(s.metric())) {
      return "bad metric name";
    }
    if (s.benchmark().isEmpty() || s.benchmark().length() > MAX_LABEL_VALUE) {
      return "bad benchmark name";
    }
    for (Map.Entry<String, String> e : s.labels().entrySet()) {
      if (!validName(e.getKey()) || RESERVED.contains(e.getKey())) {
        return "bad label name";
      }
      if (e.getValue() == null || e.getValue().isEmpty() || e.getValue().length() > MAX_LABEL_VALUE) {
        return "bad label value";
      }
    }
    return null;
  }
}
