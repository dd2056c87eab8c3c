package io.benchtap.kafka;

import io.benchtap.analyze.AnalysisConfig;
import io.benchtap.analyze.AnalyzerVerticle;
import io.benchtap.pipeline.PipelineConfig;
import io.benchtap.ingest.MqttConfig;
import io.benchtap.ingest.MqttIngestVerticle;
import io.benchtap.parse.ParserRegistry;
import io.benchtap.pipeline.PipelineMetrics;
import io.benchtap.sink.MeasurementSink;
import io.benchtap.sink.durable.Unacked;
import io.benchtap.sink.file.FileSink;
import io.benchtap.sink.file.FileSinkConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Wires the roles of {@code kafka.roles} (docs/scale-out.md) for {@code benchtap serve}: the
 * bridge (the MQTT ingest on a shared subscription, handing messages to {@link KafkaBridge}), the
 * processor ({@link ProcessVerticle}) and the analysis ({@link AnalysisFeedVerticle} feeding the
 * analyzer). Every instance also gets an analyzer for its HTTP API; outside the analysis role it
 * sees only this instance's share, writes nothing and raises no alert.
 */
public final class KafkaRoles {
  private KafkaRoles() {}

  /**
   * Creates the verticles of this instance's roles; {@code sinks} starts with the Prometheus sink
   * and receives the sinks that serve must close at stop. Deploy them in the order returned by
   * {@link #deploy}.
   */
  public static Plan plan(Vertx vertx, Sections config, ParserRegistry parsers, MeterRegistry registry,
      PipelineMetrics metrics, List<MeasurementSink> sinks, Consumer<JsonObject> notify) {
    KafkaConfig kafka = config.kafka();
    MqttConfig mqtt = config.mqtt();
    MeasurementSink prometheus = sinks.get(0);
    ProcessVerticle process = null;
    if (kafka.has(KafkaConfig.Role.PROCESS)) {
      ResultsSink results = new ResultsSink(vertx, kafka);
      sinks.add(results);
      process = new ProcessVerticle(kafka, parsers, config.pipeline(), mqtt.topicPrefix(), metrics, config.file(), registry,
          List.of(prometheus, results));
    }
    AnalysisFeedVerticle feed = null;
    AnalyzerVerticle analyzer;
    if (kafka.has(KafkaConfig.Role.ANALYSIS)) {
      List<MeasurementSink> exports = new ArrayList<>(List.of(prometheus));
      if (config.file().enabled(false)) {
        FileSink file = new FileSink(vertx, config.file(), registry, Clock.systemUTC(), Unacked.NONE);
        sinks.add(file);
        exports.add(file);
      }
      feed = new AnalysisFeedVerticle(kafka);
      analyzer = new AnalyzerVerticle(config.analysis(), exports, notify);
    } else {
      analyzer = new AnalyzerVerticle(config.analysis(), List.of(), a -> { });
    }
    MqttIngestVerticle ingest = null;
    if (kafka.has(KafkaConfig.Role.BRIDGE)) {
      if (mqtt.host() == null) {
        throw new io.benchtap.config.ConfigException("mqtt.host", "the broker the bridges share (kafka.roles has bridge)", null);
      }
      ingest = new MqttIngestVerticle(mqtt, List.of(), () -> new KafkaBridge(vertx, kafka, registry), registry, new Unacked(),
          kafka.slotted() ? null : kafka.shareGroup());
    }
    return new Plan(process, feed, analyzer, ingest);
  }

  /** The sections of the configuration the roles read (serve assembles the whole configuration). */
  public record Sections(KafkaConfig kafka, MqttConfig mqtt, PipelineConfig pipeline, FileSinkConfig file, AnalysisConfig analysis) {}

  /** The verticles of one instance; null where the role is not played. */
  public record Plan(ProcessVerticle process, AnalysisFeedVerticle feed, AnalyzerVerticle analyzer, MqttIngestVerticle ingest) {
    /** Deploys analyzer, feed, processor, then {@code http}, then the bridge (nothing arrives before it has somewhere to go). */
    public Future<Void> deploy(Vertx vertx, io.vertx.core.Deployable http) {
      Future<String> f = vertx.deployVerticle(analyzer);
      if (feed != null) {
        f = f.compose(v -> vertx.deployVerticle(feed));
      }
      if (process != null) {
        f = f.compose(v -> vertx.deployVerticle(process));
      }
      f = f.compose(v -> vertx.deployVerticle(http));
      if (ingest != null) {
        f = f.compose(v -> vertx.deployVerticle(ingest));
      }
      return f.mapEmpty();
    }
  }
}
