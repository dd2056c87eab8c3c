#!/usr/bin/env python3
"""Writes <case>.expected.json for every netperf fixture from the raw text alone.

An independent reference for the Java NetperfParser (see README.md). Conversions: 10^Nbits/sec
x 10^N / 8 bytes/s, KBytes/MBytes/GBytes x 2^10/2^20/2^30 bytes/s, CPU percent / 100, round-trip
latency = 1 / transaction rate, omni latencies microseconds x 1e-6. Usage: python3 expected.py
"""
import glob, json, re
from decimal import Decimal

CMD = {}
for line in open('commands.tsv', encoding='utf-8'):
    if line.strip() and not line.startswith('#'):
        case, cmd = line.rstrip('\n').split('\t', 1)
        CMD[case] = cmd
UNPARSED = {'netperf_udp_stream_doc_garbage': 3}
NAMES = {'TCP STREAM': 'tcp_stream', 'UDP STREAM': 'udp_stream', 'TCP Connect/Request/Response': 'tcp_crr', 'TCP MAERTS': 'tcp_maerts', 'TCP SENDFILE': 'tcp_sendfile',
         'UDP UNIDIRECTIONAL SEND': 'udp_stream', 'TCP REQUEST/RESPONSE': 'tcp_rr',
         'UDP REQUEST/RESPONSE': 'udp_rr', 'OMNI': 'omni'}
FAIL = re.compile(r'establish control: .*|.*Connection refused.*|.*data (send|recv) error: .*|alloc_sendfile_buf_ring: specified file too small\.')


# -O column names (header words of a column, top to bottom) to their -k keys
HUMAN = {'Throughput': 'THROUGHPUT', 'Throughput Units': 'THROUGHPUT_UNITS',
         'Transaction Rate Tran/s': 'TRANSACTION_RATE',
         'Minimum Latency Microseconds': 'MIN_LATENCY', 'Mean Latency Microseconds': 'MEAN_LATENCY',
         'Maximum Latency Microseconds': 'MAX_LATENCY',
         '90th Percentile Latency Microseconds': 'P90_LATENCY',
         '99th Percentile Latency Microseconds': 'P99_LATENCY'}
# -o CSV header names to their -k keys (netperf prints the same names as the -O words, one line)
CSV = dict(HUMAN, **{'Round Trip Latency usec/tran': 'RT_LATENCY', '50th Percentile Latency Microseconds': 'P50_LATENCY',
                     'Local CPU Util %': 'LOCAL_CPU_UTIL', 'Remote CPU Util %': 'REMOTE_CPU_UTIL'})
# Bits per printed throughput unit (-f b k m g B K M G): 10^N bits, or 2^(10 N) bytes
BITS = {'10^0bits': Decimal(1), '10^3bits': Decimal(10) ** 3, '10^6bits': Decimal(10) ** 6, '10^9bits': Decimal(10) ** 9,
        'Bytes': Decimal(8), 'KBytes': Decimal(8 * 2 ** 10), 'MBytes': Decimal(8 * 2 ** 20), 'GBytes': Decimal(8 * 2 ** 30)}
FORMAT = {'b': '10^0bits', 'k': '10^3bits', 'm': '10^6bits', 'g': '10^9bits', 'B': 'Bytes', 'K': 'KBytes', 'M': 'MBytes', 'G': 'GBytes'}


def bytes_per_second(text, unit):
    return float(Decimal(text) * BITS[unit] / 8)
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


def parse(lines, bench, cmd):
    out, finals, failed = [], set(), False
    name = bench
    # the throughput unit: the table header's, else -f of the command line, else 10^6 bits
    fmt = re.search(r'\s-f\s*(\S)', (cmd or '').split(' -- ')[0])
    unit = FORMAT[fmt.group(1)] if fmt else '10^6bits'
    # a headerless -o value line (-P 0) is named by the command line's -o selectors
    sel = re.search(r'(?:^|\s)-o\s+"?([A-Za-z0-9_,]+)', (cmd or '').split(' -- ', 1)[1] if ' -- ' in (cmd or '') else '')
    selectors = [x.upper() for x in sel.group(1).split(',')] if sel else None
    kind, udp_rows, kv, cols, verbose = None, 0, {}, None, False

    def emit(metric, value, unit, phase='final', **labels):
        key = (metric, tuple(sorted(labels.items())))
        if failed or (phase == 'final' and key in finals):
            return
        if phase == 'final':
            finals.add(key)
        out.append({'benchmark': name or 'unknown', 'metric': metric, 'value': value, 'unit': unit, 'phase': phase, 'labels': labels})

    def cpu(text, side):
        # -c without -C (or -C without -c) prints -1.00 for the side not measured
        if not text.startswith('-'):
            emit('cpu_utilization_ratio', float(Decimal(text) / 100), 'ratio', side=side)

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
        # -D: 'Interim result: 9605.00 10^6bits/s over 0.334 seconds ending at ...'
        if (m := re.fullmatch(r'Interim result: +([0-9.]+) (\S+)/s over [0-9.]+ seconds ending at [0-9.]+', t)):
            if m.group(2) == 'Trans':
                emit('transactions_per_second', float(m.group(1)), 'per_second', 'interval')
            else:
                emit('throughput_bytes_per_second', bytes_per_second(m.group(1), m.group(2)), 'bytes_per_second', 'interval')
            continue
        if ',' in t:
            fields = [c.strip() for c in t.split(',')]
            if cols is None and selectors and len(fields) == len(selectors) and re.fullmatch(r'[0-9.]+', fields[0]):
                kv.update(zip(selectors, fields))
            elif cols is None:
                cols = fields
            else:
                kv.update({CSV.get(c, c): v for c, v in zip(cols, fields)})
            continue
        # -v 2: tables after the result (alignments and offsets; an RR test's round trip latency
        # and outbound/inbound throughput, a stream test's bytes per send/recv; the maximum
        # segment size): each runs from its 'Alignment' or 'Maximum' line to its row of numbers.
        # They repeat the result in other units or describe the setup: not read
        if t.startswith('Alignment') or t == 'Maximum':
            verbose = True
        if verbose:
            verbose = not all(re.fullmatch(r'[0-9.]+', x) for x in t.split())
            continue
        if 'Trans.' in t or 'per sec' in t:
            kind = 'rr'
        elif 'Messages' in t:
            kind = 'udp'
        if (m := re.search(r'(10\^\dbits|[KMG]?Bytes)/s', t)) and t.startswith('bytes'):
            unit = m.group(1)
        f = t.split()
        if not all(re.fullmatch(r'-?[0-9.]+', x) for x in f) or len(f) == 2:
            continue
        if kind is None and len(f) in (5, 9):
            kind = 'stream'
        if name is None and kind == 'stream':
            name = 'tcp_stream'
        if kind == 'stream':
            emit('throughput_bytes_per_second', bytes_per_second(f[4], unit), 'bytes_per_second')
            if len(f) == 9:
                cpu(f[5], 'local')
                cpu(f[6], 'remote')
        elif kind == 'udp':
            # sender row: size, message size, time, okay, errors, throughput[, local CPU %, demand];
            # receiver row: size, time, okay, throughput[, remote CPU %, demand]
            d = 'sender' if udp_rows == 0 else 'receiver'
            udp_rows += 1
            at = 5 if d == 'sender' else 3
            emit('throughput_bytes_per_second', bytes_per_second(f[at], unit), 'bytes_per_second', direction=d)
            if len(f) == at + 3:
                cpu(f[at + 1], 'local' if d == 'sender' else 'remote')
        elif kind == 'rr':
            rr(float(f[5]))
            if len(f) == 10:
                cpu(f[6], 'local')
                cpu(f[7], 'remote')
    if kv and not failed:
        if kv.get('THROUGHPUT_UNITS') == 'Trans/s':
            rr(float(kv['THROUGHPUT']))
        elif (m := re.fullmatch(r'(10\^\dbits|[KMG]?Bytes)/s', kv.get('THROUGHPUT_UNITS', ''))):
            emit('throughput_bytes_per_second', bytes_per_second(kv['THROUGHPUT'], m.group(1)), 'bytes_per_second')
        if 'TRANSACTION_RATE' in kv:
            rr(float(kv['TRANSACTION_RATE']))
        for key, side in (('LOCAL_CPU_UTIL', 'local'), ('REMOTE_CPU_UTIL', 'remote')):
            if key in kv:
                cpu(kv[key], side)
        for key, stat in STATS:
            if key in kv:
                emit('latency_seconds', float(Decimal(kv[key]).scaleb(-6)), 'seconds', stat=stat)
        if 'RT_LATENCY' in kv:
            # microseconds per transaction; the 1 / rate above, when there was a rate, comes first
            emit('round_trip_latency_seconds', float(Decimal(kv['RT_LATENCY']).scaleb(-6)), 'seconds')
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
    ms, failed = parse(lines, bench, cmd)
    unparsed = UNPARSED.get(case, 0)
    with open(case + '.expected.json', 'w', encoding='utf-8') as f:
        f.write('{"tool": "netperf",' + (' "commandLine": %s,' % json.dumps(cmd) if cmd else '') + '\n "measurements": [\n')
        f.write(',\n'.join('  ' + json.dumps(m) for m in ms))
        f.write('\n ],\n "unparsed": %d, "runFailed": %s}\n' % (unparsed, 'true' if failed else 'false'))
    print('%-40s %3d measurements, unparsed=%d, failed=%s, bench=%s' % (case, len(ms), unparsed, failed, ms[0]['benchmark'] if ms else '-'))
