#!/usr/bin/env python3
"""Writes <case>.expected.json for every hpl fixture from the raw text alone.

An independent reference for the Java HplParser (see README.md): per-line regular expressions and
the conversions documented in the README (HPL Gflops x 1e9, HPCC HPL_Tflops x 1e12, linpack.c
KFLOPS x 1e3). Decimal scaling uses Python's Decimal so 5.744e+00 Gflops is exactly 5.744e9.
Labels: an HPL row (and its residual line) carries its T/V code and its N, NB, P, Q columns
(tv, n, nb, p, q); a linpack.c table's rows and final value carry the size of the `Array size
S X S.` line printed before it (array_size).
Usage: python3 expected.py  (run in this directory)
"""
import glob, json, re
from decimal import Decimal

CMD = {}
for line in open('commands.tsv', encoding='utf-8'):
    if line.strip() and not line.startswith('#'):
        case, cmd = line.rstrip('\n').split('\t', 1)
        CMD[case] = cmd

ROW = re.compile(r'(W[A-Z0-9]{7,12})\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s+(\S+)')
RESID = re.compile(r'\|\|Ax-b\|\|_oo/\(eps\*\(\|\|A\|\|_oo\*\|\|x\|\|_oo\+\|\|b\|\|_oo\)\*N\)=\s*(\S+)\s+\.+\s+(PASSED|FAILED)')
RESULT = re.compile(r'(\d+) tests? completed and (passed|failed) residual checks,?|(\d+) tests? skipped because of illegal input values\.?')
# derived fixtures: number of garbage lines inserted (see README), each one unparsed
UNPARSED = {'hpl21_siliconx_asc_garbage': 3}
LROW = re.compile(r'(\d+)\s+(\S+)\s+(\S+)%\s+(\S+)%\s+(\S+)%\s+(\S+)')


def sc(text, exp):
    return float(Decimal(text).scaleb(exp))


def parse(lines, bench):
    out, failed, finals = [], False, set()
    state = {'bench': bench or 'unknown', 'section': None, 'best': None, 'final': False,
             'row': None, 'rows': 0, 'lp_exp': 0, 'lp_last': None, 'lp_size': {}}

    def emit(metric, value, unit, phase, **labels):
        if failed:
            return
        key = (metric, tuple(sorted(labels.items())))
        if phase == 'final':
            if key in finals:
                return
            finals.add(key)
        out.append({'benchmark': state['bench'], 'metric': metric, 'value': value, 'unit': unit,
                    'phase': phase, 'labels': labels})

    def infer(name):
        if bench is None and state['bench'] == 'unknown':
            state['bench'] = name

    def final():
        b = state['best']
        if state['final'] or b is None:
            return
        state['final'] = True
        emit('flops_per_second', b[1], 'per_second', 'final')
        emit('total_time_seconds', b[2], 'seconds', 'final')
        if b[3] is not None:
            emit('hpl_scaled_residual_ratio', b[3], 'ratio', 'final')

    def end_linpack():
        state['lp_exp'] = 0
        if state['lp_last'] is not None:
            emit('flops_per_second', state['lp_last'], 'per_second', 'final', **state['lp_size'])
            state['lp_last'] = None
        state['lp_size'] = {}

    for raw in lines:
        if failed:
            break
        t = raw.strip()
        m = re.fullmatch(r'(Begin|End) of (\w+) section\.', t)
        if m:
            state['section'] = m.group(2) if m.group(1) == 'Begin' else ''
            continue
        if state['section'] not in (None, 'HPL'):
            m = re.fullmatch(r'(\w+)=(\S*)', t)
            if state['section'] == 'Summary' and m and m.group(1) in ('HPL_Tflops', 'HPL_time'):
                infer('hpl')
                if m.group(1) == 'HPL_Tflops':
                    emit('flops_per_second', sc(m.group(2), 12), 'per_second', 'final')
                else:
                    emit('total_time_seconds', float(m.group(2)), 'seconds', 'final')
            continue
        if state['lp_exp'] and not t:
            end_linpack()
            continue
        if re.match(r'HPLinpack |T/V\s+N\s+NB|This is the DARPA/DOE HPC Challenge', t):
            infer('hpl')
        if re.match(r'(Enter array size|LINPACK benchmark,|Average rolled and unrolled)', t):
            infer('linpack')
        if (m := ROW.fullmatch(t)):
            infer('hpl')
            state['rows'] += 1
            lab = {'tv': m.group(1), 'n': str(int(m.group(2))), 'nb': str(int(m.group(3))),
                   'p': str(int(m.group(4))), 'q': str(int(m.group(5)))}
            state['row'] = (state['rows'], lab)
            flops, time = sc(m.group(7), 9), float(m.group(6))
            emit('flops_per_second', flops, 'per_second', 'interval', **lab)
            emit('total_time_seconds', time, 'seconds', 'interval', **lab)
            if state['best'] is None or flops > state['best'][1]:
                state['best'] = [state['rows'], flops, time, None]
        elif (m := RESID.fullmatch(t)):
            if m.group(2) == 'FAILED':
                failed = True
                continue
            v = float(m.group(1))
            if state['row'] is None:
                continue
            emit('hpl_scaled_residual_ratio', v, 'ratio', 'interval', **state['row'][1])
            # the residual line belongs to the row just before it
            if state['best'] and state['best'][0] == state['row'][0] and state['best'][3] is None:
                state['best'][3] = v
        elif re.fullmatch(r'Finished\s+\d+\s+tests,? with the following results:', t):
            final()
        elif (m := RESULT.fullmatch(t)):
            if m.group(3) is not None:
                emit('tests_total', float(m.group(3)), 'count', 'final', result='skipped')
            elif m.group(2) == 'failed' and int(m.group(1)) > 0:
                failed = True
            else:
                emit('tests_total', float(m.group(1)), 'count', 'final', result=m.group(2))
        elif (m := re.fullmatch(r'Array size (\d+) X \d+\.', t)):
            state['lp_size'] = {'array_size': str(int(m.group(1)))}
        elif (m := re.fullmatch(r'Reps Time\(s\) DGEFA\s+DGESL\s+OVERHEAD\s+([KM])FLOPS', t)):
            infer('linpack')
            state['lp_exp'] = 3 if m.group(1) == 'K' else 6
        elif state['lp_exp'] and (m := LROW.fullmatch(t)):
            state['lp_last'] = sc(m.group(6), state['lp_exp'])
            emit('flops_per_second', state['lp_last'], 'per_second', 'interval', **state['lp_size'])
        elif re.fullmatch(r'=\s+BAD TERMINATION OF ONE OF YOUR APPLICATION PROCESSES|YOUR APPLICATION TERMINATED WITH .*', t):
            failed = True
    if not failed:
        end_linpack()
        final()
    return out, failed


def parse_1000d(lines, bench):
    """netlib LINPACK 1000d (Fortran): the value after the `norm. resid` header is the normalized
    residual; each row under `factor solve total mflops unit ratio` is final: mflops x 1e6 flops/s,
    total in seconds; label n from `times are reported for matrices of order N`."""
    out, resid, labels, after_header = [], None, {}, False
    b = bench or 'linpack'
    for i, raw in enumerate(lines):
        t = raw.strip()
        if re.fullmatch(r'norm\. resid\s+resid\s+machep\s+x\(1\)\s+x\(n\)', t):
            resid = lines[i + 1].split()[0]
        elif (m := re.fullmatch(r'times are reported for matrices of order\s*(\d+)', t)):
            labels = {'n': str(int(m.group(1)))}
        elif re.fullmatch(r'factor\s+solve\s+total\s+mflops\s+unit\s+ratio', t):
            after_header = True
        elif after_header and len(t.split()) == 6 and all(re.fullmatch(r'\d\.\d+E[+-]\d+', x) for x in t.split()):
            cols = t.split()
            for metric, value, unit in (('flops_per_second', sc(cols[3], 6), 'per_second'),
                                        ('total_time_seconds', float(cols[2]), 'seconds'),
                                        ('hpl_scaled_residual_ratio', float(resid), 'ratio')):
                out.append({'benchmark': b, 'metric': metric, 'value': value, 'unit': unit, 'phase': 'final', 'labels': dict(labels)})
    return out, False


for path in sorted(glob.glob('*.txt')):
    case = path[:-4]
    text = open(path, 'rb').read().decode('utf-8', errors='replace')
    lines = text.split('\n')
    if lines and lines[-1] == '':
        lines.pop()
    cmd = CMD.get(case)
    bench = None
    if cmd:
        for tok in cmd.split():
            base = tok.split('/')[-1].lower()
            if base in ('xhpl', 'hpcc'):
                bench = 'hpl'
            elif base.startswith('linpack'):
                bench = 'linpack'
    if any('this version dated 10/12/92' in l for l in lines):
        ms, failed = parse_1000d(lines, bench)
    else:
        ms, failed = parse(lines, bench)
    unparsed = UNPARSED.get(case, 0)
    with open(case + '.expected.json', 'w', encoding='utf-8') as f:
        f.write('{"tool": "hpl",' + (' "commandLine": %s,' % json.dumps(cmd) if cmd else '') + '\n "measurements": [\n')
        f.write(',\n'.join('  ' + json.dumps(m) for m in ms))
        f.write('\n ],\n "unparsed": %d, "runFailed": %s}\n' % (unparsed, 'true' if failed else 'false'))
    print('%-40s %3d measurements, unparsed=%d, failed=%s' % (case, len(ms), unparsed, failed))
