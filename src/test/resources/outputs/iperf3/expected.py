#!/usr/bin/env python3
"""Writes <case>.expected.json for every iperf3 fixture from the raw text alone.

An independent reference for the Java parser (see README.md): its own regular expressions for the
text format and Python's json module for --json documents and --json-stream events, with the unit
conversions of the README (Bytes prefixes x 1024^n, bits/sec prefixes x 1000^n, throughput bits / 8 to bytes, ms / 1000,
percent / 100, lost / total). Decimal text is scaled with decimal.Decimal so that 14.1 Gbits/sec
is exactly 14100000000. Usage: python3 expected.py  (run in this directory)
"""
import glob, json, re, sys
from decimal import Decimal

CMD = {}
for line in open('commands.tsv', encoding='utf-8'):
    if line.strip() and not line.startswith('#'):
        case, cmd = line.rstrip('\n').split('\t', 1)
        CMD[case] = cmd

DATA = re.compile(r'\[\s*(\d+|SUM)\](?:\[(TX-C|RX-C|TX-S|RX-S)\])?\s+(\d+\.\d+)-(\d+\.\d+)\s+sec\s+(\S+)\s+(\S*Bytes)\s+(\S+)\s+(\S*bits/sec|\S*Bytes/sec)\s*(.*)')
PFX = ['', 'K', 'M', 'G', 'T', 'P']


def nbytes(v, unit):
    return float(Decimal(v) * 1024 ** PFX.index(unit[:-5]))


def nbits(v, unit):
    if unit.endswith('bits/sec'):
        return float(Decimal(v) * 1000 ** PFX.index(unit[:-8].upper()))
    return float(Decimal(v) * 1024 ** PFX.index(unit[:-9]) * 8)


class Out:
    def __init__(self, bench):
        self.bench, self.fixed, self.ms, self.finals, self.failed, self.unparsed = bench or 'unknown', bench is not None, [], set(), False, 0

    def infer(self, name):
        if not self.fixed:
            self.bench = name

    def emit(self, metric, value, unit, phase, labels):
        labels = {k: v for k, v in labels.items() if v is not None}
        if self.failed or value is None or value != value or value < 0:
            return
        key = (metric, tuple(sorted(labels.items())))
        if phase == 'final':
            if key in self.finals:
                return
            self.finals.add(key)
        self.ms.append({'benchmark': self.bench, 'metric': metric, 'value': value, 'unit': unit, 'phase': phase, 'labels': labels})


def ordinal(st, group, ident):
    """The stream label: 1, 2, ... in the order the socket ids of one --bidir role (group) appear
    in the current test (the README's rule), not the socket id itself."""
    seen = st['ords'].setdefault(group, [])
    if ident not in seen:
        seen.append(ident)
    return str(seen.index(ident) + 1)


def loss_metrics(o, jitter, lost, total, phase, lab):
    o.emit('jitter_seconds', jitter, 'seconds', phase, lab)
    o.emit('datagrams_lost_total', lost, 'count', phase, lab)
    o.emit('datagrams_total', total, 'count', phase, lab)
    if total and total > 0:
        o.emit('datagrams_lost_ratio', lost / total, 'ratio', phase, lab)


def text_line(o, st, t):
    if (m := re.fullmatch(r'iperf3: (?:error|interrupt) - (.*)', t)):
        o.failed = True
        return True
    if (m := DATA.fullmatch(t)):
        rest = m.group(9).strip()
        if '(omitted)' in rest:
            return True
        fm = re.fullmatch(r'(.*?)\s*\b(sender|receiver)', rest)
        # 3.1.x prints the UDP summary without a marker, under a second header
        phase = 'final' if fm or st.get('summary') else 'interval'
        st['data'] = True
        vals = fm.group(1).strip() if fm else rest
        role = m.group(2)
        if fm:
            direction = fm.group(2)
        elif role:
            direction = 'sender' if role.startswith('TX') else 'receiver'
        elif st['hdr']:
            direction = st['hdr']
        elif st['client']:
            direction = 'receiver' if st['reverse'] else 'sender'
        elif st['server']:
            direction = 'sender' if st['reverse'] else 'receiver'
        else:
            direction = None
        per = st['conn'] // 2 if st['bidir'] else st['conn']
        stream = None if m.group(1) == 'SUM' or per <= 1 else ordinal(st, role, m.group(1))
        lab = {'direction': direction, 'stream': stream, 'role': role.lower().replace('-', '_') if role else None}
        o.emit('throughput_bytes_per_second', nbits(m.group(7), m.group(8)) / 8, 'bytes_per_second', phase, lab)
        o.emit('transferred_bytes', nbytes(m.group(5), m.group(6)), 'bytes', phase, lab)
        if (lm := re.fullmatch(r'(\S+) ms\s+(\d+)/(\d+)\s+\((\S+)%\)', vals)):
            if direction == 'receiver':
                loss_metrics(o, float(Decimal(lm.group(1)) / 1000), float(lm.group(2)), float(lm.group(3)), phase, lab)
            else:
                o.emit('datagrams_total', float(lm.group(3)), 'count', phase, lab)
        elif st['udp'] and re.fullmatch(r'\d+', vals):
            o.emit('datagrams_total', float(vals), 'count', phase, lab)
        elif (rm := re.fullmatch(r'(\d+)(?:\s+\S+\s+\S*Bytes)?', vals)):
            o.emit('retransmits_total', float(rm.group(1)), 'count', phase, lab)
        return True
    if (m := re.fullmatch(r'\[ ID\](\[Role\])?\s+Interval\s.*', t)):
        st['bidir'] = m.group(1) is not None
        if 'Jitter' in t:
            st['hdr'], st['udp'] = 'receiver', True
        elif 'Total Datagrams' in t:
            st['hdr'], st['udp'] = 'sender', True
        else:
            st['hdr'] = 'sender' if 'Retr' in t else None
        o.infer('udp' if st['udp'] else 'tcp')
        st['summary'] = st.get('data', False)
        return True
    if re.fullmatch(r'\[\s*\d+\] local \S+ port \d+ connected to \S+ port \d+', t):
        st['conn'] += 1
        return True
    if (m := re.fullmatch(r'CPU Utilization: local/\w+ ([0-9.]+)% \(.*\), remote/\w+ ([0-9.]+)% \(.*\)', t)):
        o.emit('cpu_utilization_ratio', float(Decimal(m.group(1)) / 100), 'ratio', 'final', {'side': 'local'})
        o.emit('cpu_utilization_ratio', float(Decimal(m.group(2)) / 100), 'ratio', 'final', {'side': 'remote'})
        return True
    if t.startswith('Connecting to host '):
        st['client'], st['conn'], st['ords'], st['data'], st['summary'] = True, 0, {}, False, False
        return True
    if t.startswith('Server listening on ') or t.startswith('Accepted connection from '):
        st['server'], st['conn'], st['ords'], st['data'], st['summary'] = True, 0, {}, False, False
        return True
    if t.startswith('Reverse mode, remote host '):
        st['reverse'] = True
        return True
    return bool(re.fullmatch(r'-[ -]*|iperf Done\.|iperf 3\.\d+.*|(snd|rcv)_tcp_congestion \S+|\w+ \S+ \S+ #\d+\S* .*|\[\s*\d+\] Sent \d+ datagrams|CYGWIN_NT-\S+ \S+ .*', t)) or t.startswith(
        ('Time: ', 'Cookie: ', 'TCP MSS: ', 'Control connection MSS ', 'Starting Test: ', 'Test Complete. Summary Results:', 'warning: ', 'Setting UDP block size to ', 'Target Bitrate: ', 'Bidirectional mode')) or t == 'Server output:'


def js_values(o, st, v, direction, role, stream, phase):
    lab = {'direction': direction, 'stream': stream, 'role': role}
    num = lambda k: v.get(k) if isinstance(v.get(k), (int, float)) and not isinstance(v.get(k), bool) else None
    o.emit('throughput_bytes_per_second', None if num('bits_per_second') is None else num('bits_per_second') / 8, 'bytes_per_second', phase, lab)
    o.emit('transferred_bytes', num('bytes'), 'bytes', phase, lab)
    o.emit('retransmits_total', num('retransmits'), 'count', phase, lab)
    if direction != 'sender' and 'jitter_ms' in v:
        loss_metrics(o, num('jitter_ms') / 1000, num('lost_packets'), num('packets'), phase, lab)
    else:
        o.emit('datagrams_total', num('packets'), 'count', phase, lab)


def js_role(st, v, bidir):
    return None if not bidir else ('tx_' if v.get('sender') else 'rx_') + ('s' if st['server'] else 'c')


def js_start(o, st, s):
    st['ords'] = {}
    st['server'] = 'accepted_connection' in s and 'connecting_to' not in s
    proto = s.get('test_start', {}).get('protocol')
    if proto:
        st['udp'] = proto.lower() == 'udp'
        o.infer(proto.lower())


def js_interval(o, st, iv):
    s, rs, streams = iv.get('sum'), iv.get('sum_bidir_reverse'), iv.get('streams', [])
    if s and s.get('omitted'):
        return
    bidir = rs is not None
    per = len(streams) // 2 if bidir else len(streams)
    if per > 1:
        for x in streams:
            r = js_role(st, x, bidir)
            js_values(o, st, x, 'sender' if x.get('sender') else 'receiver', r, ordinal(st, r, int(x['socket'])), 'interval')
    for x in (s, rs):
        if x:
            js_values(o, st, x, 'sender' if x.get('sender') else 'receiver', js_role(st, x, bidir), None, 'interval')


def js_end(o, st, e):
    bidir = 'sum_sent_bidir_reverse' in e
    streams = e.get('streams', [])
    if (len(streams) // 2 if bidir else len(streams)) > 1:
        for x in streams:
            for side in ('sender', 'receiver'):
                if side in x:
                    r = js_role(st, x[side], bidir)
                    js_values(o, st, x[side], side, r, ordinal(st, r, int(x[side]['socket'])), 'final')
    found = False
    for k, d in (('sum_sent', 'sender'), ('sum_received', 'receiver'), ('sum_sent_bidir_reverse', 'sender'), ('sum_received_bidir_reverse', 'receiver')):
        if k in e:
            found = True
            js_values(o, st, e[k], d, js_role(st, e[k], bidir), None, 'final')
    if not found and 'sum' in e:
        js_values(o, st, e['sum'], None, None, None, 'final')
    cpu = e.get('cpu_utilization_percent', {})
    if 'host_total' in cpu:
        o.emit('cpu_utilization_ratio', cpu['host_total'] / 100, 'ratio', 'final', {'side': 'local'})
    if 'remote_total' in cpu:
        o.emit('cpu_utilization_ratio', cpu['remote_total'] / 100, 'ratio', 'final', {'side': 'remote'})


def parse(lines, bench):
    o = Out(bench)
    st = {'client': False, 'server': False, 'reverse': False, 'bidir': False, 'conn': 0, 'hdr': None, 'udp': False, 'ords': {}}
    buf = None
    queue = list(lines)
    while queue:
        raw = queue.pop(0)
        if buf is not None and raw.strip() and raw.strip()[0] not in '"{}[],-0123456789tfn':
            o.unparsed += 1  # a stray "{" line: report it, read what followed as text again
            queue[0:0] = buf[1:] + [raw]
            buf = None
            continue
        if buf is not None:
            buf.append(raw)
            try:
                doc = json.loads('\n'.join(buf))
            except ValueError:
                continue
            buf = None
            if 'error' in doc:
                o.failed = True
                continue
            js_start(o, st, doc.get('start', {}))
            for iv in doc.get('intervals', []):
                js_interval(o, st, iv)
            js_end(o, st, doc.get('end', {}))
            continue
        t = raw.strip()
        if not t:
            continue
        if t.startswith('{'):
            try:
                ev = json.loads(t)
            except ValueError:
                buf = [raw]
                continue
            name, data = ev.get('event'), ev.get('data')
            if name == 'start':
                js_start(o, st, data)
            elif name == 'interval':
                js_interval(o, st, data)
            elif name == 'end':
                js_end(o, st, data)
            elif name == 'error':
                o.failed = True
            continue
        if not text_line(o, st, t):
            o.unparsed += 1
    if buf is not None:
        o.unparsed += 1  # a truncated JSON document is one unparsed report
    return o


# iperf3 prints Retr, Lost/Total and Total Datagrams (JSON retransmits, lost_packets,
# packets) of each interval: they add up to the summary (stream [  5] of
# iperf3_tcp_bidir_p2_client: 3 + 6 + 0 = 9).
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
    bench = None
    if cmd:
        toks = cmd.split()
        bench = 'udp' if ('-u' in toks or '--udp' in toks) else 'sctp' if '--sctp' in toks else 'tcp'
    o = parse(lines, bench)
    as_counters(o.ms)
    with open(case + '.expected.json', 'w', encoding='utf-8') as f:
        f.write('{"tool": "iperf3",' + (' "commandLine": %s,' % json.dumps(cmd) if cmd else '') + '\n "measurements": [\n')
        f.write(',\n'.join('  ' + json.dumps(m) for m in o.ms))
        f.write('\n ],\n "unparsed": %d, "runFailed": %s}\n' % (o.unparsed, 'true' if o.failed else 'false'))
    print('%-40s %3d measurements, unparsed=%d, failed=%s, benchmark=%s' % (case, len(o.ms), o.unparsed, o.failed, o.ms[0]['benchmark'] if o.ms else '-'))
