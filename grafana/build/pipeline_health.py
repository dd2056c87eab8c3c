#!/usr/bin/env python3
"""Writes grafana/dashboards/pipeline-health.json (run from the repo root)."""
import json

DS = {"type": "prometheus", "uid": "benchtap-prometheus"}


def ts(pid, title, desc, expr, legend, unit, x, y, w=12, h=8):
    return {"id": pid, "type": "timeseries", "title": title, "description": desc, "datasource": DS,
            "gridPos": {"x": x, "y": y, "w": w, "h": h},
            "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
            "targets": [{"refId": "A", "datasource": DS, "expr": expr, "legendFormat": legend}]}


panels = [
    ts(1, "Messages in", "MQTT messages received per second, by kind of topic.",
       "sum by (kind) (rate(benchtap_ingest_messages_total[1m]))", "{{kind}}", "reqps", 0, 0),
    ts(2, "Lines in", "Output lines accepted per second, by tool.",
       "sum by (tool) (rate(benchtap_ingest_lines_total[1m]))", "{{tool}}", "short", 12, 0),
    ts(3, "Unparsed lines", "Lines a parser did not understand, per second, by tool.",
       "sum by (tool) (rate(benchtap_parse_unparsed_lines_total[5m]))", "{{tool}}", "short", 0, 8),
    ts(4, "Rejected input", "Messages or lines refused (binary, invalid UTF-8, bad topic...), per second, by reason.",
       "sum by (reason) (rate(benchtap_ingest_rejected_total[5m]))", "{{reason}}", "short", 12, 8),
    ts(5, "Queue depth", "MQTT messages not yet acknowledged, and points waiting for InfluxDB.",
       "benchtap_queue_depth", "{{queue}}", "short", 0, 16),
    ts(6, "Sink failures", "Batches a sink failed to write, per second, by sink.",
       "sum by (sink) (rate(benchtap_sink_failures_total[5m]))", "{{sink}}", "short", 12, 16),
    ts(7, "JVM heap used", "Heap used by benchtap.",
       "sum(jvm_memory_used_bytes{area=\"heap\"})", "heap", "bytes", 0, 24),
    ts(8, "Live series", "Benchmark series currently exposed on /metrics (cardinality).",
       "benchtap_series_live", "series", "short", 12, 24),
]

dash = {"uid": "benchtap-pipeline-health", "title": "benchtap / Pipeline health", "tags": ["benchtap"],
        "timezone": "utc", "schemaVersion": 39, "version": 1, "refresh": "10s",
        "time": {"from": "now-1h", "to": "now"}, "templating": {"list": []}, "annotations": {"list": []},
        "panels": panels}
with open("grafana/dashboards/pipeline-health.json", "w") as f:
    json.dump(dash, f, indent=2)
    f.write("\n")
