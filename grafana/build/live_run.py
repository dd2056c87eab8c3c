#!/usr/bin/env python3
"""Writes grafana/dashboards/live-run.json: what is running now (run: python3 grafana/build/live_run.py)"""
from dashlib import Dashboard, FLUX_FROM, SEL, SEL_CELL, SEL_RUN, flux, prom, write

IDENT = "{{device}} {{env}}/{{net}} {{tool}} {{benchmark}}"
STEPS_IDLE = {"mode": "absolute", "steps": [{"color": "green", "value": None}, {"color": "orange", "value": 60},
                                             {"color": "red", "value": 120}]}
RED_FROM_1 = {"mode": "absolute", "steps": [{"color": "green", "value": None}, {"color": "red", "value": 1}]}
HIDE = {"Time": True, "__name__": True, "job": True, "phase": True}

d = Dashboard("benchtap-live-run", "benchtap / Live run",
              "What is running now: running streams and how long each has been silent, the live interval values of "
              "every parallel instance and their sum, failed and stalled runs.", refresh="5s", time_from="now-15m")

d.stat("Streams running", "Benchmark streams started and not finished (all devices).",
       "short", [prom("benchtap_streams_running", "running")])
d.stat("Stalled streams", "Running streams of the selection that have printed nothing for more than 120 s "
       "(alert RunStalled after one more minute).",
       "short", [prom("count(benchtap_stream_idle_seconds{%s} > 120) or vector(0)" % SEL_RUN, "stalled")],
       field={"thresholds": RED_FROM_1})
d.stat("Failed runs", "Runs of the selection that failed (non-zero exit or a fatal line) since benchtap started "
       "(alert BenchmarkRunFailed).",
       "short", [prom('sum(benchtap_run_events_total{%s,event="failed"})' % SEL_RUN, "failed")],
       field={"thresholds": RED_FROM_1})
d.stat("Agents online", "Agents of the selected devices that say online.",
       "short", [prom('sum(benchtap_agent_online{device=~"$device"})', "online")])

d.table("Running streams: seconds since the last line", "Every started, not finished stream of the selection and how long "
        "ago it printed its last line; orange after 60 s, red (stalled) after 120 s.",
        "s", [prom("benchtap_stream_idle_seconds{%s}" % SEL_RUN, instant=True, table=True)],
        custom={"cellOptions": {"type": "color-background"}}, field={"thresholds": STEPS_IDLE},
        transformations=[{"id": "organize", "options": {"excludeByName": HIDE, "renameByName": {"Value": "idle"}}}])
d.table("Runs by outcome", "Run lifecycle events of the selection since benchtap started: started, finished and failed, "
        "by device, environment and tool. started minus finished minus failed is what is still running.",
        "short", [prom("sum by (device, env, tool, event) (benchtap_run_events_total{%s})" % SEL_RUN, instant=True, table=True)],
        transformations=[{"id": "organize", "options": {"excludeByName": HIDE, "renameByName": {"Value": "runs"}}}])

d.timeseries("Live events/s per instance", "sysbench (and other tools') events per second as printed every interval "
             "(phase interval), one line per parallel instance.",
             "ops", [prom('benchtap_events_per_second{%s,phase="interval"}' % SEL, IDENT + " #{{instance}}")])
d.timeseries("Live latency p95 per instance", "95th percentile latency printed every interval (sysbench lat (ms,95%)), "
             "one line per instance.",
             "s", [prom('benchtap_latency_seconds{%s,phase="interval",stat="p95"}' % SEL, IDENT + " #{{instance}}")])
d.timeseries("Live network throughput per instance", "Throughput printed every interval by iperf3, iperf, nuttcp... per "
             "instance, in bit/s (8 x the stored bytes/s); per-stream lines of -P runs are left out (stream=\"\" keeps each "
             "instance's total).",
             "bps", [prom('8 * benchtap_throughput_bytes_per_second{%s,phase="interval",stream=""}' % SEL,
                          IDENT + " {{direction}} #{{instance}}")])
d.timeseries("Aggregated throughput of parallel instances", "Sum of the live throughput of all parallel instances of a "
             "device, environment, network driver and tool: the paper's aggregate bandwidth, while it runs.",
             "bps", [prom('8 * sum by (device, env, net, tool, direction) '
                          '(benchtap_throughput_bytes_per_second{%s,phase="interval",stream=""})' % SEL,
                          "{{device}} {{env}}/{{net}} {{tool}} {{direction}}")])
d.timeseries("Live TCP retransmits per second", "TCP retransmits per second while a run goes (iperf3 Retr, iperf -e "
             "Rtry, nuttcp -i retrans), per instance and direction. The interval series is a counter, the running count "
             "since the run started, so rate() gives retransmits per second and a new run is a counter reset; per-stream "
             "lines of -P runs are left out (stream=\"\" keeps each instance's total).",
             "cps", [prom('rate(benchtap_retransmits_total{%s,phase="interval",stream=""}[$__rate_interval])' % SEL,
                          IDENT + " {{direction}} {{role}} #{{instance}}")])
d.timeseries("Aggregated events/s of parallel instances", "Sum of the live events per second of all parallel instances.",
             "ops", [prom('sum by (device, env, net, tool, benchmark) (benchtap_events_per_second{%s,phase="interval"})' % SEL,
                          IDENT)])
d.timeseries("Instances reporting live values", "How many parallel instances of each device, environment, network driver "
             "and tool have live (interval) series: fewer than started means an instance is silent.",
             "short", [prom('count by (device, env, net, tool) (group by (device, env, net, tool, instance) '
                            '({__name__=~"benchtap_.+",phase="interval",tool!="devhealth",%s}))' % SEL,
                            "{{device}} {{env}}/{{net}} {{tool}}")])

d.table("Container overhead so far", "The analyzer's overhead of every container cell of the selection, recomputed as "
        "final values arrive (positive = worse than native), for the selected instance counts.",
        "percentunit", [prom("benchtap_overhead_ratio{%s}" % SEL_CELL, instant=True, table=True)],
        transformations=[{"id": "organize", "options": {"excludeByName": dict(HIDE, instance=True),
                                                        "renameByName": {"Value": "overhead"}}}])
d.timeseries("Interval values of the selected runs (InfluxDB)", "Every interval value of the selected runs from InfluxDB "
             "(tag run), averaged per time bucket; one line per tool, metric, device, environment and instance. Values are "
             "in the SI unit the metric names; a *_total field is the running count since the run started (its "
             "difference between two points is the count in between).",
             "short", [flux(FLUX_FROM +
                            '  |> filter(fn: (r) => r.phase == "interval" and r._measurement =~ /^${tool:regex}$/'
                            ' and r._measurement != "devhealth")\n'
                            '  |> aggregateWindow(every: v.windowPeriod, fn: mean, createEmpty: false)')])

write(d, "live-run.json")
