#!/usr/bin/env bash
# capture.sh - captures the real netperf fixtures (<case>_lo.txt, <case>_veth.txt) with the netperf
# installed here, and writes their command lines into commands.tsv (rows of earlier captures
# replaced). Run as root from this directory: bash capture.sh [CASE...] (CASE: a name below,
# such as tcp_rr_v2; none: every case)
#
# Two setups, both on this machine only:
#   lo    netserver -D -L 127.0.0.1 -p PORT in the host's namespace, netperf -H 127.0.0.1 -p PORT
#   veth  two network namespaces joined by a veth pair, 198.19.77.1/24 (client) and 198.19.77.2/24
#         (netserver), RFC 2544 benchmarking addresses; no route leaves the pair
# Each case is netperf's stdout and stderr (2>&1, as `netperf ... 2>&1 | mosquitto_pub -l`
# streams it), exactly as printed.
set -euo pipefail
cd "$(dirname "$0")"
only=("$@")

version="$(netperf -V 2>&1)"
echo "capture.sh: $version ($(dpkg-query -W -f='${Package} ${Version}' netperf 2>/dev/null || echo 'not from a package'))" >&2

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

ns_client=h1npa
ns_server=h1npb
server_pid=""
rows="$(mktemp)"
cleanup() {
    if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    ip netns del "$ns_client" 2>/dev/null || true
    ip netns del "$ns_server" 2>/dev/null || true
    rm -f "$rows"
}
trap cleanup EXIT

# The cases: name, then the netperf arguments after -H HOST -p PORT; both setups run every case.
# Names differ in more than letter case (-o/-O, -f m/M), for case-insensitive file systems.
cases=(
    "udp_rr_v2|-t UDP_RR -l 1 -v 2"
    "tcp_rr_v2|-t TCP_RR -l 1 -v 2 -- -r 100,200"
    "tcp_rr_v2_cpu|-t TCP_RR -l 1 -v 2 -c -C"
    "tcp_crr_v2|-t TCP_CRR -l 1 -v 2"
    "tcp_stream_v2|-t TCP_STREAM -l 1 -v 2"
    "tcp_maerts_v2|-t TCP_MAERTS -l 1 -v 2"
    "udp_stream_v2|-t UDP_STREAM -l 1 -v 2 -- -m 1024"
    "tcp_rr_p0_csv|-P 0 -t TCP_RR -l 1 -- -o THROUGHPUT,THROUGHPUT_UNITS,MIN_LATENCY,MEAN_LATENCY,P99_LATENCY"
    "tcp_rr_p0_csv_nounit|-P 0 -t TCP_RR -l 1 -- -o P50_LATENCY,P90_LATENCY,P99_LATENCY"
    "tcp_rr_omni_csv|-t TCP_RR -l 1 -c -C -- -o THROUGHPUT,THROUGHPUT_UNITS,RT_LATENCY,P50_LATENCY,P99_LATENCY,LOCAL_CPU_UTIL,REMOTE_CPU_UTIL"
    "tcp_stream_omni_csv|-t TCP_STREAM -l 1 -- -o THROUGHPUT,THROUGHPUT_UNITS,ELAPSED_TIME"
    "udp_rr_omni_human|-t UDP_RR -l 1 -- -O MIN_LATENCY,MEAN_LATENCY,P90_LATENCY,P99_LATENCY,MAX_LATENCY,STDDEV_LATENCY,TRANSACTION_RATE"
    "tcp_stream_omni_human|-t TCP_STREAM -l 1 -- -O THROUGHPUT,THROUGHPUT_UNITS,LOCAL_SEND_SIZE"
    "tcp_rr_omni_human_max|-t TCP_RR -l 1 -v 2 -- -O MAX_LATENCY"
    "tcp_rr_omni_keyval|-t TCP_RR -l 1 -- -k THROUGHPUT,THROUGHPUT_UNITS,RT_LATENCY,MIN_LATENCY,MAX_LATENCY"
    "tcp_stream_omni_keyval|-t TCP_STREAM -l 1 -- -k THROUGHPUT,THROUGHPUT_UNITS"
    "tcp_stream_cpu_both|-t TCP_STREAM -l 1 -c -C"
    "tcp_stream_cpu_local|-t TCP_STREAM -l 1 -c"
    "udp_stream_cpu_both|-t UDP_STREAM -l 1 -c -C -- -m 1024"
    "udp_stream_cpu_local|-t UDP_STREAM -l 1 -c -- -m 1024"
    "tcp_rr_cpu_both|-t TCP_RR -l 1 -c -C"
    "tcp_rr_cpu_remote|-t TCP_RR -l 1 -C"
    "udp_rr_cpu_both|-t UDP_RR -l 1 -c -C"
    "tcp_stream_f_mbit|-t TCP_STREAM -l 1 -f m"
    "tcp_stream_f_mbyte|-t TCP_STREAM -l 1 -f M"
    "tcp_stream_f_kbit|-t TCP_STREAM -l 1 -f k"
    "tcp_stream_f_gbit|-t TCP_STREAM -l 1 -f g"
    "udp_stream_f_kbyte|-t UDP_STREAM -l 1 -f K -- -m 1024"
    "tcp_stream_interim|-t TCP_STREAM -l 3 -D 1"
    "tcp_rr_interim|-t TCP_RR -l 3 -D 1"
    "tcp_rr_confidence|-t TCP_RR -l 1 -I 99,5 -i 10,3"
    "tcp_stream_confidence|-t TCP_STREAM -l 1 -I 99,5 -i 10,3"
)

# run SETUP CLIENT-PREFIX HOST PORT: every case against the netserver at HOST:PORT.
run() {
    local setup="$1" prefix="$2" host="$3" port="$4" c name args cmd
    for c in "${cases[@]}"; do
        if ((${#only[@]})) && [[ " ${only[*]} " != *" ${c%%|*} "* ]]; then continue; fi
        name="netperf_${c%%|*}_$setup"
        args="${c#*|}"
        # global options first, as netperf wants them before the test's own after --
        cmd="netperf -H $host -p $port ${args}"
        echo "capture.sh: $name: $cmd" >&2
        # shellcheck disable=SC2086
        $prefix $cmd >"$name.txt" 2>&1 || echo "capture.sh: $name: exit status $?" >&2
        printf '%s\t%s\n' "$name" "$cmd" >>"$rows"
    done
    # Nothing listens on the port once the netserver is gone: the failure output.
    name="netperf_no_netserver_$setup"
    cmd="netperf -H $host -p $port -t TCP_RR -l 1"
    kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
    if ((${#only[@]})) && [[ " ${only[*]} " != *" no_netserver "* ]]; then return 0; fi
    # shellcheck disable=SC2086
    $prefix $cmd >"$name.txt" 2>&1 || true
    printf '%s\t%s\n' "$name" "$cmd" >>"$rows"
}

port="$(free_port)"
netserver -D -L 127.0.0.1 -p "$port" >/dev/null 2>&1 &
server_pid=$!
sleep 1
run lo "" 127.0.0.1 "$port"

ip netns add "$ns_client"
ip netns add "$ns_server"
ip link add h1npva netns "$ns_client" type veth peer name h1npvb netns "$ns_server"
ip -n "$ns_client" addr add 198.19.77.1/24 dev h1npva
ip -n "$ns_server" addr add 198.19.77.2/24 dev h1npvb
for ns in "$ns_client" "$ns_server"; do
    ip -n "$ns" link set lo up
done
ip -n "$ns_client" link set h1npva up
ip -n "$ns_server" link set h1npvb up
port="$(free_port)"
ip netns exec "$ns_server" netserver -D -L 198.19.77.2 -p "$port" >/dev/null 2>&1 &
server_pid=$!
sleep 1
run veth "ip netns exec $ns_client" 198.19.77.2 "$port"

# commands.tsv: the rows of this capture replace those of an earlier one.
awk -F'\t' 'NR == FNR { new[$1] = 1; next } !($1 in new)' "$rows" commands.tsv >commands.tsv.new
cat "$rows" >>commands.tsv.new
mv commands.tsv.new commands.tsv
echo "capture.sh: done; netperf $version" >&2
