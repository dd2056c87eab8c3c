package io.benchtap.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads the configuration through vertx-config, in increasing precedence: the file (YAML or
 * JSON, by extension), environment variables ({@code BENCHTAP_MQTT_HOST} for {@code mqtt.host}),
 * then {@code --set key=value} flags. Unknown keys are an error that names the key, so a typo
 * never silently falls back to a default.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  /**
   * Loads and checks the merged configuration.
   *
   * @param file the configuration file, or null
   * @param flags dotted key to value, from the command line
   * @param env the process environment (passed in so tests can control it)
   */
  public static Future<Cfg> load(Vertx vertx, Path file, Map<String, String> flags, Map<String, String> env) {
    ConfigRetrieverOptions options = new ConfigRetrieverOptions().setScanPeriod(0).setIncludeDefaultStores(false);
    if (file != null) {
      if (!Files.isReadable(file)) {
        return Future.failedFuture(new ConfigException("config file " + file + " is not readable"));
      }
      String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
      String format = name.endsWith(".json") ? "json" : (name.endsWith(".yaml") || name.endsWith(".yml")) ? "yaml" : null;
      if (format == null) {
        return Future.failedFuture(new ConfigException("config file " + file + ": expected a .yaml, .yml or .json file"));
      }
      options.addStore(new ConfigStoreOptions().setType("file").setFormat(format)
          .setConfig(new JsonObject().put("path", file.toAbsolutePath().toString())));
    }
    JsonObject fromEnv;
    JsonObject fromFlags;
    try {
      fromEnv = nest(envOverrides(env), "environment variable");
      fromFlags = nest(flags, "--set");
    } catch (ConfigException e) {
      return Future.failedFuture(e);
    }
    options.addStore(new ConfigStoreOptions().setType("json").setConfig(fromEnv));
    options.addStore(new ConfigStoreOptions().setType("json").setConfig(fromFlags));
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
    return retriever.getConfig()
        .recover(e -> Future.failedFuture(new ConfigException(
            "cannot read " + (file == null ? "configuration" : file) + ": " + oneLine(e.getMessage()))))
        .compose(json -> {
          retriever.close();
          try {
            checkKnownKeys(json, "");
            return Future.succeededFuture(new Cfg(json));
          } catch (ConfigException e) {
            return Future.failedFuture(e);
          }
        });
  }

  /** Environment variables that name catalog keys, as dotted key to value. */
  static Map<String, String> envOverrides(Map<String, String> env) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (ConfigKeys.Key key : ConfigKeys.all()) {
      String v = env.get(key.envName());
      if (v != null) {
        out.put(key.path(), v);
      }
    }
    return out;
  }

  private static JsonObject nest(Map<String, String> flat, String origin) {
    JsonObject root = new JsonObject();
    for (Map.Entry<String, String> e : flat.entrySet()) {
      if (ConfigKeys.find(e.getKey()).isEmpty()) {
        throw new ConfigException("unknown key '" + e.getKey() + "' (from " + origin + ")" + suggestion(e.getKey()));
      }
      String[] parts = e.getKey().split("\\.");
      JsonObject cur = root;
      for (int i = 0; i < parts.length - 1; i++) {
        JsonObject next = cur.getJsonObject(parts[i]);
        if (next == null) {
          next = new JsonObject();
          cur.put(parts[i], next);
        }
        cur = next;
      }
      cur.put(parts[parts.length - 1], e.getValue());
    }
    return root;
  }

  private static void checkKnownKeys(JsonObject json, String prefix) {
    for (String field : json.fieldNames()) {
      String path = prefix.isEmpty() ? field : prefix + "." + field;
      Object v = json.getValue(field);
      if (ConfigKeys.find(path).isPresent()) {
        continue;
      }
      boolean isSection = ConfigKeys.all().stream().anyMatch(k -> k.path().startsWith(path + "."));
      if (isSection && v instanceof JsonObject obj) {
        checkKnownKeys(obj, path);
      } else if (isSection) {
        throw new ConfigException(path, "a section (a map of keys)", v);
      } else {
        throw new ConfigException("unknown key '" + path + "'" + suggestion(path));
      }
    }
  }

  private static String suggestion(String path) {
    java.util.Optional<String> gone = ConfigKeys.removed(path);
    if (gone.isPresent()) {
      return ": it was removed (" + gone.get() + "); delete it";
    }
    String section = path.contains(".") ? path.substring(0, path.lastIndexOf('.')) : "";
    List<String> siblings = new ArrayList<>();
    for (ConfigKeys.Key k : ConfigKeys.all()) {
      if (!section.isEmpty() && k.path().startsWith(section + ".")) {
        siblings.add(k.path().substring(section.length() + 1));
      }
    }
    if (siblings.isEmpty()) {
      TreeSet<String> sections = new TreeSet<>();
      ConfigKeys.all().forEach(k -> sections.add(k.path().split("\\.")[0]));
      return "; known sections: " + String.join(", ", sections);
    }
    return "; known keys in " + section + ": " + String.join(", ", siblings);
  }

  private static String oneLine(String s) {
    return s == null ? "unknown error" : s.replaceAll("\\s+", " ").trim();
  }
}
