#!/bin/sh
# captures sysbench cpu natively and in LXC application containers, 1 and 2 instances in parallel, 2 repetitions
set -eu
out="$1"
cmd="sysbench cpu --cpu-max-prime=10000 --threads=1 --events=6000 --time=0 --report-interval=1 run"
for env in native lxc; do
  for n in 1 2; do
    for rep in 1 2; do
      d="$out/$env/x$n/rep$rep"; mkdir -p "$d"
      for i in $(seq 1 $n); do
        if [ "$env" = native ]; then
          $cmd > "$d/$i.txt" 2>&1 &
        else
          name="btimp$n$rep$i"; sed "s/NAME/$name/" c.conf.tmpl > "$name.conf"
          lxc-execute -n "$name" -f "$name.conf" -- $cmd > "$d/$i.txt" 2>&1 &
        fi
      done
      wait
    done
  done
done
