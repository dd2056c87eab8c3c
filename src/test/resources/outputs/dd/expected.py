#!/usr/bin/env python3
"""Writes <case>.expected.json for every dd fixture from the raw text alone.

An independent reference for the test-only DdParser (see README.md): its own regular expressions
over dd's statistics lines. The values need no conversion (dd prints bytes and seconds); the rate
is bytes / seconds, not the rounded rate dd prints. Lines are decoded as UTF-8 with replacement
and split on '\\n', as the golden test does. Usage: python3 expected.py  (run in this directory)
"""
import glob, json, re

RECORDS = re.compile(r'\d+\+\d+ records (in|out)')
COPIED = re.compile(r'(\d+) bytes? (\([^)]*\) )?copied, ([0-9]+(?:\.[0-9]+)?(?:e[-+][0-9]+)?) s(econds)?, .*')

for path in sorted(glob.glob('*.txt')):
    case = path[:-4]
    lines = open(path, 'rb').read().decode('utf-8', errors='replace').split('\n')
    if lines and lines[-1] == '':
        lines.pop()
    ms, unparsed, failed = [], 0, False
    for raw in lines:
        t = (raw[:-1] if raw.endswith('\r') else raw).strip()
        m = COPIED.fullmatch(t)
        if not t or RECORDS.fullmatch(t):
            continue
        if t.startswith('dd: '):
            failed = True
        elif m:
            if failed:
                continue
            nbytes, seconds = float(m.group(1)), float(m.group(3))
            values = [('copied_bytes', nbytes, 'bytes'), ('copy_time_seconds', seconds, 'seconds')]
            if seconds > 0:
                values.append(('copy_throughput_bytes_per_second', nbytes / seconds, 'bytes_per_second'))
            for metric, value, unit in values:
                ms.append({'benchmark': 'copy', 'metric': metric, 'value': value, 'unit': unit,
                           'phase': 'final', 'labels': {}})
        else:
            unparsed += 1
    with open(case + '.expected.json', 'w', encoding='utf-8') as f:
        f.write('{"tool": "dd",\n "measurements": [\n')
        f.write(',\n'.join('  ' + json.dumps(m) for m in ms))
        f.write('\n ],\n "unparsed": %d, "runFailed": %s}\n' % (unparsed, 'true' if failed else 'false'))
    print('%-30s %2d measurements, unparsed=%d, runFailed=%s' % (case, len(ms), unparsed, failed))
