#!/usr/bin/env python3
"""Writes <case>.expected.json for every perf stat fixture from the raw text alone.

An independent reference for the Java parser (see README.md): per-line regular expressions,
exact decimal arithmetic (Python Decimal) and the conversions documented in the README:
msec / 1000, ns / 10^9, "CPUs utilized" as printed, enabled % / 100 (only below 100 %),
elapsed/user/sys seconds as printed. Counter values may carry locale grouping (1,234 / 1.234 /
1 234) and a decimal comma; a separator followed by exactly three digits groups, any other is
the decimal separator (perf prints counters with %.0f or %.2f).
Usage: python3 expected.py  (run in this directory)
"""
import glob, json, re, sys
from decimal import Decimal

CMD = {}
for line in open('commands.tsv', encoding='utf-8'):
    if line.strip() and not line.startswith('#'):
        case, cmd = line.rstrip('\n').split('\t', 1)
        CMD[case] = cmd

GROUP = "[.,'\u00a0\u202f ]"


def counter(text):
    m = re.fullmatch(r'(\d{1,3}(?:' + GROUP + r'\d{3})+|\d+)(?:([.,])(\d{1,2}|\d{4,}))?', text)
    if not m:
        return None
    whole = re.sub(r'\D', '', m.group(1))
    return Decimal(whole + ('.' + m.group(3) if m.group(3) else ''))


def plain(text):
    return Decimal(text.replace(',', '.')) if text and re.fullmatch(r'\d+(?:[.,]\d+)?', text) else None


VALUE_OPTS = {'-e', '--event', '-I', '-r', '--repeat', '-x', '-o', '--output', '-p', '-t', '-C', '-G', '-M'}


def bench_from_cmd(cmd):
    toks = cmd.split()
    if '--' in toks:
        return clean(toks[toks.index('--') + 1])
    # no '--': the first word after 'stat' that is neither an option nor an option's value
    rest = toks[toks.index('stat') + 1:] if 'stat' in toks else []
    skip = False
    for t in rest:
        if skip:
            skip = False
        elif t in VALUE_OPTS:
            skip = True
        elif not t.startswith('-'):
            return clean(t)
    return 'system_wide' if '-a' in toks else None


def clean(tok):
    name = re.sub(r'[^a-z0-9_]', '_', tok.split('/')[-1].lower())[:32]
    return name or None


def label(event):
    return re.sub(r'[^A-Za-z0-9_.:/-]', '_', event)[:64]


TIME = {'msec': -3, 'ms': -3, 'usec': -6, 'us': -6, 'nsec': -9, 'ns': -9, 'sec': 0, 's': 0}


def parse(lines, cmd):
    fixed = bench_from_cmd(cmd) if cmd else None
    st = {'bench': fixed or 'unknown', 'failed': False}
    out, finals, unparsed = [], set(), 0

    def emit(metric, value, unit, phase, labels):
        if st['failed'] or value is None:
            return
        key = (metric, tuple(sorted(labels.items())))
        if phase == 'final':
            if key in finals:
                return
            finals.add(key)
        out.append({'benchmark': st['bench'], 'metric': metric, 'value': float(value), 'unit': unit,
                    'phase': phase, 'labels': labels})

    def reading(phase, cpu, value, unit, event, cpus, pct, csv=False):
        """None if fine, else True (unparsed)"""
        if value.startswith('<not '):
            return None
        v = counter(value)
        if v is None:
            return True
        base = {'cpu': cpu} if cpu else {}
        ev = dict(base, event=label(event))
        if unit == '' and event.split(':')[0] in ('task-clock', 'cpu-clock') and csv:
            unit = 'msec'  # perf 4.x -x: clock events in msec ("%.6f") with an empty unit field
        if unit == '':
            emit('perf_events_total', v, 'count', phase, ev)
        elif unit in TIME:
            secs = v.scaleb(TIME[unit])
            if event == 'task-clock':
                emit('task_clock_seconds', secs, 'seconds', phase, base)
            else:
                emit('perf_event_seconds', secs, 'seconds', phase, ev)
        else:
            return True
        if cpus is not None:
            emit('cpus_utilized', cpus, 'count', phase, base)
        if pct is not None and pct < 100:
            emit('perf_event_enabled_ratio', pct / 100, 'ratio', phase, ev)
        return None

    for raw in lines:
        t = raw.strip()
        if not t or t.startswith('#') or st['failed']:
            continue
        if re.match(r"(Error:|event syntax error:|Workload failed:|Usage: perf stat)", t):
            st['failed'] = True
            continue
        m = re.fullmatch(r"Performance counter stats for (.+?)(?: \(\d+ runs\))?:", t)
        if m:
            if fixed is None and st['bench'] == 'unknown':
                target = m.group(1).strip("'")
                st['bench'] = 'system_wide' if target.startswith('system wide') else clean(target.split()[0])
            continue
        m = re.fullmatch(r"(\d+[.,]\d+)(?: \+- [\d.,]+)? seconds time elapsed(?:\s+\( \+-\s*[\d.,]+% \))?", t)
        if m:
            emit('total_time_seconds', plain(m.group(1)), 'seconds', 'final', {})
            continue
        m = re.fullmatch(r"(\d+[.,]\d+) seconds (user|sys)", t)
        if m:
            emit('cpu_time_seconds', plain(m.group(1)), 'seconds', 'final', {'mode': m.group(2)})
            continue
        phase, cpu, rest = 'final', None, t
        m = re.fullmatch(r'(\d+\.\d{9})(?:\s+|,)(.*)', rest)
        if m:
            phase, rest = 'interval', m.group(2).strip()
        m = re.fullmatch(r'(CPU\d+)(?:\s+|,)(.*)', rest)
        if m:
            cpu, rest = m.group(1), m.group(2).strip()
        # -x; splits on ';' (a de_DE value holds a comma); -x, in de_DE: a regular expression
        # puts the decimal commas of value, enabled % (always two decimals) and metric back
        de = re.fullmatch(r'(\d+,\d+|\d+|<not [a-z]+>),([A-Za-z/%]*),([^,\s]+),(\d+),(\d+,\d\d),(\d+,\d+|\d*),(.*)', rest)
        if ';' in rest:
            f = rest.split(';')
        elif de:
            f = list(de.groups())
        else:
            f = rest.split(',')
        if len(f) >= 3 and re.fullmatch(r'[A-Za-z/%]*', f[1]) and f[2] and ' ' not in f[2] and (' ' not in f[0] or f[0].startswith('<not ')):
            i = 3
            if i < len(f) and re.fullmatch(r'[\d.,]+%', f[i]):
                i += 1
            pct = plain(f[i + 1]) if i + 1 < len(f) else None
            cpus = plain(f[i + 2]) if i + 3 < len(f) and f[i + 3] == 'CPUs utilized' else None
            if reading(phase, cpu, f[0], f[1], f[2], cpus, pct, csv=True):
                unparsed += 1
            continue
        head = re.split(r'\s+#|\s+\(', rest)[0]
        toks = head.split()
        if toks[:2] in (['<not', 'supported>'], ['<not', 'counted>']):
            toks = [' '.join(toks[:2])] + toks[2:]
        if len(toks) in (2, 3) and (toks[0].startswith('<not ') or re.fullmatch(r"[\d.,']+", toks[0])):
            value, unit, event = (toks[0], '', toks[1]) if len(toks) == 2 else toks
            if re.search(r'\s\(msec\)', rest):
                unit = 'msec'
            c = re.search(r'#\s+(\S+)\s+CPUs utilized', rest)
            p = re.search(r'\((\d+[.,]\d+)%\)\s*$', rest)
            if reading(phase, cpu, value, unit, event, plain(c.group(1)) if c else None, plain(p.group(1)) if p else None):
                unparsed += 1
            continue
        unparsed += 1
    return out, unparsed, st['failed']


# perf stat -I prints each event's count of the interval (page-faults 632, 0, 1, 0, 149 in
# perf61_interval_500).
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
    with open(case + '.expected.json', 'w', encoding='utf-8') as f:
        f.write('{"tool": "perf",\n')
        if cmd:
            f.write(' "commandLine": ' + json.dumps(cmd) + ',\n')
        f.write(' "measurements": [\n' + ',\n'.join('  ' + json.dumps(x, ensure_ascii=False) for x in ms) + '\n ],\n')
        f.write(' "unparsed": %d, "runFailed": %s}\n' % (unparsed, 'true' if failed else 'false'))
