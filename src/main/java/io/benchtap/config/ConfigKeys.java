package io.benchtap.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The catalog of every configuration key: its path, default, whether it is a secret, and what it
 * does. The single source for defaults, for the environment variable names, for the unknown-key
 * check and for docs/configuration.md (a test keeps that file in step with this catalog).
 */
public final class ConfigKeys {

  /** One documented key. {@code defaultValue} null means "unset". */
  public record Key(String path, String defaultValue, boolean secret, String description) {
    /** The environment variable that overrides this key: BENCHTAP_ + path in upper snake case. */
    public String envName() {
      return envNameOf(path);
    }
  }

  private static final Map<String, Key> KEYS = new LinkedHashMap<>();

  static {
    k("mqtt.host", null, "Broker host. Unset: start the embedded broker and connect to it.");
    k("mqtt.port", "1883", "Port of the broker serve connects to (8883 is usual with TLS). With mqtt.host unset: the embedded broker's port (set it or broker.port; both set must agree).");
    k("mqtt.clientId", "benchtap-<hostname>", "Stable client id; the persistent session is keyed by it.");
    k("mqtt.username", null, "User name sent in CONNECT.");
    s("mqtt.password", null, "Password sent in CONNECT.");
    k("mqtt.passwordFile", null, "File holding the password (first line); wins over mqtt.password.");
    k("mqtt.cleanSession", "false", "Clean session. Keep false: the broker then keeps QoS 1 messages while benchtap is away.");
    k("mqtt.qos", "1", "Subscription QoS, 0 or 1.");
    k("mqtt.topicPrefix", "benchtap/v1", "Topic prefix of the contract (docs/mqtt-contract.md).");
    k("mqtt.keepAliveSeconds", "30", "MQTT keep-alive interval.");
    k("mqtt.reconnectInitialDelayMs", "500", "First reconnect delay; doubles per failed attempt, with full jitter.");
    k("mqtt.reconnectMaxDelayMs", "30000", "Upper bound of the reconnect delay.");
    k("mqtt.tls.enabled", "false", "Connect with TLS.");
    k("mqtt.tls.caFile", null, "PEM file of CA certificates to trust (default: the JVM's trust store).");
    k("mqtt.tls.verifyHost", "true", "Check the broker's host name against its certificate.");
    k("broker.embedded", "auto", "auto: embedded broker when mqtt.host is unset; true: always; false: never.");
    k("broker.host", "127.0.0.1", "Address the embedded broker listens on. Beyond loopback it requires broker.username/password.");
    k("broker.port", "1883", "Port of the embedded broker (mqtt.port, when set and mqtt.host is not, says the same).");
    k("broker.dataDir", "data/broker", "Where the embedded broker keeps sessions and queued messages.");
    k("broker.username", null, "User the embedded broker accepts (with broker.password); unset: anonymous on loopback only.");
    s("broker.password", null, "Password for broker.username.");
    k("http.host", "127.0.0.1", "Address of the HTTP server (/metrics, /health). Beyond loopback it requires http.token (or http.tokenFile).");
    k("http.port", "9470", "Port of the HTTP server.");
    s("http.token", null, "Bearer token required on /metrics and /api when set.");
    k("http.tokenFile", null, "File holding the token (first line); wins over http.token.");
    k("prometheus.seriesTtlSeconds", "900", "A benchmark series with no update for this long leaves /metrics.");
    k("prometheus.maxSeries", "28000", "At most this many live benchmark series; measurements that would start another are counted in benchtap_series_refused_total and not exposed (see How many series, below).");
    k("influx.url", null, "InfluxDB 2 URL, e.g. http://127.0.0.1:8086. Unset: no InfluxDB sink.");
    k("influx.org", "benchtap", "InfluxDB organization.");
    k("influx.bucket", "benchtap", "InfluxDB bucket.");
    s("influx.token", null, "InfluxDB API token. Never logged or shown.");
    k("influx.tokenFile", null, "File holding the token (first line); wins over influx.token.");
    k("influx.batchSize", "1000", "Points per write request.");
    k("influx.flushIntervalMs", "1000", "Longest time a point waits in the spool for a full batch (influx.ack=spool).");
    k("influx.ack", "spool", "When a message counts as held by InfluxDB: spool (on local disk; InfluxDB may be away for hours) or store (acknowledged by InfluxDB; a failing InfluxDB stops acknowledgements).");
    k("influx.fsync", "true", "Force each spool write to the device before it counts as held (survives a power failure); false: the page cache (survives a crash of benchtap, not of the machine).");
    k("influx.retryIntervalMs", "1000", "First retry delay after a failed write (then exponential, jittered).");
    k("influx.maxRetryDelayMs", "60000", "Longest delay between retries (a failed batch is retried until InfluxDB takes it).");
    k("influx.spoolDir", "data/influx-spool", "Where every point waits on disk until InfluxDB acknowledged it; sent in order, also after a restart.");
    k("influx.spoolMaxBytes", "1073741824", "Largest spool; beyond it writes wait (their messages unacknowledged) until InfluxDB takes points again.");
    k("file.enabled", "auto", "Line-protocol file sink. auto: on when influx.url is unset.");
    k("file.dir", "data", "Directory of the daily files benchtap-YYYY-MM-DD.lp.");
    k("file.fsync", "true", "Force each write to the device before its messages are acknowledged (survives a power failure); false: the page cache (survives a crash of benchtap, not of the machine).");
    k("pipeline.workers", "auto", "Parser event loops; a stream always goes to the same one (hash of its key). 0: parse on the MQTT connection's event loop. auto: 0 on 1-2 CPUs, else 2.");
    k("pipeline.maxMessageBytes", "4194304", "Larger MQTT payloads are rejected and counted.");
    k("pipeline.maxLineBytes", "65536", "Longer lines are rejected and counted.");
    k("pipeline.reorderHoldMs", "250", "A message whose seq leaves a gap waits this long for the missing ones, so a stream is parsed in seq order. 0: parse in arrival order.");
    k("pipeline.reorderMaxHeld", "8", "At most this many messages are held for order at once (all workers together): a held message keeps its slot of the broker's in-flight window (Mosquitto: 20), and the missing one needs a free slot to arrive. Beyond it, messages go on in arrival order.");
    k("pipeline.streamTtlSeconds", "3600", "Parser state of a stream with no message for this long is closed.");
    k("pipeline.unparsedLogPerMinute", "10", "Log lines per minute and tool about unparsed lines; all are counted.");
    k("analysis.baseline", "campaign", "Native baseline of a container cell: campaign (same campaign), run (analysis.baselineRun) or rolling (last analysis.rollingRuns native campaigns).");
    k("analysis.baselineRun", null, "Campaign run id used as the baseline when analysis.baseline is run.");
    k("analysis.rollingRuns", "5", "How many recent native campaigns the rolling baseline pools.");
    k("analysis.significance", "0.05", "False discovery rate over the cells of a campaign (with analysis.correction=bh), or the level of each Welch test (none); the change intervals are at the matching level.");
    k("analysis.minSamples", "10", "Repetitions needed on each side before a cell is judged (p, interval, significant, alerts); fewer: shown as not judged yet.");
    k("analysis.correction", "bh", "Multiple comparisons over a campaign's cells: bh (Benjamini-Hochberg false discovery rate) or none.");
    k("analysis.overheadThreshold", "0.05", "Overhead (0.05 = 5 %) above which a significant container overhead raises an alert.");
    k("analysis.regressionThreshold", "0.05", "Worsening of a cell against the previous campaign that counts as a regression, if significant.");
    k("analysis.alertCooldownSeconds", "600", "One alert per condition and cell within this time.");
    k("analysis.webhookUrl", null, "Alert events are also POSTed here as JSON.");
    k("analysis.maxValuesPerCell", "10000", "Values kept per cell and campaign (oldest dropped).");
    k("analysis.changePointMinValues", "30", "A cell's series is searched for change points once it has this many values.");
    k("kafka.bootstrapServers", null, "Kafka brokers (host:port,...). Unset: no Kafka, one instance does everything (docs/scale-out.md).");
    k("kafka.roles", "bridge,process", "Roles of this instance with Kafka: bridge (MQTT to Kafka), process (parse, sinks), analysis (overheads of the fleet); process and analysis run in separate instances.");
    k("kafka.linesTopic", "benchtap.lines", "Topic of the MQTT messages, keyed by stream (device/env/run/tool/instance).");
    k("kafka.resultsTopic", "benchtap.results", "Topic of the final values and run events, read by the analysis instance.");
    k("kafka.partitions", "12", "Partitions of the lines topic when benchtap creates it: the most processors that share the work.");
    k("kafka.replicationFactor", "1", "Replication factor of the topics benchtap creates (3 in production, with min.insync.replicas=2).");
    k("kafka.group", "benchtap", "Consumer group of the processors (the analysis instances use GROUP-analysis).");
    k("kafka.shareGroup", "benchtap", "MQTT shared-subscription group of the bridges ($share/GROUP/prefix/#), when kafka.bridgeSlot is unset.");
    k("kafka.bridgeSlot", null, "I/N: this bridge is slot I of N; each bridge subscribes to everything and produces the streams whose key hashes to its slot (a stream's messages keep their order, statuses included). Unset: shared subscription.");
    k("kafka.reorderHoldMs", "30000", "How long a processor holds a record whose seq leaves a gap (a shared subscription scatters a stream's messages over the bridges; a killed bridge delays its own).");
    k("kafka.reorderMaxHeld", "100000", "Records a processor holds for order at once (they hold the partition's commit, no MQTT slot).");
  }

  /** Keys that existed once, with what to do instead: named in the error when a configuration still sets them. */
  private static final Map<String, String> REMOVED = Map.of(
      "influx.bufferLimit", "every point now goes to the disk spool at once; influx.spoolMaxBytes bounds the spool");

  private ConfigKeys() {}

  /** Why a key that no longer exists was removed, if it was one of ours. */
  public static Optional<String> removed(String path) {
    return Optional.ofNullable(REMOVED.get(path));
  }

  private static void k(String path, String def, String doc) {
    KEYS.put(path, new Key(path, def, false, doc));
  }

  private static void s(String path, String def, String doc) {
    KEYS.put(path, new Key(path, def, true, doc));
  }

  /** All keys in documentation order. */
  public static List<Key> all() {
    return List.copyOf(KEYS.values());
  }

  public static Optional<Key> find(String path) {
    return Optional.ofNullable(KEYS.get(path));
  }

  public static boolean isSecret(String path) {
    Key key = KEYS.get(path);
    return key != null && key.secret();
  }

  static String envNameOf(String path) {
    StringBuilder sb = new StringBuilder("BENCHTAP_");
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '.') {
        sb.append('_');
      } else if (Character.isUpperCase(c)) {
        sb.append('_').append(c);
      } else {
        sb.append(Character.toUpperCase(c));
      }
    }
    return sb.toString().toUpperCase(Locale.ROOT);
  }
}
