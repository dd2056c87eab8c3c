package io.benchtap.serve;

import io.benchtap.analyze.AnalysisConfig;
import io.benchtap.config.Cfg;
import io.benchtap.config.ConfigException;
import io.benchtap.http.HttpConfig;
import io.benchtap.ingest.EmbeddedBrokerConfig;
import io.benchtap.ingest.MqttConfig;
import io.benchtap.pipeline.PipelineConfig;
import io.benchtap.sink.file.FileSinkConfig;
import io.benchtap.sink.influx.InfluxConfig;
import io.benchtap.sink.prometheus.PrometheusSinkConfig;

/** The whole validated configuration of {@code benchtap serve}. */
public record BenchtapConfig(
    MqttConfig mqtt,
    EmbeddedBrokerConfig broker,
    HttpConfig http,
    PrometheusSinkConfig prometheus,
    InfluxConfig influx,
    FileSinkConfig file,
    PipelineConfig pipeline,
    AnalysisConfig analysis,
    io.benchtap.kafka.KafkaConfig kafka) {

  /** Reads and validates every section; the first bad value throws {@link ConfigException}. */
  public static BenchtapConfig from(Cfg c) {
    return new BenchtapConfig(
        MqttConfig.from(c),
        EmbeddedBrokerConfig.from(c),
        HttpConfig.from(c),
        PrometheusSinkConfig.from(c),
        InfluxConfig.from(c),
        FileSinkConfig.from(c),
        PipelineConfig.from(c),
        AnalysisConfig.from(c),
        io.benchtap.kafka.KafkaConfig.from(c));
  }
}
