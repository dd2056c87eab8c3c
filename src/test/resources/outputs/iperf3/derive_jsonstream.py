#!/usr/bin/env python3
"""Derives --json-stream shaped files from real iperf3 3.12 --json captures (3.12 has no
--json-stream). Each output line is {"event": E, "data": D} with D = the document's start, each
element of intervals, and end, in that order, serialised compactly - the event framing that
iperf3 >= 3.17 prints (see README.md). DERIVED, not a capture: values are the real 3.12 ones.
Usage: python3 derive_jsonstream.py  (run in this directory)
"""
import json

for src, dst in [('iperf3_tcp_json.txt', 'iperf3_jsonstream_derived_tcp.txt'),
                 ('iperf3_udp_json.txt', 'iperf3_jsonstream_derived_udp.txt')]:
    doc = json.load(open(src))
    events = [('start', doc['start'])] + [('interval', i) for i in doc['intervals']] + [('end', doc['end'])]
    with open(dst, 'w') as f:
        for name, data in events:
            f.write(json.dumps({'event': name, 'data': data}, separators=(',', ':')) + '\n')
