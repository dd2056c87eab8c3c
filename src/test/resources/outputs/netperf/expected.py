#!/usr/bin/env python3
"""Writes <case>.expected.json for every netperf fixture from the raw text alone.

An independent reference for the Java NetperfParser (see README.md). Conversions: 10^Nbits/sec
x 10^N / 8 bytes/s (K/M/GBytes would be 2^10/2^20/2^30 bytes/s; none in these fixtures), CPU
percent / 100, round-trip latency = 1 / transaction rate. Usage: python3 expected.py
"""
import glob, json, re
from decimal import Decimal

CMD = {}
for line in open('commands.tsv', encoding='utf-8'):
    if line.strip() and not line.startswith('#'):
        case, cmd = line.rstrip('\n').split('\t', 1)
        CMD[case] = cmd
UNPARSED = {'netperf_udp_stream_doc_garbage': 3}
NAMES = {'TCP STREAM': 'tcp_stream', 'TCP MAERTS': 'tcp_maerts', 'TCP SENDFILE': 'tcp_sendfile',
         'UDP UNIDIRECTIONAL SEND': 'udp_stream', 'TCP REQUEST/RESPONSE': 'tcp_rr',
         'UDP REQUEST/RESPONSE': 'udp_rr', 'OMNI': 'omni'}
FAIL = re.compile(r'establish control: .*|.*Connection refused.*|.*data (send|recv) error: .*|alloc_sendfile_buf_ring: specified file too small\.')


# -O column names (header words of a column, top to bottom) to their -k keys
HUMAN = {'Throughput': 'THROUGHPUT', 'Throughput Units': 'THROUGHPUT_UNITS',
         'Transaction Rate Tran/s': 'TRANSACTION_RATE',
         'Minimum Latency Microseconds': 'MIN_LATENCY', 'Mean Latency Microseconds': 'MEAN_LATENCY',
         'Maximum Latency Microseconds': 'MAX_LATENCY',
         '99th Percentile Latency Microseconds': 'P99_LATENCY'}
STATS = [('MIN_LATENCY', 'min'), ('MEAN_LATENCY', 'mean'), ('MAX_LATENCY', 'max'),
         ('P50_LATENCY', 'p50'), ('P90_LATENCY', 'p90'), ('P99_LATENCY', 'p99')]


def human_block(lines):
    """The -O block: the value line is the first line starting with a digit after a line
    containing 'Microseconds' or 'Units'; the header lines are the non-blank lines between the
    banner and it. Each header line is cut at the value tokens' start columns."""
    for i, raw in enumerate(lines):
        if raw[:1].isdigit() and any(('Microseconds' in h or 'Units' in h) for h in lines[max(0, i - 4):i]):
            heads = [h for h in lines[max(0, i - 4):i] if h.strip() and ' TEST from ' not in h]
            starts = [m.start() for m in re.finditer(r'\S+', raw)]
            values = raw.split()
            kv = {}
            for c, v in enumerate(values):
                end = starts[c + 1] if c + 1 < len(starts) else None
                name = ' '.join(h[starts[c]:end].strip() for h in heads if h[starts[c]:end].strip())
                if name in HUMAN:
                    kv[HUMAN[name]] = v
            return kv, i
    return None, None


def parse(lines, bench):
    out, finals, failed = [], set(), False
    name = bench
    kind, exp, udp_rows, kv, cols = None, 6, 0, {}, None

    def emit(metric, value, unit, **labels):
        key = (metric, tuple(sorted(labels.items())))
        if failed or key in finals:
            return
        finals.add(key)
        out.append({'benchmark': name or 'unknown', 'metric': metric, 'value': value, 'unit': unit, 'phase': 'final', 'labels': labels})

    def rr(rate):
        emit('transactions_per_second', rate, 'per_second')
        if rate > 0:
            emit('round_trip_latency_seconds', 1.0 / rate, 'seconds')

    human, value_at = human_block(lines)
    if human:
        kv.update(human)
        lines = [l for n, l in enumerate(lines) if n == 0 and ' TEST from ' in l]
    for raw in lines:
        t = raw.strip()
        if failed or not t:
            continue
        if FAIL.fullmatch(t):
            failed = True
            continue
        m = re.fullmatch(r'(?:MIGRATED )?(.+?) TEST from .*', t)
        if m:
            if name is None:
                name = NAMES[m.group(1)]
            continue
        if (m := re.fullmatch(r'([A-Z_]+)=(.*)', t)):
            kv[m.group(1)] = m.group(2)
            continue
        if ',' in t:
            if cols is None:
                cols = [c.strip() for c in t.split(',')]
            else:
                kv.update({{'Throughput': 'THROUGHPUT', 'Throughput Units': 'THROUGHPUT_UNITS'}.get(c, c): v for c, v in zip(cols, t.split(','))})
            continue
        if 'Trans.' in t or 'per sec' in t:
            kind = 'rr'
        elif 'Messages' in t:
            kind = 'udp'
        if (m := re.search(r'10\^(\d)bits/s', t)) and t.startswith('bytes'):
            exp = int(m.group(1))
        f = t.split()
        if not all(re.fullmatch(r'[0-9.]+', x) for x in f) or len(f) == 2:
            continue
        if kind is None and len(f) in (5, 9):
            kind = 'stream'
        if name is None and kind == 'stream':
            name = 'tcp_stream'
        if kind == 'stream':
            emit('throughput_bytes_per_second', float(Decimal(f[4]).scaleb(exp) / 8), 'bytes_per_second')
            if len(f) == 9:
                emit('cpu_utilization_ratio', float(Decimal(f[5]) / 100), 'ratio', side='local')
                emit('cpu_utilization_ratio', float(Decimal(f[6]) / 100), 'ratio', side='remote')
        elif kind == 'udp':
            d = 'sender' if udp_rows == 0 else 'receiver'
            udp_rows += 1
            emit('throughput_bytes_per_second', float(Decimal(f[5] if d == 'sender' else f[3]).scaleb(exp) / 8), 'bytes_per_second', direction=d)
        elif kind == 'rr':
            rr(float(f[5]))
            if len(f) == 10:
                emit('cpu_utilization_ratio', float(Decimal(f[6]) / 100), 'ratio', side='local')
                emit('cpu_utilization_ratio', float(Decimal(f[7]) / 100), 'ratio', side='remote')
    if kv and not failed:
        if kv.get('THROUGHPUT_UNITS') == 'Trans/s':
            rr(float(kv['THROUGHPUT']))
        elif (m := re.fullmatch(r'10\^(\d)bits/s', kv.get('THROUGHPUT_UNITS', ''))):
            emit('throughput_bytes_per_second', float(Decimal(kv['THROUGHPUT']).scaleb(int(m.group(1))) / 8), 'bytes_per_second')
        if 'TRANSACTION_RATE' in kv:
            rr(float(kv['TRANSACTION_RATE']))
        for key, stat in STATS:
            if key in kv:
                emit('latency_seconds', float(Decimal(kv[key]).scaleb(-6)), 'seconds', stat=stat)
    return out, failed


for path in sorted(glob.glob('*.txt')):
    case = path[:-4]
    lines = open(path, 'rb').read().decode('utf-8', errors='replace').split('\n')
    if lines and lines[-1] == '':
        lines.pop()
    cmd = CMD.get(case)
    bench = None
    if cmd and (m := re.search(r'\s-t\s+(\S+)', cmd.split(' -- ')[0])):
        bench = m.group(1).lower()
    ms, failed = parse(lines, bench)
    unparsed = UNPARSED.get(case, 0)
    with open(case + '.expected.json', 'w', encoding='utf-8') as f:
        f.write('{"tool": "netperf",' + (' "commandLine": %s,' % json.dumps(cmd) if cmd else '') + '\n "measurements": [\n')
        f.write(',\n'.join('  ' + json.dumps(m) for m in ms))
        f.write('\n ],\n "unparsed": %d, "runFailed": %s}\n' % (unparsed, 'true' if failed else 'false'))
    print('%-40s %3d measurements, unparsed=%d, failed=%s, bench=%s' % (case, len(ms), unparsed, failed, ms[0]['benchmark'] if ms else '-'))
