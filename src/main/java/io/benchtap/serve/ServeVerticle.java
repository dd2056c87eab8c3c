package io.benchtap.serve;

import io.benchtap.analyze.AnalyzerVerticle;
import io.benchtap.http.HttpVerticle;
import io.benchtap.ingest.EmbeddedBroker;
import io.benchtap.ingest.MqttConfig;
import io.benchtap.ingest.MqttIngestVerticle;
import io.benchtap.model.Mark;
import io.benchtap.model.MeasurementBatch;
import io.benchtap.parse.ParserRegistry;
import io.benchtap.pipeline.LocalCodec;
import io.benchtap.pipeline.PipelineMetrics;
import io.benchtap.pipeline.PipelineVerticle;
import io.benchtap.pipeline.PipelineWorker;
import io.benchtap.sink.MeasurementSink;
import io.benchtap.sink.SinkHealth;
import io.benchtap.sink.durable.Unacked;
import io.benchtap.sink.file.FileSink;
import io.benchtap.sink.influx.InfluxSink;
import io.benchtap.sink.prometheus.PrometheusSink;
import io.benchtap.sink.prometheus.SelfMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Root of {@code benchtap serve}: opens the sinks (the durable ones read back which agent
 * messages they held, for the pipeline to recognise their redeliveries), starts the embedded
 * broker when no broker is configured, then deploys the pipeline workers, the analyzer, the HTTP
 * server and the MQTT ingest, in that order, so nothing arrives before there is somewhere to put
 * it.
 *
 * <p>Stopping: Vert.x undeploys the children of a verticle all at once, so the order is kept by
 * the children themselves: the workers close only after the ingest has drained and disconnected
 * ({@link MqttIngestVerticle#stopped}), the analyzer only after the workers; this verticle's own
 * stop then closes the sinks (they write what is queued) and the embedded broker.
 */
public final class ServeVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ServeVerticle.class);

  private final BenchtapConfig config;
  private final ParserRegistry parsers;
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final List<MeasurementSink> sinks = new ArrayList<>();
  private EmbeddedBroker broker;
  private MqttIngestVerticle ingest;
  private AnalyzerVerticle analyzer;
  private io.vertx.core.http.HttpClient webhookClient;
  private HttpVerticle http;

  public ServeVerticle(BenchtapConfig config, ParserRegistry parsers) {
    this.config = config;
    this.parsers = parsers;
    SelfMetrics.install(registry);
  }

  /** The HTTP port actually bound. */
  public int httpPort() {
    return http == null ? -1 : http.actualPort();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  @Override
  public Future<?> start() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    // Alert counters exist from the start, so increase() sees the first alert of each kind.
    for (String kind : java.util.List.of("container_overhead", "regression", "changepoint", "run_failed")) {
      registry.counter("benchtap.alerts", "alert", kind);
    }
    vertx.eventBus().registerDefaultCodec(MeasurementBatch.class, new LocalCodec<>(MeasurementBatch.class));

    Unacked unacked = new Unacked();
    sinks.add(new PrometheusSink(registry, config.prometheus()));
    if (config.kafka().enabled()) {
      return startKafka();
    }
    if (config.influx().enabled()) {
      sinks.add(new InfluxSink(vertx, config.influx(), registry, unacked));
    }
    if (config.file().enabled(config.influx().enabled())) {
      FileSink file = new FileSink(vertx, config.file(), registry, Clock.systemUTC(), unacked);
      sinks.add(file);
      LOG.info("line-protocol file sink: {}", file.currentFile().toAbsolutePath());
    }
    Map<Mark, Integer> recovered = recovered(sinks);

    MqttConfig mqtt = config.mqtt();
    boolean embedded = config.broker().enabled(mqtt.host() != null);
    Future<Void> brokerReady = Future.succeededFuture();
    if (embedded) {
      broker = new EmbeddedBroker(config.broker(), config.pipeline().maxMessageBytes());
      brokerReady = vertx.executeBlocking(() -> {
        broker.start();
        return null;
      });
      if (mqtt.host() == null) {
        mqtt = mqtt.towards(config.broker());
      }
    }
    MqttConfig mqttFinal = mqtt;
    io.benchtap.pipeline.StreamActivity activity = new io.benchtap.pipeline.StreamActivity(config.pipeline().streamTtl(), System::nanoTime);
    registry.getPrometheusRegistry().register(activity);
    PipelineMetrics metrics = new PipelineMetrics(registry, config.pipeline().unparsedLogPerMinute()).activity(activity);
    Promise<Void> ingestStopped = Promise.promise();
    List<PipelineVerticle> hosted = new ArrayList<>();
    int workerCount = config.pipeline().workers();
    for (int i = 0; i < workerCount; i++) {
      // Each worker gets the marks of its own streams only (it would keep state for the others).
      int index = i;
      Map<Mark, Integer> own = new HashMap<>();
      recovered.forEach((m, bits) -> {
        if (PipelineVerticle.indexFor(mqttFinal.topicPrefix(), m.stream(), workerCount) == index) {
          own.put(m, bits);
        }
      });
      hosted.add(new PipelineVerticle(parsers, config.pipeline(), mqttFinal.topicPrefix(), metrics, sinks, own,
          ingestStopped.future()));
    }
    ingest = new MqttIngestVerticle(mqttFinal, hosted,
        () -> new PipelineWorker(vertx, parsers, config.pipeline(), mqttFinal.topicPrefix(), metrics, sinks, recovered),
        registry, unacked);
    ingest.stopped().onComplete(ingestStopped);
    HealthChecks health = HealthChecks.create(vertx);
    health.register("mqtt", p -> p.complete(ingest.isConnected()
        ? Status.OK(new JsonObject().put("broker", mqttFinal.host() + ":" + mqttFinal.port()))
        : Status.KO(new JsonObject().put("broker", mqttFinal.host() + ":" + mqttFinal.port()).put("error", ingest.lastError()))));
    for (MeasurementSink sink : sinks) {
      health.register("sink-" + sink.name(), p -> {
        SinkHealth h = sink.health();
        JsonObject data = new JsonObject().put("detail", h.detail());
        p.complete(h.up() ? Status.OK(data) : Status.KO(data));
      });
    }
    // The analyzer still takes the batches the workers flush when they close.
    Future<?> workersClosed = hosted.isEmpty() ? ingest.stopped()
        : Future.join(hosted.stream().map(PipelineVerticle::closed).toList());
    analyzer = new AnalyzerVerticle(config.analysis(), sinks, this::notifyAlert, workersClosed);
    io.micrometer.core.instrument.FunctionCounter.builder("benchtap.analysis.exports.skipped", analyzer, AnalyzerVerticle::exportsSkipped)
        .description("Overhead results not written to a sink that was failing (recomputed and written at the next change)")
        .register(registry);
    http = new HttpVerticle(config.http(), registry, health, analyzer);

    return brokerReady
        .compose(v -> {
          List<Future<String>> workers = new ArrayList<>();
          for (PipelineVerticle w : hosted) {
            workers.add(vertx.deployVerticle(w));
          }
          return Future.all(workers);
        })
        .compose(v -> vertx.deployVerticle(analyzer))
        .compose(v -> vertx.deployVerticle(http))
        .compose(v -> vertx.deployVerticle(ingest))
        .onSuccess(v -> LOG.info("benchtap serving: MQTT {}:{}{}, parsers {}", mqttFinal.host(), mqttFinal.port(),
            embedded ? " (embedded)" : "", parsers.tools()));
  }

  /** With {@code kafka.*}: the roles of this instance instead of the one-machine pipeline (docs/scale-out.md). */
  private Future<?> startKafka() {
    io.benchtap.pipeline.StreamActivity activity = new io.benchtap.pipeline.StreamActivity(config.pipeline().streamTtl(), System::nanoTime);
    registry.getPrometheusRegistry().register(activity);
    PipelineMetrics metrics = new PipelineMetrics(registry, config.pipeline().unparsedLogPerMinute()).activity(activity);
    io.benchtap.kafka.KafkaRoles.Plan plan = io.benchtap.kafka.KafkaRoles.plan(vertx,
        new io.benchtap.kafka.KafkaRoles.Sections(config.kafka(), config.mqtt(), config.pipeline(), config.file(), config.analysis()),
        parsers, registry, metrics, sinks, this::notifyAlert);
    ingest = plan.ingest();
    analyzer = plan.analyzer();
    HealthChecks health = HealthChecks.create(vertx);
    if (ingest != null) {
      health.register("mqtt", p -> p.complete(ingest.isConnected() ? Status.OK()
          : Status.KO(new JsonObject().put("error", ingest.lastError()))));
    }
    http = new HttpVerticle(config.http(), registry, health, analyzer);
    return plan.deploy(vertx, http).onSuccess(v -> LOG.info("benchtap serving with Kafka {}: roles {}",
        config.kafka().bootstrapServers(), config.kafka().roles()));
  }

  /**
   * The agent messages the durable sinks hold from before this start, with a bit per durable
   * sink (in {@code sinks} order) that holds each.
   */
  static Map<Mark, Integer> recovered(List<MeasurementSink> sinks) {
    Map<Mark, Integer> heldBy = new HashMap<>();
    int bit = 0;
    for (MeasurementSink s : sinks) {
      if (!s.durable()) {
        continue;
      }
      int mask = 1 << bit++;
      for (Mark m : s.recovered()) {
        heldBy.merge(m, mask, (a, b) -> a | b);
      }
    }
    return heldBy;
  }

  /** Alert events go to MQTT {@code {prefix}/alerts} and, if configured, to the webhook. */
  private void notifyAlert(JsonObject alert) {
    String body = alert.encode();
    LOG.warn("alert: {}", body);
    registry.counter("benchtap.alerts", "alert", alert.getString("alert", "unknown")).increment();
    if (ingest != null) {
      ingest.publish(config.mqtt().topicPrefix() + "/alerts", body)
          .onFailure(e -> registry.counter("benchtap.alerts.failed", "target", "mqtt").increment());
    }
    String hook = config.analysis().webhookUrl();
    if (hook != null) {
      if (webhookClient == null) {
        webhookClient = vertx.createHttpClient();
      }
      webhookClient.request(new io.vertx.core.http.RequestOptions().setMethod(io.vertx.core.http.HttpMethod.POST)
              .setAbsoluteURI(hook).putHeader("Content-Type", "application/json").setTimeout(10_000))
          .compose(req -> req.send(body))
          .onComplete(ar -> {
            if (ar.failed() || ar.result().statusCode() >= 300) {
              registry.counter("benchtap.alerts.failed", "target", "webhook").increment();
              LOG.warn("alert webhook failed: {}", ar.failed() ? ar.cause().toString() : "HTTP " + ar.result().statusCode());
            }
          });
    }
  }

  @Override
  public Future<?> stop() {
    // The children (ingest, workers, analyzer, HTTP) are stopped by now, in the order they keep.
    Future<Void> f = Future.succeededFuture();
    for (MeasurementSink sink : sinks) {
      f = f.compose(v -> sink.close().recover(e -> {
        LOG.warn("sink {} did not close cleanly: {}", sink.name(), e.getMessage());
        return Future.succeededFuture();
      }));
    }
    return f.compose(v -> broker == null ? Future.succeededFuture() : vertx.executeBlocking(() -> {
      broker.stop();
      return null;
    }));
  }
}
