#!/usr/bin/env bash
# bin/lib/kafka/fetch.sh - put the Apache Kafka broker jars (bin/lib/kafka/pom.xml) into
# BENCHTAP_KAFKA_LIBS (default ~/.cache/benchtap/kafka-<version>), for bin/lib/services.sh to
# start a single-node KRaft broker with `java -cp 'DIR/*' kafka.Kafka`. Idempotent: a stamp holding
# the POM's checksum says the copy is complete; Maven's own repository serves it offline after the
# first time. Prints the directory.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
pom="$here/pom.xml"
version="$(sed -n 's|.*<kafka.version>\(.*\)</kafka.version>.*|\1|p' "$pom")"
dir="${BENCHTAP_KAFKA_LIBS:-${XDG_CACHE_HOME:-$HOME/.cache}/benchtap/kafka-$version}"
sum="$(sha256sum "$pom" | cut -d' ' -f1)"
if [[ -f "$dir/.complete" && "$(cat "$dir/.complete")" == "$sum" ]]; then
    printf '%s\n' "$dir"
    exit 0
fi
rm -rf -- "$dir"
mkdir -p -- "$dir"
log="$(mktemp /tmp/benchtap-kafka-fetch.XXXXXX.log)"
# Offline first (the local repository usually has it), then from the registry.
if ! mvn -B -q -o -f "$pom" dependency:copy-dependencies -DoutputDirectory="$dir" >"$log" 2>&1 &&
    ! mvn -B -q -f "$pom" dependency:copy-dependencies -DoutputDirectory="$dir" >>"$log" 2>&1; then
    printf 'bin/lib/kafka/fetch.sh: could not fetch the Kafka %s jars; last lines:\n' "$version" >&2
    tail -n 20 "$log" >&2
    rm -f "$log"
    exit 1
fi
rm -f "$log"
printf '%s\n' "$sum" >"$dir/.complete"
printf '%s\n' "$dir"
