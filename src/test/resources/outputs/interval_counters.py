"""Shared by the expected.py readers of tools that print per-interval counts (iperf, iperf3,
nuttcp, perf, sysbench); each reader says why its tool's interval values are per interval.

A metric named *_total is a Prometheus counter, so its interval series must be the count since
the stream started: each interval measurement of such a metric becomes the sum of the interval
values so far of the same benchmark, metric and labels. Final values stay as printed.
"""


def as_counters(ms):
    so_far = {}
    for m in ms:
        if m['phase'] == 'interval' and m['metric'].endswith('_total'):
            key = (m['benchmark'], m['metric'], tuple(sorted(m['labels'].items())))
            so_far[key] = so_far.get(key, 0) + m['value']
            m['value'] = so_far[key]
    return ms
