"""Small helpers shared by the dashboard generators in this folder.

Every generator builds one dashboard with these helpers and writes it with write(); the JSON is
deterministic (fixed ids, keys in insertion order, no timestamps) so a regenerated file only
changes when its script does. DashboardJsonTest checks the result (titles, descriptions, units,
unique ids, provisioned datasources, used variables) and that the committed files are what the
scripts produce; DashboardQueriesIT runs every PromQL expression against a real Prometheus.
"""
import json
import os
import sys

# The provisioned datasources (grafana/provisioning/datasources/datasources.yml).
PROM = {"type": "prometheus", "uid": "benchtap-prometheus"}
INFLUX = {"type": "influxdb", "uid": "benchtap-influxdb"}

# Identity filter of benchmark series, from the template variables.
SEL = 'device=~"$device",env=~"$env",net=~"$net",tool=~"$tool"'
# Run lifecycle and stream series have no net label.
SEL_RUN = 'device=~"$device",env=~"$env",tool=~"$tool"'
# Analyzer output also has the instance count of the cell.
SEL_CELL = SEL + ',instances=~"$instances"'

# Benchmark series only (every one has a phase label).
BENCH_SERIES = '{__name__=~"benchtap_.+",phase=~"interval|final"}'

# Flux: the same filters on InfluxDB points (measurement = tool, tags device env net run ...).
FLUX_FROM = (
    'from(bucket: v.defaultBucket)\n'
    '  |> range(start: v.timeRangeStart, stop: v.timeRangeStop)\n'
    '  |> filter(fn: (r) => r.run =~ /^${run:regex}$/ and r.device =~ /^${device:regex}$/'
    ' and r.env =~ /^${env:regex}$/ and r.net =~ /^${net:regex}$/)\n')


def prom(expr, legend="", instant=False, table=False):
    t = {"datasource": PROM, "expr": expr, "legendFormat": legend}
    if instant:
        t["instant"] = True
        t["range"] = False
    if table:
        t["format"] = "table"
    return t


def flux(query):
    return {"datasource": INFLUX, "query": query}


def _variable(name, title, datasource, query):
    return {
        "name": name, "label": title, "type": "query", "datasource": datasource,
        "definition": query, "query": query, "refresh": 2, "sort": 1,
        "multi": True, "includeAll": True, "allValue": ".*",
        "current": {"selected": True, "text": ["All"], "value": ["$__all"]}, "options": [], "hide": 0,
    }


def variables():
    """device, env, net, tool, instances (Prometheus) and run (Flux), on every dashboard."""
    b = BENCH_SERIES[:-1]
    return [
        _variable("device", "device", PROM, "label_values(%s}, device)" % b),
        _variable("env", "env", PROM, 'label_values(%s,device=~"$device"}, env)' % b),
        _variable("net", "net", PROM, 'label_values(%s,device=~"$device",env=~"$env"}, net)' % b),
        _variable("tool", "tool", PROM, 'label_values(%s,device=~"$device",env=~"$env",net=~"$net"}, tool)' % b),
        _variable("instances", "instances (parallel)", PROM,
                  'label_values(benchtap_change_ratio{device=~"$device",tool=~"$tool"}, instances)'),
        _variable("run", "run (InfluxDB)", INFLUX,
                  'import "influxdata/influxdb/schema"\n'
                  'schema.tagValues(bucket: v.defaultBucket, tag: "run", start: -90d,'
                  ' predicate: (r) => r.device =~ /^${device:regex}$/)'),
    ]


def prom_annotation(name, expr, color, title, text):
    return {"name": name, "datasource": PROM, "enable": True, "hide": False, "iconColor": color,
            "expr": expr, "step": "60s", "titleFormat": title, "textFormat": text,
            "tagKeys": "alert", "useValueForTime": False}


class Dashboard:
    """Panels are laid out left to right in rows 24 units wide; ids are given in order."""

    def __init__(self, uid, title, description, refresh="10s", time_from="now-1h"):
        self.uid, self.title, self.description = uid, title, description
        self.refresh, self.time_from = refresh, time_from
        self.panels, self.annotations = [], []
        self._x = self._y = self._row_h = 0

    def newline(self):
        if self._x:
            self._x, self._y, self._row_h = 0, self._y + self._row_h, 0

    def add(self, kind, title, description, unit, targets, w=12, h=8, options=None, field=None,
            overrides=None, transformations=None, custom=None):
        if not (title and description and unit and targets):
            raise ValueError("panel needs a title, a description, a unit and a query: %r" % title)
        if self._x + w > 24:
            self.newline()
        defaults = {"unit": unit}
        if custom is not None:
            defaults["custom"] = custom
        defaults.update(field or {})
        ds = targets[0]["datasource"]
        panel = {
            "id": len(self.panels) + 1, "type": kind, "title": title, "description": description,
            "datasource": ds, "gridPos": {"x": self._x, "y": self._y, "w": w, "h": h},
            "fieldConfig": {"defaults": defaults, "overrides": overrides or []},
            "options": options or {},
            "targets": [dict(t, refId=chr(ord("A") + i)) for i, t in enumerate(targets)],
        }
        if transformations:
            panel["transformations"] = transformations
        self.panels.append(panel)
        self._x += w
        self._row_h = max(self._row_h, h)
        return panel

    # Shorthands for the panel kinds the dashboards use.
    def timeseries(self, title, description, unit, targets, **kw):
        kw.setdefault("options", {"legend": {"displayMode": "table", "placement": "right", "calcs": ["lastNotNull"]},
                                  "tooltip": {"mode": "multi", "sort": "desc"}})
        return self.add("timeseries", title, description, unit, targets, **kw)

    def stat(self, title, description, unit, targets, **kw):
        kw.setdefault("w", 6)
        kw.setdefault("h", 4)
        kw.setdefault("options", {"reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
                                  "colorMode": "value", "graphMode": "area", "textMode": "auto"})
        return self.add("stat", title, description, unit, targets, **kw)

    def table(self, title, description, unit, targets, **kw):
        kw.setdefault("options", {"showHeader": True, "cellHeight": "sm", "footer": {"show": False}})
        return self.add("table", title, description, unit, targets, **kw)

    def bargauge(self, title, description, unit, targets, **kw):
        kw.setdefault("options", {"orientation": "horizontal", "displayMode": "gradient", "showUnfilled": True,
                                  "reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False}})
        return self.add("bargauge", title, description, unit, targets, **kw)

    def barchart(self, title, description, unit, targets, **kw):
        kw.setdefault("options", {"orientation": "auto", "groupWidth": 0.7, "barWidth": 0.9, "showValue": "auto",
                                  "stacking": "none", "legend": {"displayMode": "list", "placement": "bottom"},
                                  "tooltip": {"mode": "multi"}, "xTickLabelRotation": 0})
        return self.add("barchart", title, description, unit, targets, **kw)

    def json(self):
        return {
            "uid": self.uid, "title": self.title, "description": self.description, "tags": ["benchtap"],
            "editable": False, "timezone": "utc", "schemaVersion": 39, "version": 1,
            "refresh": self.refresh, "time": {"from": self.time_from, "to": "now"},
            "templating": {"list": variables()},
            "annotations": {"list": self.annotations},
            "links": [{"title": "benchtap", "type": "dashboards", "tags": ["benchtap"], "asDropdown": True}],
            "panels": self.panels,
        }


def write(dash, filename):
    """Writes grafana/dashboards/FILENAME, or FILENAME in the folder given as the first argument."""
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                             "..", "dashboards")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, filename), "w", encoding="utf-8") as f:
        json.dump(dash.json(), f, indent=2, ensure_ascii=False)
        f.write("\n")
