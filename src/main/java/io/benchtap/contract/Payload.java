package io.benchtap.contract;

import io.benchtap.model.MeasurementTime;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Decodes an output message: strict UTF-8, split into lines, and the optional agent header.
 *
 * <p>Our agents may start a message with one header line {@code @benchtap seq=N t=EPOCH_SECONDS}
 * (t with a fraction). Raw tool output never starts with {@code @benchtap }, so plain {@code
 * mosquitto_pub -l} input stays valid: it simply has no sequence and no device time. A header
 * with a {@code seq} that is not a non-negative long, or a {@code t} outside {@link
 * MeasurementTime#RANGE}, rejects the message as {@code bad_header}.
 *
 * @param lines the output lines without terminators
 * @param seq the stream sequence number from the header, if any
 * @param deviceTime the device time from the header, if any
 */
public record Payload(List<String> lines, OptionalLong seq, Instant deviceTime) {

  /** Header prefix of agent messages. */
  public static final String HEADER = "@benchtap ";

  /** A payload that cannot be used, with a short bounded reason for the counter label. */
  public static final class Rejected extends Exception {
    private static final long serialVersionUID = 1L;
    private final String reason;

    Rejected(String reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }

    public String reason() {
      return reason;
    }
  }

  /** Strict UTF-8 decoding; NUL bytes mark a binary payload. */
  public static String utf8(byte[] bytes) throws Rejected {
    for (byte b : bytes) {
      if (b == 0) {
        throw new Rejected("binary", "binary payload (NUL byte)");
      }
    }
    try {
      CharBuffer cb = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return cb.toString();
    } catch (CharacterCodingException e) {
      throw new Rejected("invalid_utf8", "payload is not valid UTF-8");
    }
  }

  /**
   * Decodes an output payload.
   *
   * @param maxLineChars longer lines are dropped and reported through {@code tooLong}
   * @param tooLong receives the count of dropped over-long lines
   */
  public static Payload decode(byte[] bytes, int maxLineChars, java.util.function.IntConsumer tooLong) throws Rejected {
    String text = utf8(bytes);
    List<String> lines = new ArrayList<>();
    int start = 0;
    int dropped = 0;
    int n = text.length();
    while (start < n) {
      int nl = text.indexOf('\n', start);
      int end = nl < 0 ? n : nl;
      int stop = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
      if (stop - start > maxLineChars) {
        dropped++;
      } else {
        lines.add(text.substring(start, stop));
      }
      start = end + 1;
    }
    if (dropped > 0) {
      tooLong.accept(dropped);
    }
    if (!lines.isEmpty() && lines.get(0).startsWith(HEADER)) {
      Header h = header(lines.remove(0));
      return new Payload(List.copyOf(lines), h.seq(), h.t());
    }
    return new Payload(List.copyOf(lines), OptionalLong.empty(), null);
  }

  /** The fields of an agent header line. */
  private record Header(OptionalLong seq, Instant t) {}

  /** Reads the {@code key=value} fields of a header line that starts with {@link #HEADER}. */
  private static Header header(String header) throws Rejected {
    OptionalLong seq = OptionalLong.empty();
    Instant t = null;
    int i = HEADER.length();
    int n2 = header.length();
    while (i < n2) {
      while (i < n2 && Character.isWhitespace(header.charAt(i))) {
        i++;
      }
      int fieldStart = i;
      while (i < n2 && !Character.isWhitespace(header.charAt(i))) {
        i++;
      }
      int eq = header.indexOf('=', fieldStart);
      if (fieldStart == i || eq <= fieldStart || eq >= i) {
        continue;
      }
      String k = header.substring(fieldStart, eq);
      String v = header.substring(eq + 1, i);
      if (k.equals("seq")) {
        seq = OptionalLong.of(parseSeq(v));
      } else if (k.equals("t")) {
        try {
          t = MeasurementTime.parseEpochSeconds("agent header field 't'", v);
        } catch (IllegalArgumentException e) {
          throw new Rejected("bad_header", e.getMessage());
        }
      }
    }
    return new Header(seq, t);
  }

  /**
   * The {@code seq} of an output payload's agent header, read from its first line only (the
   * same rules as {@link #decode}); -1 when it has no header, no {@code seq}, or a header that
   * {@link #decode} would refuse.
   */
  public static long headerSeq(byte[] bytes) {
    int nl = 0;
    while (nl < bytes.length && bytes[nl] != '\n') {
      nl++;
    }
    int end = nl > 0 && bytes[nl - 1] == '\r' ? nl - 1 : nl;
    String first = new String(bytes, 0, end, StandardCharsets.UTF_8);
    if (!first.startsWith(HEADER)) {
      return -1;
    }
    try {
      return header(first).seq().orElse(-1);
    } catch (Rejected e) {
      return -1;
    }
  }

  private static long parseSeq(String v) throws Rejected {
    try {
      long s = Long.parseLong(v);
      if (s >= 0) {
        return s;
      }
    } catch (NumberFormatException e) {
      // fall through to the one message
    }
    String shown = v.length() > 40 ? v.substring(0, 37) + "..." : v;
    throw new Rejected("bad_header", "agent header field 'seq' must be an integer 0.." + Long.MAX_VALUE + "; got \""
        + shown.replaceAll("\\p{Cntrl}", "?") + "\"");
  }
}
