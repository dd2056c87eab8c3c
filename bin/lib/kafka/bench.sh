#!/usr/bin/env bash
# bin/lib/kafka/bench.sh [RECORDS] - the Kafka sizing bench of docs/scale-out.md ("Sizing"):
# starts the single-node Kafka of bin/lib/services.sh (its BENCHTAP_IT_KAFKA_* ports and
# BENCHTAP_IT_STATE_FILE apply), then io.benchtap.bench.KafkaBench: a backlog of RECORDS
# (60000) bridge records drained by 1 processor, by 2, and a SIGKILL of one of 2 processors.
# Needs target/benchtap.jar and target/benchtap-bench.jar (mvn -o -B -q package -DskipTests).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
jar="$repo/target/benchtap.jar"
bench_jar="$repo/target/benchtap-bench.jar"
for j in "$jar" "$bench_jar"; do
    if [[ ! -f "$j" ]]; then
        printf 'bin/lib/kafka/bench.sh: %s is missing; build it with mvn -o -B -q package -DskipTests\n' "$j" >&2
        exit 1
    fi
done
# shellcheck source=bin/lib/services.sh
source "$repo/bin/lib/services.sh"
trap 'bt_stop_all' EXIT
bt_services_init
bt_start_kafka
java -cp "$bench_jar:$jar" io.benchtap.bench.KafkaBench "$BENCHTAP_IT_KAFKA" "$jar" "$repo/src/test/resources/outputs" \
    "$BT_RUN_DIR/bench" "${1:-60000}"
