#!/usr/bin/env python3
"""Writes grafana/dashboards/overhead.json: containers vs native (run: python3 grafana/build/overhead.py)

Like the figures and tables of Noronha et al.: headline values of native, veth and macvlan runs
(Figs 2-10), the %change against native by network driver and number of parallel instances, and
STREAM per operation (Tables C and D), from the analyzer's benchtap_change_ratio /
benchtap_overhead_ratio series and their confidence bounds.
"""
from dashlib import Dashboard, FLUX_FROM, SEL, SEL_CELL, flux, prom, write

HIDE = {"Time": True, "__name__": True, "job": True, "phase": True, "instance": True}
PCT_BY_NET = ("Bars per network driver, grouped by the number of parallel instances; (container - native) / native of the "
              "means, so for rates a negative value is a loss and for times a positive one. Select one device and tool: "
              "cells of several are averaged.")


def change_by_net(title, metric, extra=""):
    q = "avg by (net, instances) (benchtap_change_ratio{%s,metric=\"%s\"%s})" % (SEL_CELL, metric, extra)
    d.barchart(title, "%%change of %s%s against native. %s" % (metric, extra.replace('"', "'"), PCT_BY_NET),
               "percentunit", [prom(q, instant=True, table=True)], w=8,
               transformations=[{"id": "groupingToMatrix",
                                 "options": {"columnField": "net", "rowField": "instances", "valueField": "Value"}}])


def bounds_table(title, description, ratio, extra=""):
    """ratio, its lower and upper bound and the significance flag of every cell, one row per cell."""
    targets = [prom("benchtap_%s%s{%s%s}" % (ratio, suffix, SEL_CELL, extra), instant=True, table=True)
               for suffix in ("", "_lower", "_upper")]
    targets.append(prom("benchtap_overhead_significant{%s%s}" % (SEL_CELL, extra), instant=True, table=True))
    targets.append(prom("benchtap_change_noise_ratio{%s%s}" % (SEL_CELL, extra), instant=True, table=True))
    names = {"Value #A": ratio.replace("_ratio", ""), "Value #B": "lower bound", "Value #C": "upper bound",
             "Value #D": "significant", "Value #E": "noise (cv)"}
    d.table(title, description, "percentunit", targets, w=24, h=10,
            transformations=[{"id": "merge", "options": {}},
                             {"id": "organize", "options": {"excludeByName": HIDE, "renameByName": names}}],
            overrides=[{"matcher": {"id": "byName", "options": "significant"},
                        "properties": [{"id": "unit", "value": "none"},
                                       {"id": "mappings", "value": [{"type": "value", "options": {
                                           "0": {"text": "no", "color": "text"}, "1": {"text": "yes", "color": "red"}}}]},
                                       {"id": "custom.cellOptions", "value": {"type": "color-text"}}]}])


d = Dashboard("benchtap-overhead", "benchtap / Container overhead",
              "Native vs LXC over veth and macvlan: headline results, %change against the native baseline by network "
              "driver and instance count (the paper's Figs 2-10), STREAM per operation (Tables C and D) and the overhead "
              "of every cell with its confidence bounds and significance.", refresh="1m", time_from="now-24h")

# Headline results: latest final values by env and net.
LATEST = "Latest final values (phase final) of the selection, mean over the parallel instances of the last run, by " \
         "environment and network driver (native runs have net host)."
# Rates add up over a run's parallel instances (analyze/Aggregate, as report and /api/overhead): summed per device, then
# averaged over the selected devices.
SUMMED = "Latest final values (phase final) of the selection, summed over the parallel instances of the last run (the " \
         "aggregate of a rate, as in benchtap report and /api/overhead), averaged over the selected devices, by " \
         "environment and network driver (native runs have net host)."


def summed(metric, by):
    return 'avg by (%s) (sum by (device, %s) (benchtap_%s{%s,phase="final"}))' % (by, by, metric, SEL)

d.bargauge("sysbench events/s", SUMMED, "ops",
           [prom(summed("events_per_second", "env, net, tool, benchmark"),
                 "{{tool}} {{benchmark}} {{env}}/{{net}}", instant=True)], w=8)
d.bargauge("Total time", LATEST + " Lower is better.", "s",
           [prom('avg by (env, net, tool, benchmark) (benchtap_total_time_seconds{%s,phase="final"})' % SEL,
                 "{{tool}} {{benchmark}} {{env}}/{{net}}", instant=True)], w=8)
d.bargauge("Network throughput (sum of instances)", "Latest final receiver throughput, summed over the parallel "
           "instances (aggregate bandwidth; per-stream lines of -P runs left out), by environment and network driver.",
           "bps", [prom('8 * sum by (env, net, tool) (benchtap_throughput_bytes_per_second{%s,phase="final",'
                        'direction="receiver",stream=""})' % SEL, "{{tool}} {{env}}/{{net}}", instant=True)], w=8)
d.bargauge("STREAM bandwidth", SUMMED + " One bar per benchmark (stream, stream2) and operation.", "Bps",
           [prom(summed("memory_bandwidth_bytes_per_second", "env, net, tool, benchmark, op"),
                 "{{benchmark}} {{op}} {{env}}/{{net}}", instant=True)], w=8)
d.bargauge("HPL / Linpack FLOP/s", SUMMED, "flops",
           [prom(summed("flops_per_second", "env, net, tool, benchmark"),
                 "{{tool}} {{benchmark}} {{env}}/{{net}}", instant=True)], w=8)
d.bargauge("Round-trip latency", LATEST + " netperf request/response tests. Lower is better.", "s",
           [prom('avg by (env, net, tool, benchmark) (benchtap_round_trip_latency_seconds{%s,phase="final"})' % SEL,
                 "{{tool}} {{benchmark}} {{env}}/{{net}}", instant=True)], w=8)

# %change by net over instance counts.
change_by_net("sysbench events/s: %change by net and instances", "events_per_second")
change_by_net("Total time: %change by net and instances", "total_time_seconds")
change_by_net("Network throughput: %change by net and instances", "throughput_bytes_per_second",
              ',direction="receiver",stream=""')
change_by_net("STREAM triad: %change by net and instances", "memory_bandwidth_bytes_per_second", ',op="triad"')
change_by_net("FLOP/s: %change by net and instances", "flops_per_second")
change_by_net("Round-trip latency: %change by net and instances", "round_trip_latency_seconds")

# STREAM tables.
d.table("STREAM bandwidth by operation (Tables C and D)", "Latest final STREAM bandwidth summed over the instances of "
        "the last run, one row per benchmark and operation (stream: Table C, stream2: Table D) and one column per "
        "environment/network driver. Select one device. The paper's exact tables: benchtap report --paper DIR.",
        "Bps", [prom('sum by (benchmark_op, envnet) (label_join(label_join(benchtap_memory_bandwidth_bytes_per_second'
                     '{%s,phase="final"}, "envnet", "/", "env", "net"), "benchmark_op", " ", "benchmark", "op"))' % SEL,
                     instant=True, table=True)], w=24, h=7,
        transformations=[{"id": "groupingToMatrix", "options": {"columnField": "envnet", "rowField": "benchmark_op",
                                                               "valueField": "Value"}}])
bounds_table("STREAM and STREAM2 %change against native with bounds",
             "%change of each STREAM operation's bandwidth against native, per device, network driver and instance "
             "count, with the lower and upper bound of the ratio's interval (at the level that matches the "
             "false-discovery control) and whether the change is significant (Welch, Benjamini-Hochberg, enough "
             "repetitions), and the noise.", "change_ratio", ',metric="memory_bandwidth_bytes_per_second"')

# Overhead of every cell.
d.stat("Cells compared", "Container cells of the selection that have a native baseline.",
       "none", [prom("count(benchtap_overhead_significant{%s})" % SEL_CELL, "cells")])
d.stat("Significant differences", "Cells where Welch's t-test says container and native differ (either way).",
       "none", [prom("sum(benchtap_overhead_significant{%s})" % SEL_CELL, "significant")])
d.stat("Significant overhead above 5 %", "Cells worse than native by more than 5 % and significant: what the "
       "ContainerOverheadHigh alert fires for.",
       "none", [prom("count(benchtap_overhead_ratio{%s} > 0.05 and benchtap_overhead_significant{%s} == 1) or vector(0)"
                     % (SEL_CELL, SEL_CELL), "cells")],
       field={"thresholds": {"mode": "absolute", "steps": [{"color": "green", "value": None}, {"color": "red", "value": 1}]}})
d.stat("Largest overhead", "The largest overhead of the selection (positive = the container is worse).",
       "percentunit", [prom("max(benchtap_overhead_ratio{%s})" % SEL_CELL, "max")])
bounds_table("Overhead of every cell with bounds", "Overhead (positive = the container is worse, whichever way the metric "
             "is better) of every container cell against native, with its lower and upper confidence bound and the "
             "significance flag.", "overhead_ratio")
d.timeseries("Overhead over time with bounds", "Overhead of each cell as the analyzer recomputes it (solid), with its "
             "lower and upper bound (dashed).",
             "percentunit", [prom("benchtap_overhead_ratio{%s}" % SEL_CELL,
                                  "{{tool}} {{metric}} {{op}}{{stat}} {{env}}/{{net}} x{{instances}}"),
                             prom("benchtap_overhead_ratio_lower{%s}" % SEL_CELL,
                                  "lower {{tool}} {{metric}} {{op}}{{stat}} {{env}}/{{net}} x{{instances}}"),
                             prom("benchtap_overhead_ratio_upper{%s}" % SEL_CELL,
                                  "upper {{tool}} {{metric}} {{op}}{{stat}} {{env}}/{{net}} x{{instances}}")],
             w=24, h=10,
             overrides=[{"matcher": {"id": "byFrameRefID", "options": ref},
                         "properties": [{"id": "custom.lineStyle", "value": {"fill": "dash", "dash": [10, 10]}}]}
                        for ref in ("B", "C")])

# InfluxDB: means by instance count per run (Prometheus series do not carry the instance count).
d.table("Final means by instance count (InfluxDB)", "Per run of the selection: the headline final values (sysbench "
        "events/s and total time, receiver throughput, STREAM triad, FLOP/s, round-trip latency) averaged over the run's "
        "instances, with the number of instances that reported. Values are in the SI unit the metric names.",
        "short", [flux('import "join"\n\n'
                       'data = ' + FLUX_FROM +
                       '  |> filter(fn: (r) => r.phase == "final" and r._measurement =~ /^${tool:regex}$/)\n'
                       '  |> filter(fn: (r) => r._field == "events_per_second" or r._field == "total_time_seconds"'
                       ' or r._field == "flops_per_second" or r._field == "round_trip_latency_seconds"'
                       ' or (r._field == "memory_bandwidth_bytes_per_second" and r.op == "triad")'
                       ' or (r._field == "throughput_bytes_per_second" and r.direction == "receiver" and not exists r.stream))\n'
                       '  |> group(columns: ["_measurement", "_field", "device", "env", "net", "run"])\n'
                       'means = data |> mean()\n'
                       'counts = data |> distinct(column: "instance") |> count()\n'
                       'join.inner(left: means, right: counts,\n'
                       '    on: (l, r) => l._measurement == r._measurement and l._field == r._field and l.device == r.device'
                       ' and l.env == r.env and l.net == r.net and l.run == r.run,\n'
                       '    as: (l, r) => ({l with mean: l._value, instances: r._value}))\n'
                       '  |> group()\n'
                       '  |> keep(columns: ["device", "env", "net", "run", "_measurement", "_field", "instances", "mean"])\n'
                       '  |> sort(columns: ["_measurement", "_field", "device", "instances", "env", "net"])')],
        w=24, h=10)

write(d, "overhead.json")
