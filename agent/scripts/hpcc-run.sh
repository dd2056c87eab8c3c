#!/bin/sh
# Runs HPCC (HPL + STREAM + the rest) once with problem size N on one process and prints
# hpccoutf.txt on stdout, so the agent can stream it. HPCC writes its results to a file in the
# working directory, not to stdout: this wrapper makes a private directory, writes hpccinf.txt
# from Debian's example with N, NB and a 1x1 process grid, runs hpcc, and cats the result.
#   hpcc-run.sh [N] [NB]        (defaults: N=1000, the paper's size; NB=80)
#   hpcc-run.sh stream4x [NB]   N chosen so that HPCC's STREAM arrays (N*N/3 doubles each) are at
#                               least 4 times the largest CPU cache, as the paper requires
set -eu
# lxc-execute starts with a minimal environment: make sure hpcc and mpirun are found.
PATH="$PATH:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
export PATH
n="${1:-1000}"
nb="${2:-80}"
if [ "$n" = stream4x ]; then
    cache=0
    for level in LEVEL4_CACHE_SIZE LEVEL3_CACHE_SIZE LEVEL2_CACHE_SIZE LEVEL1_DCACHE_SIZE; do
        size="$(getconf "$level" 2>/dev/null || true)"
        case "$size" in ''|*[!0-9]*) continue ;; esac
        if [ "$size" -gt "$cache" ]; then cache="$size"; fi
    done
    [ "$cache" -gt 0 ] || cache=$((8 * 1024 * 1024))
    # array bytes = 8 * N^2 / 3 >= 4 * cache  <=>  N >= sqrt(1.5 * cache)
    n="$(awk -v c="$cache" 'BEGIN { n = int(sqrt(1.5 * c)) + 1; print n }')"
    echo "hpcc-run.sh: largest cache $cache bytes -> N=$n (STREAM arrays of $((n * n / 3)) doubles)" >&2
fi
example=/usr/share/doc/hpcc/examples/_hpccinf.txt
[ -r "$example" ] || { echo "hpcc-run.sh: $example not found (apt-get install hpcc)" >&2; exit 2; }
dir="$(mktemp -d "${TMPDIR:-/tmp}/hpcc.XXXXXX")"
trap 'rm -rf "$dir"' EXIT INT TERM
# Line 6: Ns, line 8: NBs, lines 11/12: Ps/Qs (1x1 grid: one MPI process per instance).
sed -e "6s/^[0-9]*/$n/" -e "8s/^[0-9]*/$nb/" -e '11s/^[0-9]*/1/' -e '12s/^[0-9]*/1/' "$example" > "$dir/hpccinf.txt"
cd "$dir"
# Open MPI needs a network interface: in a container with an empty network (LXC
# lxc.net.0.type = empty) the loopback exists but is down, so bring it up when allowed.
if command -v ip >/dev/null 2>&1; then ip link set lo up 2>/dev/null || true; fi
if [ "$(id -u)" = 0 ]; then root="--allow-run-as-root"; else root=""; fi
# shellcheck disable=SC2086
status=0
OMPI_MCA_plm=isolated OMPI_MCA_btl_vader_single_copy_mechanism=none mpirun $root -np 1 hpcc > hpcc.stdout 2>&1 || status=$?
if [ -f hpccoutf.txt ]; then cat hpccoutf.txt; fi
if [ "$status" != 0 ]; then cat hpcc.stdout >&2; fi
exit "$status"
