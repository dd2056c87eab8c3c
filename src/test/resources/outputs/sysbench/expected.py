#!/usr/bin/env python3
"""Writes <case>.expected.json for every sysbench fixture from the raw text alone.

An independent reference for the Java parser (used to write and check the expected files, see
README.md): plain per-line regular expressions over the output, with the unit conversions
documented in the README (ms / 1000, MiB = MB = Mb = 2^20 bytes, Kb = 2^10 bytes). Lines are
decoded as UTF-8 with replacement and split on '\\n', as the golden test does.
Usage: python3 expected.py  (run in this directory)
"""
import glob, json, re, sys

MIB = 1048576.0
CMD = {}  # case -> command line passed as StreamContext (absent: parser must infer)
for line in open('commands.tsv', encoding='utf-8'):
    if line.strip() and not line.startswith('#'):
        case, cmd = line.rstrip('\n').split('\t', 1)
        CMD[case] = cmd

NUM = r'([0-9]+(?:\.[0-9]+)?)'
KNOWN = [r'sysbench \d+\.\d+.*', r'Running the test with following options:', r'Number of threads: \d+',
         r'Report intermediate results every \d+ second\(s\)', r'Report checkpoint\(s\) at .*', r'Initializing random number generator from .*',
         r'Initializing worker threads\.\.\.', r'Threads started!', r'Done\.', r'Time limit exceeded, exiting\.\.\.',
         r'WARNING:.*', r'(CPU speed|General statistics|Latency \(ms\)|Threads fairness|File operations|Throughput'
         r'|Test execution summary|per-request statistics|response time|OLTP test statistics|queries performed):',
         r'Latency histogram \(values are in milliseconds\)', r'value\s+-+ distribution -+\s+count', r'[0-9.]+ \|\**\s+\d+',
         r'Prime numbers limit: \d+', r'Maximum prime number checked in CPU test: \d+', r'Doing .*',
         r'Running memory speed test with the following options:', r'(block size|total size|operation|scope): \S+',
         r'Memory (block size|transfer size|operations type|scope type): .*', r'Extra file open flags: .*',
         r'\d+ files, \S+ each', r'\S+ total file size', r'Block size \S+', r'Number of (IO requests|random requests for random IO): \d+',
         r'Read/Write ratio for combined random IO test: .*', r'Periodic FSYNC enabled, .*', r'Calling fsync\(\) at the end of test, .*',
         r'Using .* I/O mode', r'Operations performed:\s+\d+ Read, \d+ Write, \d+ Other = \d+ Total',
         r'(read|write|other|total):\s+\d+', r'(deadlocks|read/write requests|other operations):\s+\d+\s+\(.*per sec\.\)']
INFER = [(r'Prime numbers limit|Maximum prime number|Doing CPU', 'cpu'), (r'Running memory speed test|Doing memory', 'memory'),
         (r'Extra file open flags', 'fileio'), (r'OLTP test statistics|\[\s*\d+s\] threads: \d+, tps:', 'oltp')]


def parse(lines, bench):
    out, unparsed, failed, finals = [], 0, False, set()
    checkpoint = [False]  # inside a --report-checkpoints summary block: values are interval values
    inferred = bench is None
    bench = bench or 'unknown'

    def emit(metric, value, unit, phase, **labels):
        key = (metric, tuple(sorted(labels.items())))
        if failed:
            return
        if phase == 'final' and checkpoint[0]:
            phase = 'interval'
        elif phase == 'final' and key in finals:
            return
        elif phase == 'final':
            finals.add(key)
        out.append({'benchmark': bench, 'metric': metric, 'value': value, 'unit': unit, 'phase': phase, 'labels': labels})

    def dur(text, scale):  # '4.59ms' / '3.0017s' / '46.1087'
        m = re.fullmatch(NUM + r'(ms|s)?', text)
        return float(m.group(1)) * ({'ms': 1e-3, 's': 1.0}[m.group(2)] if m.group(2) else scale)

    lat_scale = None
    for raw in lines:
        t = raw.strip()
        if not t:
            continue
        if inferred and bench == 'unknown':
            for rx, name in INFER:
                if re.match(rx, t):
                    bench = name
        if t.startswith('FATAL:'):
            failed = True
            continue
        m = re.fullmatch(r'\[\s*\d+s\s*\]\s*(.*)', t)
        if m:
            b = m.group(1)
            if (m := re.fullmatch(r'thds: \d+ eps: ' + NUM + r' lat \(ms,(\d+)%\): ' + NUM, b)):
                emit('events_per_second', float(m.group(1)), 'per_second', 'interval')
                emit('latency_seconds', float(m.group(3)) / 1000, 'seconds', 'interval', stat='p' + m.group(2))
            elif (m := re.fullmatch(NUM + r' MiB/sec', b)):
                emit('memory_throughput_bytes_per_second', float(m.group(1)) * MIB, 'bytes_per_second', 'interval')
            elif (m := re.fullmatch(r'reads: ' + NUM + r' MiB/s writes: ' + NUM + r' MiB/s fsyncs: ' + NUM + r'/s latency \(ms,(\d+)%\): ' + NUM, b)):
                emit('file_throughput_bytes_per_second', float(m.group(1)) * MIB, 'bytes_per_second', 'interval', op='read')
                emit('file_throughput_bytes_per_second', float(m.group(2)) * MIB, 'bytes_per_second', 'interval', op='write')
                emit('file_operations_per_second', float(m.group(3)), 'per_second', 'interval', op='fsync')
                emit('latency_seconds', float(m.group(5)) / 1000, 'seconds', 'interval', stat='p' + m.group(4))
            elif (m := re.fullmatch(r'threads: \d+, tps: ' + NUM + r', reads/s: [0-9.]+, writes/s: [0-9.]+ response time: ' + NUM + r'ms \((\d+)%\)', b)):
                emit('transactions_per_second', float(m.group(1)), 'per_second', 'interval')
                emit('latency_seconds', float(m.group(2)) / 1000, 'seconds', 'interval', stat='p' + m.group(3))
            elif b == 'Checkpoint report:':
                checkpoint[0] = True
            else:
                unparsed += 1
            continue
        if t == 'Latency (ms):':
            lat_scale = 1e-3
            continue
        if (m := re.fullmatch(r'events per second:\s+' + NUM, t)):
            emit('events_per_second', float(m.group(1)), 'per_second', 'final')
        elif (m := re.fullmatch(r'total time:\s+' + NUM + 's', t)):
            emit('total_time_seconds', float(m.group(1)), 'seconds', 'final')
        elif (m := re.fullmatch(r'total number of events:\s+' + NUM, t)):
            emit('events_total', float(m.group(1)), 'count', 'final')
        elif (m := re.fullmatch(r'total time taken by event execution:\s+(\S+)', t)):
            emit('latency_seconds', dur(m.group(1), 1.0), 'seconds', 'final', stat='sum')
        elif (m := re.fullmatch(r'(min|avg|max|sum):\s+(\S+)', t)):
            emit('latency_seconds', dur(m.group(2), lat_scale), 'seconds', 'final', stat=m.group(1))
        elif (m := re.fullmatch(r'(?:(\d+)th|approx\.\s+(\d+)) percentile:\s+(\S+)', t)):
            emit('latency_seconds', dur(m.group(3), lat_scale), 'seconds', 'final', stat='p' + (m.group(1) or m.group(2)))
        elif (m := re.fullmatch(r'events \(avg/stddev\):\s+' + NUM + '/' + NUM, t)):
            emit('thread_events', float(m.group(1)), 'count', 'final', stat='avg')
            emit('thread_events', float(m.group(2)), 'count', 'final', stat='stddev')
        elif (m := re.fullmatch(r'execution time \(avg/stddev\):\s+' + NUM + '/' + NUM, t)):
            emit('thread_execution_time_seconds', float(m.group(1)), 'seconds', 'final', stat='avg')
            emit('thread_execution_time_seconds', float(m.group(2)), 'seconds', 'final', stat='stddev')
            checkpoint[0] = False
        elif (m := re.fullmatch(r'(?:Total operations|Operations performed):\s+\d+\s+\(\s*' + NUM + r' (?:per second|ops/sec)\)', t)):
            emit('events_per_second', float(m.group(1)), 'per_second', 'final')
        elif (m := re.fullmatch(NUM + r' (MiB|MB) transferred \(' + NUM + r' (MiB|MB)/sec\)', t)):
            emit('memory_transferred_bytes', float(m.group(1)) * MIB, 'bytes', 'final')
            emit('memory_throughput_bytes_per_second', float(m.group(3)) * MIB, 'bytes_per_second', 'final')
        elif (m := re.fullmatch(r'(reads|writes|fsyncs)/s:\s+' + NUM, t)):
            emit('file_operations_per_second', float(m.group(2)), 'per_second', 'final', op={'reads': 'read', 'writes': 'write', 'fsyncs': 'fsync'}[m.group(1)])
        elif (m := re.fullmatch(r'(read|written), MiB/s:\s+' + NUM, t)):
            emit('file_throughput_bytes_per_second', float(m.group(2)) * MIB, 'bytes_per_second', 'final', op='read' if m.group(1) == 'read' else 'write')
        elif (m := re.fullmatch(r'Read \S+\s+Written \S+\s+Total transferred \S+\s+\(' + NUM + r'([KMG]?)b/sec\)', t)):
            emit('file_throughput_bytes_per_second', float(m.group(1)) * 1024 ** ' KMG'.index(m.group(2) or ' '), 'bytes_per_second', 'final', op='total')
        elif (m := re.fullmatch(NUM + r' Requests/sec executed', t)):
            emit('events_per_second', float(m.group(1)), 'per_second', 'final')
        elif (m := re.fullmatch(r'transactions:\s+\d+\s+\(' + NUM + r' per sec\.\)', t)):
            emit('transactions_per_second', float(m.group(1)), 'per_second', 'final')
        elif not any(re.fullmatch(k, t) for k in KNOWN):
            unparsed += 1
    return out, unparsed, failed


# A --report-checkpoints report counts the events since the previous checkpoint
# (sysbench src/sb_counter.c: sb_counters_agg_cumulative subtracts the last report's counters):
# 8122, 8331, 8338 events in sysbench10_cpu_checkpoints, about one second each.
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
    bench = None
    if cmd:
        toks = cmd.split()[1:]
        test = next((t[7:] for t in toks if t.startswith('--test=')), None) or next(t for t in toks if not t.startswith('-') and t not in ('run', 'prepare', 'cleanup'))
        bench = re.sub(r'\.lua$', '', test.split('/')[-1]).lower()
    ms, unparsed, failed = parse(lines, bench)
    as_counters(ms)
    doc = {'tool': 'sysbench'}
    if cmd:
        doc['commandLine'] = cmd
    doc.update({'measurements': ms, 'unparsed': unparsed, 'runFailed': failed})
    with open(case + '.expected.json', 'w', encoding='utf-8') as f:
        f.write('{"tool": "sysbench",' + (' "commandLine": %s,' % json.dumps(cmd) if cmd else '') + '\n "measurements": [\n')
        f.write(',\n'.join('  ' + json.dumps(m) for m in ms))
        f.write('\n ],\n "unparsed": %d, "runFailed": %s}\n' % (unparsed, 'true' if failed else 'false'))
    print('%-52s %3d measurements, unparsed=%d, failed=%s, benchmark=%s' % (case, len(ms), unparsed, failed, ms[0]['benchmark'] if ms else '-'))
