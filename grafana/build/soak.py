#!/usr/bin/env python3
"""Writes grafana/dashboards/soak.json: days-long runs (run: python3 grafana/build/soak.py)"""
from dashlib import Dashboard, FLUX_FROM, SEL, SEL_CELL, SEL_RUN, flux, prom, prom_annotation, write

HEALTH = 'device=~"$device",env=~"$env",tool="devhealth"'
CELL = "{{device}} {{env}}/{{net}} {{tool}} {{benchmark}}"
FINAL = ("Final values (phase final) over the soak, mean over the parallel instances of each run; a step or a drift "
         "here is what the change-point annotations mark.")
SUMMED = ("Final values (phase final) over the soak, summed over the parallel instances of each run (the aggregate of a "
          "rate, as in benchtap report and /api/overhead); a step or a drift here is what the change-point annotations "
          "mark.")

d = Dashboard("benchtap-soak", "benchtap / Soak",
              "Days-long campaigns: final values of every run over time, the device's health beside them (temperature, "
              "CPU, load, memory, throttling, container cgroups), the overhead as it evolves, and annotations where "
              "benchtap found a change point or a regression, or a run failed.", refresh="1m", time_from="now-7d")
def new_or_changed(selector):
    """Times a counter changed, or appeared: its first increment creates it with 1, which changes() cannot see."""
    return "changes(%s[5m]) > 0 or (%s unless %s offset 5m)" % (selector, selector, selector)


d.annotations = [
    prom_annotation("Change points", new_or_changed('benchtap_alerts_total{alert="changepoint"}'), "orange",
                    "change point", "benchtap found a change point in a series (details: /api/regressions)"),
    prom_annotation("Regressions", new_or_changed('benchtap_alerts_total{alert="regression"}'), "red",
                    "regression", "a cell got significantly worse than in its previous campaign (/api/regressions)"),
    prom_annotation("Failed runs", new_or_changed('benchtap_run_events_total{%s,event="failed"}' % SEL_RUN), "purple",
                    "{{tool}} run failed on {{device}} ({{env}})", "a run failed: see Live run and the benchtap_runs events"),
]

d.timeseries("sysbench events/s (final)", SUMMED, "ops",
             [prom('sum by (device, env, net, tool, benchmark) (benchtap_events_per_second{%s,phase="final"})' % SEL, CELL)])
d.timeseries("Total time (final)", FINAL + " Lower is better.", "s",
             [prom('avg by (device, env, net, tool, benchmark) (benchtap_total_time_seconds{%s,phase="final"})' % SEL, CELL)])
d.timeseries("Network throughput (final, sum of instances)", "Final receiver throughput of each run summed over its "
             "parallel instances (per-stream lines left out), over the soak.", "bps",
             [prom('8 * sum by (device, env, net, tool) (benchtap_throughput_bytes_per_second{%s,phase="final",'
                   'direction="receiver",stream=""})' % SEL, "{{device}} {{env}}/{{net}} {{tool}}")])
d.timeseries("STREAM bandwidth (final)", SUMMED + " One line per benchmark and operation.", "Bps",
             [prom('sum by (device, env, net, tool, benchmark, op) (benchtap_memory_bandwidth_bytes_per_second'
                   '{%s,phase="final"})' % SEL, "{{device}} {{env}}/{{net}} {{benchmark}} {{op}}")])
d.timeseries("FLOP/s (final)", SUMMED, "flops",
             [prom('sum by (device, env, net, tool, benchmark) (benchtap_flops_per_second{%s,phase="final"})' % SEL, CELL)])
d.timeseries("Round-trip latency (final)", FINAL + " Lower is better.", "s",
             [prom('avg by (device, env, net, tool, benchmark) (benchtap_round_trip_latency_seconds{%s,phase="final"})'
                   % SEL, CELL)])

d.timeseries("Temperature", "Device temperature per thermal zone (devhealth, instance host): a hot device throttles and "
             "slows every benchmark down.", "celsius",
             [prom("benchtap_temperature_celsius{%s}" % HEALTH, "{{device}} {{zone}}")])
d.timeseries("CPU utilization", "Share of CPU time not idle between two devhealth samples, of the device.", "percentunit",
             [prom("benchtap_cpu_utilization_ratio{%s}" % HEALTH, "{{device}} {{instance}}")])
d.timeseries("Load average (1 min)", "The device's 1-minute load average (/proc/loadavg).", "short",
             [prom('benchtap_load_average{%s,window="1m"}' % HEALTH, "{{device}} {{instance}}")])
d.timeseries("Memory available", "MemAvailable of the device: a soak that leaks memory shows here.", "bytes",
             [prom("benchtap_memory_available_bytes{%s}" % HEALTH, "{{device}} {{instance}}")])
d.timeseries("CPU frequency", "Current CPU frequency per core (cpufreq): drops under thermal or power throttling.", "hertz",
             [prom("benchtap_cpu_frequency_hertz{%s}" % HEALTH, "{{device}} {{cpu}}")])
d.timeseries("Throttling flags", "Raspberry Pi get_throttled bit mask: 0 is good; bits 0-3 now (under-voltage, "
             "frequency capped, throttled, soft temperature limit), bits 16-19 since boot.", "none",
             [prom("benchtap_throttled_flags{%s}" % HEALTH, "{{device}}")])
d.timeseries("Container CPU", "CPU used by each container (cgroup usage), in cores.", "short",
             [prom("rate(benchtap_container_cpu_seconds_total{%s}[$__rate_interval])" % HEALTH,
                   "{{device}} container {{instance}}")])
d.timeseries("Container memory", "Memory charged to each container's cgroup.", "bytes",
             [prom("benchtap_container_memory_usage_bytes{%s}" % HEALTH, "{{device}} container {{instance}}")])

d.timeseries("Overhead over the soak", "Overhead of each container cell against native as the analyzer recomputes it "
             "over the campaign (positive = worse than native).", "percentunit",
             [prom("benchtap_overhead_ratio{%s}" % SEL_CELL, "{{tool}} {{metric}} {{op}}{{stat}} {{env}}/{{net}} x{{instances}}")])
d.timeseries("Runs per hour", "Run lifecycle events of the selection per hour: started, finished, failed.", "short",
             [prom("sum by (event) (increase(benchtap_run_events_total{%s}[1h]))" % SEL_RUN, "{{event}}")])
d.timeseries("Alerts per hour", "Alert events benchtap published per hour, by kind (container_overhead, regression, "
             "changepoint, run_failed).", "short",
             [prom("sum by (alert) (increase(benchtap_alerts_total[1h]))", "{{alert}}")])
d.timeseries("Hourly means of final values (InfluxDB)", "Final values of the selected runs from InfluxDB (long "
             "retention), averaged per hour; one line per tool, metric and cell. Values are in the SI unit the metric "
             "names.", "short",
             [flux(FLUX_FROM +
                   '  |> filter(fn: (r) => r.phase == "final" and r._measurement =~ /^${tool:regex}$/'
                   ' and r._measurement != "devhealth" and r._measurement != "benchtap_runs")\n'
                   '  |> group(columns: ["_measurement", "_field", "device", "env", "net", "benchmark"])\n'
                   '  |> aggregateWindow(every: 1h, fn: mean, createEmpty: false)')])

write(d, "soak.json")
