package io.benchtap.model;

/**
 * One agent message of a stream, named by its {@code seq} (the {@code @benchtap seq=} header):
 * what a durable sink records beside the message's measurements, in the same write, so that after
 * a crash a QoS 1 redelivery of a message already held is recognised (docs/architecture.md,
 * "Delivery"). Messages without a header have no mark: they are delivered at least once.
 */
public record Mark(StreamKey stream, long seq) {

  public Mark {
    if (seq < 0) {
      throw new IllegalArgumentException("seq must be >= 0: " + seq);
    }
  }

  /**
   * The mark as one space-free token {@code device/env/run/tool/instance@seq}: the topic levels
   * are percent-encoded where they could hold a space, '%', '@' or '/' (a level never holds '/',
   * but the encoding does not rely on it).
   */
  public String token() {
    StringBuilder sb = new StringBuilder(64);
    level(sb, stream.device()).append('/');
    level(sb, stream.env()).append('/');
    level(sb, stream.run()).append('/');
    level(sb, stream.tool()).append('/');
    level(sb, stream.instance()).append('@').append(seq);
    return sb.toString();
  }

  /** Reads a {@link #token()}; throws {@link IllegalArgumentException} on anything else. */
  public static Mark parse(String token) {
    int at = token.lastIndexOf('@');
    if (at < 0) {
      throw new IllegalArgumentException("mark without @seq: " + token);
    }
    String[] p = token.substring(0, at).split("/", -1);
    if (p.length != 5) {
      throw new IllegalArgumentException("mark needs 5 stream levels: " + token);
    }
    long seq;
    try {
      seq = Long.parseLong(token, at + 1, token.length(), 10);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("mark with a bad seq: " + token);
    }
    return new Mark(new StreamKey(unlevel(p[0]), unlevel(p[1]), unlevel(p[2]), unlevel(p[3]), unlevel(p[4])), seq);
  }

  private static StringBuilder level(StringBuilder sb, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case ' ' -> sb.append("%20");
        case '%' -> sb.append("%25");
        case '/' -> sb.append("%2F");
        case '@' -> sb.append("%40");
        default -> sb.append(c);
      }
    }
    return sb;
  }

  private static String unlevel(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length()) {
        sb.append((char) Integer.parseInt(s, i + 1, i + 3, 16));
        i += 2;
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
