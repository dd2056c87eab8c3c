package io.benchtap.parse.iperf3;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON reader for iperf3 documents and {@code --json-stream} events: objects
 * become {@link Map}s, arrays {@link List}s, numbers {@link Double}s, plus {@link String}, {@link
 * Boolean} and {@code null}. Nesting is limited to {@value #MAX_DEPTH} levels. Malformed input
 * gives {@code null} from {@link #parse}; nothing is thrown to the caller.
 */
final class MiniJson {

  private static final int MAX_DEPTH = 64;
  private static final Object INVALID = new Object();

  private final String text;
  private int pos;

  private MiniJson(String text) {
    this.text = text;
  }

  /** The parsed value, or {@code null} when the text is not one well-formed JSON value. */
  static Object parse(String text) {
    if (text == null) {
      return null;
    }
    try {
      MiniJson p = new MiniJson(text);
      Object value = p.value(0);
      p.skipSpace();
      return value == INVALID || p.pos != text.length() ? null : value;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private Object value(int depth) {
    if (depth > MAX_DEPTH) {
      return INVALID;
    }
    skipSpace();
    if (pos >= text.length()) {
      return INVALID;
    }
    char c = text.charAt(pos);
    switch (c) {
      case '{':
        return object(depth);
      case '[':
        return array(depth);
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", null);
      default:
        return number();
    }
  }

  private Object object(int depth) {
    pos++;
    Map<String, Object> map = new LinkedHashMap<>();
    skipSpace();
    if (peek() == '}') {
      pos++;
      return map;
    }
    while (true) {
      skipSpace();
      if (peek() != '"') {
        return INVALID;
      }
      Object key = string();
      skipSpace();
      if (key == INVALID || peek() != ':') {
        return INVALID;
      }
      pos++;
      Object v = value(depth + 1);
      if (v == INVALID) {
        return INVALID;
      }
      map.put((String) key, v);
      skipSpace();
      char c = peek();
      pos++;
      if (c == '}') {
        return map;
      }
      if (c != ',') {
        return INVALID;
      }
    }
  }

  private Object array(int depth) {
    pos++;
    List<Object> list = new ArrayList<>();
    skipSpace();
    if (peek() == ']') {
      pos++;
      return list;
    }
    while (true) {
      Object v = value(depth + 1);
      if (v == INVALID) {
        return INVALID;
      }
      list.add(v);
      skipSpace();
      char c = peek();
      pos++;
      if (c == ']') {
        return list;
      }
      if (c != ',') {
        return INVALID;
      }
    }
  }

  private Object string() {
    pos++;
    StringBuilder b = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (c == '"') {
        return b.toString();
      }
      if (c == '\\') {
        if (pos >= text.length()) {
          return INVALID;
        }
        char e = text.charAt(pos++);
        switch (e) {
          case 'n' -> b.append('\n');
          case 't' -> b.append('\t');
          case 'r' -> b.append('\r');
          case 'b' -> b.append('\b');
          case 'f' -> b.append('\f');
          case 'u' -> {
            if (pos + 4 > text.length()) {
              return INVALID;
            }
            b.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
            pos += 4;
          }
          default -> b.append(e);
        }
      } else {
        b.append(c);
      }
    }
    return INVALID;
  }

  private Object literal(String word, Object value) {
    if (text.startsWith(word, pos)) {
      pos += word.length();
      return value;
    }
    return INVALID;
  }

  private Object number() {
    int start = pos;
    while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
    if (start == pos) {
      return INVALID;
    }
    try {
      return Double.parseDouble(text.substring(start, pos));
    } catch (NumberFormatException e) {
      return INVALID;
    }
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  // --- typed access helpers for the report readers ---

  @SuppressWarnings("unchecked")
  static Map<String, Object> obj(Object parent, String key) {
    if (parent instanceof Map<?, ?> m && m.get(key) instanceof Map<?, ?> child) {
      return (Map<String, Object>) child;
    }
    return null;
  }

  static List<?> list(Object parent, String key) {
    return parent instanceof Map<?, ?> m && m.get(key) instanceof List<?> l ? l : List.of();
  }

  /** A finite non-negative number, or NaN when absent or not usable. */
  static double num(Object parent, String key) {
    if (parent instanceof Map<?, ?> m && m.get(key) instanceof Double d && Double.isFinite(d)
        && d >= 0) {
      return d;
    }
    return Double.NaN;
  }

  static String str(Object parent, String key) {
    return parent instanceof Map<?, ?> m && m.get(key) instanceof String s ? s : null;
  }

  static boolean bool(Object parent, String key) {
    return parent instanceof Map<?, ?> m && Boolean.TRUE.equals(m.get(key));
  }
}
