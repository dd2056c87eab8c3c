package io.benchtap.model;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The times a measurement or run event may carry. The sinks write epoch nanoseconds in a signed
 * 64-bit integer (InfluxDB line protocol, {@code sink/LineProtocol}), so a time must be
 * {@code 0 <= t < 9223372036.854775807 s}: 1970-01-01T00:00:00Z up to 2262-04-11T23:47:16.854775806Z.
 * The upper bound is exclusive because InfluxDB keeps {@code Long.MAX_VALUE} nanoseconds for itself
 * (its {@code MaxNanoTime} is one below). Negative times are refused as well: no benchmark ran
 * before 1970, and a negative value is a device with a broken clock or a bug.
 *
 * <p>One rule for every time that comes from outside: the agent header's {@code t}, a status
 * event's {@code t}, and the {@code --time} or file times of {@code benchtap parse} and
 * {@code import}. A time outside is refused where it enters, with a message naming the field and
 * the range, instead of overflowing later in a sink.
 */
public final class MeasurementTime {
  /** The first instant not accepted: {@code Long.MAX_VALUE} nanoseconds after the epoch. */
  public static final Instant END = Instant.ofEpochSecond(0, Long.MAX_VALUE);

  /** The accepted range of epoch seconds, as messages state it. */
  public static final String RANGE = "0 <= t < 9223372036.854775807 (epoch nanoseconds in a signed 64-bit integer)";

  /** The accepted range as instants, for flags that take ISO-8601. */
  public static final String INSTANT_RANGE = Instant.EPOCH + " up to " + END.minusNanos(1);

  private static final BigDecimal END_SECONDS = new BigDecimal("9223372036.854775807");

  private MeasurementTime() {}

  /** Whether the instant can be written as epoch nanoseconds: {@code 0 <= t < END}. */
  public static boolean accepts(Instant t) {
    return t.getEpochSecond() >= 0 && t.isBefore(END);
  }

  /**
   * Parses epoch seconds with an optional fraction (digits after the ninth are cut off) and checks
   * the range.
   *
   * @param field how messages name the value, e.g. {@code status.t}
   * @throws IllegalArgumentException one line naming the field, the range and the value, when
   *     the text is not a decimal number or the time is outside the range
   */
  public static Instant parseEpochSeconds(String field, String text) {
    Instant t = fastPath(text);
    if (t == null) {
      BigDecimal d;
      try {
        d = new BigDecimal(text);
      } catch (NumberFormatException e) {
        throw outside(field, text);
      }
      // Compared before any conversion: longValue() of a huge value wraps silently.
      if (d.signum() < 0 || d.compareTo(END_SECONDS) >= 0) {
        throw outside(field, text);
      }
      long secs = d.longValue();
      long nanos = d.subtract(BigDecimal.valueOf(secs)).movePointRight(9).longValue();
      t = Instant.ofEpochSecond(secs, nanos);
    }
    if (!accepts(t)) {
      throw outside(field, text);
    }
    return t;
  }

  /** What agents send, without BigDecimal: up to 10 integer digits, optionally a point and 1..9 digits. */
  private static Instant fastPath(String v) {
    int dot = v.indexOf('.');
    int intEnd = dot < 0 ? v.length() : dot;
    int fracLen = dot < 0 ? 0 : v.length() - dot - 1;
    if (intEnd == 0 || intEnd > 10 || fracLen > 9 || (dot >= 0 && fracLen == 0) || !allDigits(v, 0, intEnd)
        || (dot >= 0 && !allDigits(v, dot + 1, v.length()))) {
      return null;
    }
    long secs = Long.parseLong(v, 0, intEnd, 10);
    long nanos = 0;
    if (dot >= 0) {
      nanos = Long.parseLong(v, dot + 1, v.length(), 10);
      for (int k = fracLen; k < 9; k++) {
        nanos *= 10;
      }
    }
    return Instant.ofEpochSecond(secs, nanos);
  }

  private static boolean allDigits(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static IllegalArgumentException outside(String field, String text) {
    String shown = text.replaceAll("\\p{Cntrl}", "?");
    if (shown.length() > 40) {
      shown = shown.substring(0, 37) + "...";
    }
    return new IllegalArgumentException(field + " must be epoch seconds, " + RANGE + "; got \"" + shown + "\"");
  }
}
