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
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ConfigLoader.class);

  /**
   * BENCHTAP_* variables read by bin/ scripts, the logging setup and the shell agent rather than
   * by the configuration ({@code BENCHTAP_IT_*} belong to the tests).
   */
  static final List<String> OTHER_ENV = List.of("BENCHTAP_LOG_LEVEL", "BENCHTAP_JAVA_OPTS", "BENCHTAP_MVN_OPTS",
      "BENCHTAP_KEEP_TEST_DIR", "BENCHTAP_EXTRA_PACKAGES", "BENCHTAP_INSTANCE", "BENCHTAP_KEEPALIVE",
      "BENCHTAP_PUB_ATTEMPTS", "BENCHTAP_PUB_TIMEOUT", "BENCHTAP_TOPIC_PREFIX", "BENCHTAP_STDBUF", "BENCHTAP_CLOCK");

  private static final java.util.Set<String> WARNED = java.util.concurrent.ConcurrentHashMap.newKeySet();

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
      warnUnknownEnv(env);
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

  /**
   * {@code BENCHTAP_*} variables that are not settings of benchtap's scripts or tools either:
   * one line each naming the nearest known variable, so a typo does not silently leave the default.
   */
  static List<String> unknownEnv(Map<String, String> env) {
    List<String> known = new ArrayList<>(OTHER_ENV);
    ConfigKeys.all().forEach(k -> known.add(k.envName()));
    List<String> out = new ArrayList<>();
    for (String name : new TreeSet<>(env.keySet())) {
      if (name.startsWith("BENCHTAP_") && !name.startsWith("BENCHTAP_IT_") && !known.contains(name)) {
        out.add("environment variable " + name + " is not a benchtap setting and is ignored"
            + Nearest.to(bare(name), known.stream().map(ConfigLoader::bare).toList())
                .map(k -> "; did you mean BENCHTAP_" + k + "?").orElse(" (docs/configuration.md lists them)"));
      }
    }
    return out;
  }

  /** The name without BENCHTAP_, so that the common prefix does not make far names look near. */
  private static String bare(String envName) {
    return envName.substring("BENCHTAP_".length());
  }

  /** Logs each {@link #unknownEnv} line once per process. */
  private static void warnUnknownEnv(Map<String, String> env) {
    for (String line : unknownEnv(env)) {
      if (WARNED.add(line)) {
        LOG.warn(line);
      }
    }
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
    String near = Nearest.hint(path, ConfigKeys.all().stream().map(ConfigKeys.Key::path).toList());
    if (!near.isEmpty()) {
      return near;
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
