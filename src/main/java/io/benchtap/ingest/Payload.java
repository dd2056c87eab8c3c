package io.benchtap.ingest;

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
 * mosquitto_pub -l} input stays valid: it simply has no sequence and no device time.
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
    OptionalLong seq = OptionalLong.empty();
    Instant t = null;
    if (!lines.isEmpty() && lines.get(0).startsWith(HEADER)) {
      String header = lines.remove(0);
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
        try {
          if (k.equals("seq")) {
            long s = Long.parseLong(v);
            if (s < 0) {
              throw new NumberFormatException();
            }
            seq = OptionalLong.of(s);
          } else if (k.equals("t")) {
            t = parseEpochSeconds(v);
          }
        } catch (NumberFormatException | java.time.DateTimeException e) {
          throw new Rejected("bad_header", "bad agent header field '" + k + "'");
        }
      }
    }
    return new Payload(List.copyOf(lines), seq, t);
  }

  /** Parses non-negative epoch seconds with an optional fraction. */
  public static Instant parseEpochSeconds(String v) {
    // Fast path for what agents send: digits, optionally a point and up to 9 digits.
    int dot = v.indexOf('.');
    int intEnd = dot < 0 ? v.length() : dot;
    int fracLen = dot < 0 ? 0 : v.length() - dot - 1;
    if (intEnd > 0 && intEnd <= 18 && fracLen <= 9 && (dot < 0 || fracLen > 0) && allDigits(v, 0, intEnd)
        && (dot < 0 || allDigits(v, dot + 1, v.length()))) {
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
    java.math.BigDecimal d = new java.math.BigDecimal(v);
    if (d.signum() < 0) {
      throw new NumberFormatException("negative time");
    }
    long secs = d.longValue();
    long nanos = d.subtract(java.math.BigDecimal.valueOf(secs)).movePointRight(9).longValue();
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
}
