#!/usr/bin/env python3
"""Writes <case>.expected.json for every iperf 2 fixture from the raw text alone.

An independent reference for the Java parser (see README.md): its own regular expressions and
the README's rules - Bytes prefixes x 1024^n, bits/sec prefixes x 1000^n (Decimal arithmetic), throughput bits / 8 to bytes,
ms / 1000, lost / total; a stream's line starting after 0 is an interval, a 0-start line after
other lines of the same stream is the summary, the first 0-start line is an interval if the
command line has -i, the summary if a command line without -i is given, otherwise it waits for
the stream's next line (interval if one follows, summary at the end of the output or before a
failure line). Usage: python3 expected.py  (run in this directory)
"""
import glob, json, re, sys
from decimal import Decimal

CMD = {}
for line in open('commands.tsv', encoding='utf-8'):
    if line.strip() and not line.startswith('#'):
        case, cmd = line.rstrip('\n').split('\t', 1)
        CMD[case] = cmd

DATA = re.compile(r'\[\s*(\*?)\s*(\d+|SUM(?:-\d+)?)\]\s+(\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)\s+sec\s+(\S+)\s+(\S*Bytes)\s+(\S+)\s+(\S*bits/sec|\S*Bytes/sec)\s*(.*)')
CONNECT = re.compile(r'\[\s*(\*?)\s*(\d+)\] local \S+ port \d+ connected with \S+ port \d+(.*)')
PFX = ['', 'K', 'M', 'G', 'T', 'P']
KNOWN = [r'-{10,}', r'(TCP window size|UDP buffer size|Write buffer size|Read buffer size|TOS set to|Sending \d+ byte datagrams).*',
         r'\[ ID\] Interval\s.*', r'\[\s*(\*?\s*\d+|SUM(-\d+)?)\] Sent \d+ datagrams', r'\[ CT\] .*',
         r'\[.*\]\s+\S+\s*-\s*\S+ sec\s+\d+ datagrams received out-of-order', r'Waiting for server threads to complete\..*',
         r'(\[\s*\*?\s*\d+\] )?WARNING: .*']


def parse(lines, bench, intervals):
    ms, finals = [], set()
    st = {'failed': False, 'role': None, 'primary': None, 'udp': False, 'conn': 0, 'bench': bench or 'unknown'}
    dirs, unassigned, reports, seen, pending = {}, [], set(), set(), {}
    order = {}  # connection direction -> connection ids in order of first appearance (stream = 1..P)
    unparsed = 0

    def emit(metric, value, unit, phase, lab):
        if st['failed'] or value is None or value < 0:
            return
        key = (metric, tuple(sorted(lab.items())))
        if phase == 'final':
            if key in finals:
                return
            finals.add(key)
        ms.append({'benchmark': st['bench'], 'metric': metric, 'value': value, 'unit': unit, 'phase': phase, 'labels': dict(lab)})

    def out(rec, phase):
        lab, rate, nbytes, rest = rec
        emit('throughput_bytes_per_second', None if rate is None else rate / 8, 'bytes_per_second', phase, lab)
        emit('transferred_bytes', nbytes, 'bytes', phase, lab)
        if (m := re.fullmatch(r'(?:(\S+) ms\s+)?(\d+)/\s*(\d+)\s+\((\S+)%\).*', rest)):
            lost, total = float(m.group(2)), float(m.group(3))
            if m.group(1):
                emit('jitter_seconds', float(Decimal(m.group(1)) / 1000), 'seconds', phase, lab)
            emit('datagrams_lost_total', lost, 'count', phase, lab)
            emit('datagrams_total', total, 'count', phase, lab)
            if total > 0:
                emit('datagrams_lost_ratio', lost / total, 'ratio', phase, lab)
        elif not st['udp'] and not rest.endswith('pps') and (m := re.fullmatch(r'\d+/\d+\s+(\d+)(?:\s+.*)?', rest)):
            emit('retransmits_total', float(m.group(1)), 'count', phase, lab)

    def direction(reverse):
        if st['role'] is None:
            return None
        flip = reverse and st['role'] == st['primary']
        return 'sender' if (st['role'] == 'client') != flip else 'receiver'

    for raw in lines:
        t = raw.strip()
        if not t:
            continue
        if (m := DATA.fullmatch(t)):
            ident = m.group(2)
            is_sum = ident.startswith('SUM')
            report = not is_sum and ident in reports
            reports.discard(ident)
            if report:
                d = 'receiver'
            elif is_sum:
                vals = set(dirs.values())
                d = next(iter(vals)) if len(vals) == 1 else (direction(False) if not vals else None)
            else:
                d = dirs.get(ident, direction(m.group(1) != ''))
            lab = {}
            if d:
                lab['direction'] = d
            if not is_sum and st['conn'] > 1:
                # counted per the connection's own direction: a server report (receiver) keeps the
                # number its client connection got
                ids = order.setdefault(dirs.get(ident, direction(m.group(1) != '')), [])
                if ident not in ids:
                    ids.append(ident)
                lab['stream'] = str(ids.index(ident) + 1)
            rate_v, rate_u = Decimal(m.group(7)), m.group(8)
            rate = float(rate_v * 1000 ** PFX.index(rate_u[:-8].upper())) if rate_u.endswith('bits/sec') else float(rate_v * 1024 ** PFX.index(rate_u[:-9]) * 8)
            rec = (lab, rate, float(Decimal(m.group(5)) * 1024 ** PFX.index(m.group(6)[:-5])), m.group(9).strip())
            key = ('report:' if report else '') + ident
            if report:
                out(rec, 'final')
                continue
            if key in pending:
                out(pending.pop(key), 'interval')
            first = key not in seen
            seen.add(key)
            if float(m.group(3)) > 0:
                out(rec, 'interval')
            elif not first:
                out(rec, 'final')
            elif intervals is None:
                pending[key] = rec
            else:
                out(rec, 'interval' if intervals else 'final')
        elif (m := CONNECT.fullmatch(t)):
            st['conn'] += 1
            rev = m.group(1) != '' or '(reverse)' in m.group(3)
            if st['role'] is None:
                unassigned.append((m.group(2), rev))
            else:
                dirs[m.group(2)] = direction(rev)
        elif (m := re.fullmatch(r'(Client connecting to \S+, |Server listening on )(TCP|UDP|SCTP) port.*', t)):
            st['role'] = 'client' if m.group(1).startswith('Client') else 'server'
            st['primary'] = st['primary'] or st['role']
            st['udp'] = m.group(2) == 'UDP'
            if bench is None:
                st['bench'] = m.group(2).lower()
            for ident, rev in unassigned:
                dirs[ident] = direction(rev)
            unassigned.clear()
        elif (m := re.fullmatch(r'\[\s*\*?\s*(\d+)\] Server Report:', t)):
            reports.add(m.group(1))
        elif re.fullmatch(r'(?:tcp |udp )?connect failed: .*|(?:listener )?bind failed: .*|(?:read|write|recv|send) failed: Connection refused', t):
            for rec in pending.values():
                out(rec, 'final')
            pending.clear()
            st['failed'] = True
        elif not any(re.fullmatch(k, t) for k in KNOWN):
            unparsed += 1
    for rec in pending.values():
        out(rec, 'final')
    return ms, unparsed, st['failed']


CSV_ROW = re.compile(r'\d{14}(?:\.\d+)?,([^,]*,){4}(-?\d+),(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?),(\d+),(\d+)(,.*)?')


def parse_csv(lines, cmd, bench, intervals):
    """-y C rows (README, "CSV reports"): raw bytes and bits/s; UDP adds jitter ms, lost, total,
    percent, out-of-order. The side comes from the command line (-s receiver, -c sender, -R flips),
    else a UDP total of -1 marks a client's rows (sender), else none."""
    rows, unparsed = [], 0
    for raw in lines:
        t = raw.strip()
        if not t:
            continue
        m = CSV_ROW.fullmatch(t)
        if not m:
            unparsed += 1
            continue
        extra = (m.group(7) or '')[1:].split(',') if m.group(7) else []
        udp = len(extra) == 5
        rows.append({'id': 'SUM' if m.group(2) == '-1' else m.group(2), 'start': float(m.group(3)),
                     'bytes': float(m.group(5)), 'rate': float(m.group(6)), 'udp': udp,
                     'extra': [Decimal(x) for x in extra] if udp else None})
    toks = cmd.split() if cmd else []
    if cmd and ('-s' in toks or '--server' in toks):
        d = 'receiver'
    elif cmd:
        d = 'receiver' if ('-R' in toks or '--reverse' in toks) else 'sender'
    else:
        d = 'sender' if any(r['udp'] and r['extra'][2] < 0 for r in rows) else None
    b = bench or ('udp' if any(r['udp'] for r in rows) else 'tcp')
    ids = []
    for r in rows:
        if r['id'] != 'SUM' and r['id'] not in ids:
            ids.append(r['id'])
    ms, finals, seen, pending = [], set(), set(), {}

    def emit(metric, value, unit, phase, lab):
        key = (metric, tuple(sorted(lab.items())))
        if phase == 'final':
            if key in finals:
                return
            finals.add(key)
        ms.append({'benchmark': b, 'metric': metric, 'value': value, 'unit': unit, 'phase': phase, 'labels': dict(lab)})

    def out(r, phase):
        lab = {}
        if d:
            lab['direction'] = d
        if r['id'] != 'SUM' and len(ids) > 1:
            lab['stream'] = str(ids.index(r['id']) + 1)
        emit('throughput_bytes_per_second', r['rate'] / 8, 'bytes_per_second', phase, lab)
        emit('transferred_bytes', r['bytes'], 'bytes', phase, lab)
        if r['udp'] and r['extra'][2] >= 0:
            jitter, lost, total = r['extra'][0], float(r['extra'][1]), float(r['extra'][2])
            if d != 'sender':
                emit('jitter_seconds', float(jitter / 1000), 'seconds', phase, lab)
                emit('datagrams_lost_total', lost, 'count', phase, lab)
            emit('datagrams_total', total, 'count', phase, lab)
            if d != 'sender' and total > 0:
                emit('datagrams_lost_ratio', lost / total, 'ratio', phase, lab)

    for r in rows:
        key = r['id']
        if key in pending:
            out(pending.pop(key), 'interval')
        first = key not in seen
        seen.add(key)
        if r['start'] > 0:
            out(r, 'interval')
        elif not first:
            out(r, 'final')
        elif intervals is None:
            pending[key] = r
        else:
            out(r, 'interval' if intervals else 'final')
    for r in pending.values():
        out(r, 'final')
    return ms, unparsed, False


# iperf 2 prints Rtry and Lost/Total of each interval: iperf_udp_server's intervals
# 8953 + 8917 + 8882 add up to its summary 26752.
# Hence its interval *_total series are running sums (../interval_counters.py).
sys.dont_write_bytecode = True  # no __pycache__ beside the tool directories (Fixtures lists them)
sys.path.insert(0, '..')
from interval_counters import as_counters  # noqa: E402


for path in sorted(glob.glob('*.txt')):
    case = path[:-4]
    text = open(path, 'rb').read().decode('utf-8', errors='replace')
    lines = text.split('\n')
    if lines and lines[-1] == '':
        lines.pop()
    cmd = CMD.get(case)
    bench, intervals = None, None
    if cmd:
        toks = cmd.split()
        bench = 'udp' if ('-u' in toks or '--udp' in toks) else 'tcp'
        flag = '-i' if '-i' in toks else '--interval'
        intervals = flag in toks and float(toks[toks.index(flag) + 1]) > 0
    if lines and re.match(r'\d{14}', lines[0]):
        ms, unparsed, failed = parse_csv(lines, cmd, bench, intervals)
    else:
        ms, unparsed, failed = parse(lines, bench, intervals)
    as_counters(ms)
    with open(case + '.expected.json', 'w', encoding='utf-8') as f:
        f.write('{"tool": "iperf",' + (' "commandLine": %s,' % json.dumps(cmd) if cmd else '') + '\n "measurements": [\n')
        f.write(',\n'.join('  ' + json.dumps(m) for m in ms))
        f.write('\n ],\n "unparsed": %d, "runFailed": %s}\n' % (unparsed, 'true' if failed else 'false'))
    print('%-32s %3d measurements, unparsed=%d, failed=%s, benchmark=%s' % (case, len(ms), unparsed, failed, ms[0]['benchmark'] if ms else '-'))
