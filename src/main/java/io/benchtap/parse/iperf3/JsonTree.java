package io.benchtap.parse.iperf3;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads iperf3 documents and {@code --json-stream} events into plain Java values with
 * jackson-core's streaming parser: objects become {@link Map}s (in document order; a repeated key
 * keeps its last value), arrays {@link List}s, numbers {@link Double}s, plus {@link String},
 * {@link Boolean} and {@code null}. Strict JSON (RFC 8259): one value, nothing after it but
 * white space. Nesting is limited to {@value #MAX_DEPTH} levels by Jackson's
 * {@link StreamReadConstraints}, so a hostile document cannot exhaust the stack. Malformed input
 * gives {@code null} from {@link #parse}; nothing is thrown to the caller.
 */
final class JsonTree {

  static final int MAX_DEPTH = 64;

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
      .build();

  private JsonTree() {}

  /** The parsed value, or {@code null} when the text is not one well-formed JSON value. */
  static Object parse(String text) {
    if (text == null) {
      return null;
    }
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return null;
      }
      Object value = value(p, first);
      return p.nextToken() == null ? value : null;
    } catch (IOException | RuntimeException e) {
      return null; // JsonParseException, StreamConstraintsException (too deep, too long)
    }
  }

  private static Object value(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case START_OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          map.put(key, value(p, p.nextToken()));
        }
        return map;
      }
      case START_ARRAY -> {
        List<Object> list = new ArrayList<>();
        for (JsonToken n = p.nextToken(); n != JsonToken.END_ARRAY; n = p.nextToken()) {
          list.add(value(p, n));
        }
        return list;
      }
      case VALUE_STRING -> {
        return p.getText();
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return p.getDoubleValue();
      }
      case VALUE_TRUE -> {
        return Boolean.TRUE;
      }
      case VALUE_FALSE -> {
        return Boolean.FALSE;
      }
      case VALUE_NULL -> {
        return null;
      }
      default -> throw new IOException("unexpected " + t);
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
