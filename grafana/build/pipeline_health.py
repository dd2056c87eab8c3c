#!/usr/bin/env python3
"""Writes grafana/dashboards/pipeline-health.json: is benchtap itself healthy? (run: python3 grafana/build/pipeline_health.py)"""
from dashlib import Dashboard, FLUX_FROM, SEL, SEL_CELL, SEL_RUN, BENCH_SERIES, flux, prom, write

d = Dashboard("benchtap-pipeline-health", "benchtap / Pipeline health",
              "benchtap's own metrics: what arrives over MQTT, what is refused or not understood, queues, "
              "sinks and their latency, the JVM heap, and whether the analyzer produces overheads.")

# Ingest
d.timeseries("Messages in", "MQTT messages received per second, by kind of topic (out, status, agent, alerts, unknown).",
             "reqps", [prom("sum by (kind) (rate(benchtap_ingest_messages_total[$__rate_interval]))", "{{kind}}")])
d.timeseries("Lines in", "Output lines accepted per second, by tool.",
             "short", [prom("sum by (tool) (rate(benchtap_ingest_lines_total[$__rate_interval]))", "{{tool}}")])
d.timeseries("Measurements produced", "Measurements the parsers produced per second, by tool (every value of every line).",
             "short", [prom("sum by (tool) (rate(benchtap_measurements_total[$__rate_interval]))", "{{tool}}")])
d.timeseries("Duplicates skipped", "QoS 1 redeliveries skipped by their sequence number, per second.",
             "short", [prom("rate(benchtap_ingest_duplicates_total[$__rate_interval])", "duplicates")])

# What goes wrong with the input
d.timeseries("Unparsed lines", "Lines a parser did not understand, per second, by tool "
             "(alert PipelineUnparsedLines when this stays above 0 for 10 minutes).",
             "short", [prom("sum by (tool) (rate(benchtap_parse_unparsed_lines_total[5m]))", "{{tool}}")])
d.timeseries("Rejected input", "Messages or lines refused (binary, invalid UTF-8, bad topic, unknown tool...), per second, "
             "by reason (alert PipelineRejectingInput).",
             "short", [prom("sum by (reason) (rate(benchtap_ingest_rejected_total[5m]))", "{{reason}}")])

# MQTT and agents
d.stat("MQTT connected", "1 when benchtap is connected to the broker and subscribed (alert MqttDisconnected when 0 for 1 minute).",
       "bool_yes_no", [prom("min(benchtap_mqtt_connected)", "connected")],
       field={"thresholds": {"mode": "absolute", "steps": [{"color": "red", "value": None}, {"color": "green", "value": 1}]}})
d.stat("MQTT reconnects", "Reconnect attempts to the broker in the selected time range.",
       "short", [prom("sum(increase(benchtap_mqtt_reconnects_total[$__range]))", "reconnects")])
d.stat("Agents online", "Devices whose agent says online (retained benchtap/v1/{device}/agent), of the selected devices.",
       "short", [prom('sum(benchtap_agent_online{device=~"$device"})', "online")])
d.stat("Agents offline", "Devices whose agent's last will says offline (alert AgentOffline after 1 minute).",
       "short", [prom('count(benchtap_agent_online{device=~"$device"} == 0) or vector(0)', "offline")],
       field={"thresholds": {"mode": "absolute", "steps": [{"color": "green", "value": None}, {"color": "orange", "value": 1}]}})

# Queues and sinks
d.timeseries("Queue depth", "MQTT messages received but not yet acknowledged (waiting for every sink to hold them), "
             "batches waiting to be written to a durable sink's disk (file_write, influx_write), and points in the "
             "InfluxDB spool not yet acknowledged by InfluxDB (influx). A full unacked window means a slow or failing "
             "sink is slowing the broker down.",
             "short", [prom("benchtap_queue_depth", "{{queue}}")])
d.timeseries("Sink write latency", "Time to write and flush one batch, by sink: mean over the interval "
             "(rate of _sum / rate of _count) and the largest recent write (_max).",
             "s", [prom("sum by (sink) (rate(benchtap_sink_write_seconds_sum[$__rate_interval]))"
                        " / sum by (sink) (rate(benchtap_sink_write_seconds_count[$__rate_interval]))", "{{sink}} mean"),
                   prom("max by (sink) (benchtap_sink_write_seconds_max)", "{{sink}} max")])
d.timeseries("Points to sinks", "Points handed to each sink per second, and batches written per second.",
             "short", [prom("sum by (sink) (rate(benchtap_sink_points_total[$__rate_interval]))", "{{sink}} points"),
                       prom("sum by (sink) (rate(benchtap_sink_writes_total[$__rate_interval]))", "{{sink}} batches")])
d.timeseries("Sink failures and retries", "Per second, by sink: batches that can never be written (alert SinkFailing), "
             "and failed writes that are kept and retried while their messages wait unacknowledged.",
             "short", [prom("sum by (sink) (rate(benchtap_sink_failures_total[$__rate_interval]))", "{{sink}} failed"),
                       prom("sum by (sink) (rate(benchtap_sink_retries_total[$__rate_interval]))", "{{sink}} retried")])
d.timeseries("Sinks failing", "How long each durable sink has been unable to write (its files: disk; InfluxDB: store), "
             "0 while it writes (alert SinkStalled). Its messages wait unacknowledged; the broker keeps them.",
             "s", [prom("max by (sink, part) (benchtap_sink_failing_seconds)", "{{sink}} {{part}}")])

# JVM and cardinality
d.timeseries("JVM heap", "Heap used by benchtap, and the most it may use.",
             "bytes", [prom('sum(jvm_memory_used_bytes{area="heap"})', "used"),
                       prom('sum(jvm_memory_max_bytes{area="heap"} > 0)', "max")])
d.timeseries("Live series and streams", "Benchmark series currently exposed on /metrics (cardinality), streams with parser "
             "state, and streams started and not finished; measurements per second refused because they would start a "
             "series beyond prometheus.maxSeries (alert BenchtapSeriesRefused).",
             "short", [prom("benchtap_series_live", "series"), prom("benchtap_streams_open", "streams open"),
                       prom("benchtap_streams_running", "streams running"),
                       prom("rate(benchtap_series_refused_total[$__rate_interval])", "refused per second")])

# Runs and the analyzer
d.timeseries("Run events", "Run lifecycle events per second of the selected devices, environments and tools: "
             "started, finished, failed.",
             "short", [prom("sum by (event) (rate(benchtap_run_events_total{%s}[$__rate_interval]))" % SEL_RUN, "{{event}}")])
d.timeseries("Alerts raised", "Alert events benchtap's analyzer published (benchtap/v1/alerts), per second, by kind.",
             "short", [prom("sum by (alert) (rate(benchtap_alerts_total[$__rate_interval]))", "{{alert}}")])
d.timeseries("Benchmark series by env and net", "Benchmark series in Prometheus for the selection, by environment and network "
             "driver: shows which parts of a campaign are reporting.",
             "short", [prom("count by (env, net) (%s,%s})" % (BENCH_SERIES[:-1], SEL), "{{env}}/{{net}}")])
d.timeseries("Analyzer cells", "Container cells the analyzer compares with their native baseline, by environment, network "
             "driver and instance count, and how many of them differ significantly.",
             "short", [prom("count by (env, net, instances) (benchtap_overhead_significant{%s})" % SEL_CELL,
                            "{{env}}/{{net}} x{{instances}}"),
                       prom("sum(benchtap_overhead_significant{%s})" % SEL_CELL, "significant")])

# InfluxDB: run lifecycle with what Prometheus does not hold (run ids, exit codes, reasons)
d.table("Run lifecycle events (InfluxDB)", "Every started, finished and failed event of the selected runs from InfluxDB's "
        "benchtap_runs measurement, newest first, with the run id, the instance count, exit code, duration and failure reason "
        "(values Prometheus never gets as labels).",
        "none", [flux(FLUX_FROM +
                      '  |> filter(fn: (r) => r._measurement == "benchtap_runs" and r.tool =~ /^${tool:regex}$/)\n'
                      '  |> pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value")\n'
                      '  |> group()\n'
                      '  |> keep(columns: ["_time", "device", "env", "net", "run", "tool", "instance", "event", "instances",'
                      ' "exit_code", "duration_seconds", "reason"])\n'
                      '  |> sort(columns: ["_time"], desc: true)\n'
                      '  |> limit(n: 500)')],
        w=24, h=10,
        overrides=[{"matcher": {"id": "byName", "options": "duration_seconds"}, "properties": [{"id": "unit", "value": "s"}]}])

write(d, "pipeline-health.json")
