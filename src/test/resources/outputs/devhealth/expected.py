#!/usr/bin/env python3
"""Writes <case>.expected.json for every devhealth fixture from the raw text alone.

An independent reference for the Java DevHealthParser (see README.md): it re-implements the
line format of docs/mqtt-contract.md ("Device health") with its own table and regular
expressions. Values are already in SI units, so no conversion happens; a value is the decimal
text read with Python's float. Usage: python3 expected.py  (run in this directory)
"""
import glob, json, math, re

# metric -> (unit, the one label it requires or None)
METRICS = {
    'cpu_utilization_ratio': ('ratio', None),
    'load_average': ('count', 'window'),
    'memory_available_bytes': ('bytes', None),
    'memory_total_bytes': ('bytes', None),
    'temperature_celsius': ('celsius', 'zone'),
    'cpu_frequency_hertz': ('hertz', 'cpu'),
    'throttled_flags': ('count', None),
    'network_receive_bytes_total': ('bytes', 'interface'),
    'network_transmit_bytes_total': ('bytes', 'interface'),
    'container_cpu_seconds_total': ('seconds', None),
    'container_memory_usage_bytes': ('bytes', None),
}
NUMBER = re.compile(r'-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,4})?')
VALUE = {'window': re.compile(r'1m|5m|15m')}
NAME_VALUE = re.compile(r'[A-Za-z0-9_.:@-]{1,32}')


def sample(line):
    """The measurement of one line, None for a comment or blank line, 'refused' otherwise."""
    if len(line) > 256:
        return 'refused'
    t = line.strip()
    if not t or t.startswith('#'):
        return None
    tok = re.split(r'[ \t]+', t)
    if len(tok) < 2 or tok[0] not in METRICS or not NUMBER.fullmatch(tok[1]):
        return 'refused'
    unit, label = METRICS[tok[0]]
    value = float(tok[1])
    if not math.isfinite(value) or value < 0 or (unit == 'ratio' and value > 1):
        return 'refused'
    labels = {}
    for kv in tok[2:]:
        name, eq, val = kv.partition('=')
        if not eq or name != label or labels or not VALUE.get(name, NAME_VALUE).fullmatch(val):
            return 'refused'
        labels[name] = val
    if label and not labels:
        return 'refused'
    return {'benchmark': 'health', 'metric': tok[0], 'value': value + 0.0, 'unit': unit,
            'phase': 'interval', 'labels': labels}


for path in sorted(glob.glob('*.txt')):
    case = path[:-4]
    lines = open(path, 'rb').read().decode('utf-8', errors='replace').split('\n')
    if lines and lines[-1] == '':
        lines.pop()
    ms, unparsed = [], 0
    for raw in lines:
        s = sample(raw[:-1] if raw.endswith('\r') else raw)
        if s == 'refused':
            unparsed += 1
        elif s:
            ms.append(s)
    with open(case + '.expected.json', 'w', encoding='utf-8') as f:
        f.write('{"tool": "devhealth",\n "measurements": [\n')
        f.write(',\n'.join('  ' + json.dumps(m) for m in ms))
        f.write('\n ],\n "unparsed": %d, "runFailed": false}\n' % unparsed)
    print('%-45s %3d measurements, unparsed=%d' % (case, len(ms), unparsed))
