#!/usr/bin/env python3
"""Writes <case>.expected.json for every nuttcp fixture from the raw text alone.

An independent reference for the Java parser (see README.md): per-line regular expressions and
exact decimal arithmetic (Python Decimal) with the conversions documented in the README:
MB x 2^20 bytes, Mbps x 10^6 / 8 bytes/s, %TX/%RX/%loss/data_loss / 100, msRTT / 1000.
Usage: python3 expected.py  (run in this directory)
"""
import glob, json, re, sys
from decimal import Decimal

CMD = {}
for line in open('commands.tsv', encoding='utf-8'):
    if line.strip() and not line.startswith('#'):
        case, cmd = line.rstrip('\n').split('\t', 1)
        CMD[case] = cmd

N = r'(\d+\.\d+|\d+)'


def parse(lines, cmd):
    toks = cmd.split() if cmd else []
    bench = ('udp' if any(t.startswith('-u') for t in toks) else 'tcp') if cmd else None
    direction = ('receiver' if '-r' in toks else 'sender') if cmd else None
    state = {'bench': bench or 'tcp', 'dir': direction or 'sender', 'dir_seen': False, 'failed': False}
    out, finals, unparsed = [], set(), 0

    def emit(metric, text, scale, unit, phase, **labels):
        if text is None or state['failed']:
            return
        key = (metric, tuple(sorted(labels.items())))
        if phase == 'final':
            if key in finals:
                return
            finals.add(key)
        out.append({'benchmark': state['bench'], 'metric': metric, 'value': float(Decimal(text) * scale),
                    'unit': unit, 'phase': phase, 'labels': labels})

    def report(phase, mb=None, mbps=None, tx=None, rx=None, retrans=None, rtt=None, loss=None):
        emit('throughput_bytes_per_second', mbps, Decimal(10) ** 6 / 8, 'bytes_per_second', phase, direction=state['dir'])
        emit('transferred_bytes', mb, Decimal(1048576), 'bytes', phase, direction=state['dir'])
        emit('cpu_utilization_ratio', tx, Decimal('0.01'), 'ratio', phase, side='sender')
        emit('cpu_utilization_ratio', rx, Decimal('0.01'), 'ratio', phase, side='receiver')
        emit('retransmits_total', retrans, Decimal(1), 'count', phase)
        emit('round_trip_latency_seconds', rtt, Decimal('0.001'), 'seconds', phase)
        emit('datagrams_lost_ratio', loss, Decimal('0.01'), 'ratio', phase)

    def udp_seen():
        if bench is None:
            state['bench'] = 'udp'

    def kv(text, side):
        d = dict(tok.split('=', 1) for tok in text.split())
        if 'drop' in d or 'data_loss' in d:
            udp_seen()
        timed = 'real_sec' in d or 'real_seconds' in d
        if not timed:
            return side is None  # True -> unparsed
        if side == 't':
            return False
        report('interval' if 'real_sec' in d else 'final', d.get('megabytes'), d.get('rate_Mbps'), d.get('tx_cpu'),
               d.get('rx_cpu'), d.get('retrans'), d.get('rtt_ms'), d.get('data_loss'))
        return False

    for raw in lines:
        t = raw.strip()
        if not t or state['failed']:
            continue
        if re.match(r'nuttcp(-\w+)?:.*\bError:', t):
            state['failed'] = True
            continue
        if re.fullmatch(r'errno=\d+|nuttcp-\w: Info: .*', t):
            continue
        m = re.fullmatch(N + r' MB /\s+' + N + r' sec =\s+' + N + r' Mbps(.*)', t)
        if m:
            rest = m.group(4)
            tx = re.search(r'(\d+) %TX', rest); rx = re.search(r'(\d+) %RX', rest)
            rt = re.search(r'(\d+) retrans', rest); rtt = re.search(N + ' msRTT', rest)
            loss = re.search(N + r' ~?%loss', rest)
            if re.search('drop/pkt', rest) or loss:
                udp_seen()
            leftover = re.sub(r'\d+ %TX|\d+ %RX|\d+ retrans|[\d.]+ msRTT|\d+ / +\d+ ~?drop/pkt|[\d.]+ ~?%loss', '', rest)
            if leftover.strip():
                unparsed += 1
                continue
            g = lambda x: x.group(1) if x else None
            report('final' if (tx or rx) else 'interval', m.group(1), m.group(3), g(tx), g(rx), g(rt), g(rtt), g(loss))
            continue
        if t.startswith('megabytes='):
            if kv(t, None):
                unparsed += 1
            continue
        m = re.fullmatch(r'nuttcp-([tr]):\s*(.*)', t)
        if m:
            side, body = m.group(1), m.group(2)
            if not state['dir_seen'] and direction is None:
                state['dir'] = 'receiver' if side == 'r' else 'sender'
            state['dir_seen'] = True
            if body.startswith('megabytes='):
                kv(body, side)
            elif (v := re.fullmatch(N + r' MB in ' + N + r' real seconds = ' + N + r' KB/sec = ' + N + ' Mbps', body)):
                if side == 'r':
                    report('final', mb=v.group(1), mbps=v.group(4))
            elif (v := re.fullmatch(r'retrans ?= ?(\d+)', body)):
                report('final', retrans=v.group(1))
            elif (v := re.search(r'(?:RTT=|rtt_ms=)' + N, body)):
                report('final', rtt=v.group(1))
            elif (v := re.search(r'real (\d+)% |cpu=(\d+)%', body)):
                c = v.group(1) or v.group(2)
                report('final', tx=c if side == 't' else None, rx=c if side == 'r' else None)
            elif re.search(r'\budp\b', body) and body.startswith('buflen='):
                udp_seen()
            continue
        unparsed += 1
    return out, unparsed, state['failed']


# nuttcp's -i lines print the retransmits of that interval (nuttcp-8.2.2.c prints
# nretrans[1] - pretrans and then sets pretrans = nretrans[1]).
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
    lines = [l[:-1] if l.endswith('\r') else l for l in lines]
    cmd = CMD.get(case)
    ms, unparsed, failed = parse(lines, cmd)
    as_counters(ms)
    doc = {'tool': 'nuttcp'}
    if cmd:
        doc['commandLine'] = cmd
    doc.update({'measurements': ms, 'unparsed': unparsed, 'runFailed': failed})
    with open(case + '.expected.json', 'w', encoding='utf-8') as f:
        f.write('{"tool": "nuttcp",\n')
        if cmd:
            f.write(' "commandLine": ' + json.dumps(cmd) + ',\n')
        f.write(' "measurements": [\n' + ',\n'.join('  ' + json.dumps(x, ensure_ascii=False) for x in ms) + '\n ],\n')
        f.write(' "unparsed": %d, "runFailed": %s}\n' % (unparsed, 'true' if failed else 'false'))
