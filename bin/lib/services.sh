# shellcheck shell=bash
# bin/lib/services.sh - start/stop the services benchtap's integration tests
# talk to, each on 127.0.0.1 on a port of its own, with throw-away data under
# one run directory.
#
# Source it from bash, then:
#   bt_services_init            # run dir, lock, cleanup of an aborted run
#   bt_start_all                # or bt_start_mosquitto / bt_start_victoria_metrics / bt_start_prometheus
#   ...                         # BENCHTAP_IT_* variables are exported
#   bt_stop_all                 # stop what this run started, remove the run dir
#
# Settings (environment, all optional):
#   BENCHTAP_IT_MQTT_PORT       anonymous MQTT listener      (18831)
#   BENCHTAP_IT_MQTT_AUTH_PORT  password MQTT listener       (18832)
#   BENCHTAP_IT_MQTT_TLS_PORT   TLS MQTT listener, certificate of a throw-away CA (18833);
#                               BENCHTAP_IT_MQTT_CA is exported with the CA's PEM file
#   BENCHTAP_IT_VM_PORT         VictoriaMetrics HTTP          (18428)
#   BENCHTAP_IT_PROM_PORT       Prometheus HTTP               (19091)
#   BENCHTAP_IT_HTTP_PORT       where tests run benchtap's /metrics, scraped by Prometheus (19471)
#   BENCHTAP_IT_KAFKA_PORT      Kafka broker (KRaft, one node, broker+controller)   (19092);
#                               BENCHTAP_IT_KAFKA is exported as 127.0.0.1:PORT
#   BENCHTAP_IT_KAFKA_CONTROLLER_PORT  its controller listener                     (19093)
#   BENCHTAP_IT_RUN_DIR         run dir to use (default: mktemp -d /tmp/benchtap-test.XXXXXX)
#   BENCHTAP_IT_STATE_FILE      pids of the current run, for cleanup after an abort
#                               (/tmp/benchtap-test.state; lock file: STATE.lock)
#   BENCHTAP_IT_READY_TIMEOUT   seconds to wait for each service (30)
#   BENCHTAP_KEEP_TEST_DIR=1    keep the run dir (logs, data) after bt_stop_all
#
# Layout of the run dir: NAME.pid, NAME.log, NAME/ (config and data) for NAME
# in mosquitto, victoria-metrics, prometheus, kafka.
#
# Every function returns non-zero with a message on stderr on failure; none
# calls exit, so callers decide.

BT_HOST=127.0.0.1

: "${BENCHTAP_IT_MQTT_PORT:=18831}"
: "${BENCHTAP_IT_MQTT_AUTH_PORT:=18832}"
: "${BENCHTAP_IT_MQTT_TLS_PORT:=18833}"
: "${BENCHTAP_IT_VM_PORT:=18428}"
: "${BENCHTAP_IT_PROM_PORT:=19091}"
: "${BENCHTAP_IT_HTTP_PORT:=19471}"
: "${BENCHTAP_IT_KAFKA_PORT:=19092}"
: "${BENCHTAP_IT_KAFKA_CONTROLLER_PORT:=19093}"
: "${BENCHTAP_IT_MQTT_USER:=benchtap}"
: "${BENCHTAP_IT_MQTT_PASSWORD:=it-secret}"
: "${BENCHTAP_IT_STATE_FILE:=/tmp/benchtap-test.state}"
: "${BENCHTAP_IT_READY_TIMEOUT:=30}"

export BENCHTAP_IT_MQTT_PORT BENCHTAP_IT_MQTT_AUTH_PORT BENCHTAP_IT_MQTT_TLS_PORT BENCHTAP_IT_VM_PORT \
    BENCHTAP_IT_PROM_PORT BENCHTAP_IT_HTTP_PORT BENCHTAP_IT_MQTT_USER \
    BENCHTAP_IT_MQTT_PASSWORD BENCHTAP_IT_KAFKA_PORT BENCHTAP_IT_KAFKA_CONTROLLER_PORT

# Repo root: two levels up from this file (bin/lib/services.sh).
BT_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=bin/lib/mosquitto.sh
source "$BT_REPO_ROOT/bin/lib/mosquitto.sh"

BT_RUN_DIR=""
BT_RUN_DIR_OWNED=0
BT_LOCK_FD=""
BT_STARTED=()

bt__log() { printf 'benchtap-test: %s\n' "$*" >&2; }
bt__err() { printf 'benchtap-test: ERROR: %s\n' "$*" >&2; }

bt__bin() { # name, fallback path
    local p
    p="$(command -v "$1" 2>/dev/null || true)"
    if [[ -z "$p" && -x "$2" ]]; then p="$2"; fi
    if [[ -z "$p" ]]; then
        bt__err "$1 not found (run bin/setup)"
        return 1
    fi
    printf '%s\n' "$p"
}

# True if pid is a live (non-zombie) process.
bt__alive() {
    local pid="$1" state
    [[ -n "$pid" && -r "/proc/$pid/stat" ]] || return 1
    state="$(sed -E 's/^.*\) ([A-Za-z]).*$/\1/' "/proc/$pid/stat" 2>/dev/null || true)"
    [[ -n "$state" && "$state" != Z && "$state" != X ]]
}

# True if pid is alive and its command line mentions the given run dir or
# its environment has BENCHTAP_IT_RUN_DIR=dir (guards against killing an
# unrelated process that reused the pid).
bt__pid_in_dir() {
    local pid="$1" dir="$2"
    bt__alive "$pid" || return 1
    tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$dir" && return 0
    tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qxF -- "BENCHTAP_IT_RUN_DIR=$dir"
}

bt__port_open() { # port
    (exec 3<>"/dev/tcp/$BT_HOST/$1") 2>/dev/null
}

bt__port_owner() { # port -> description of listener, if any
    ss -H -ltnp "sport = :$1" 2>/dev/null | head -n1 | tr -s ' '
}

bt__require_free_port() { # service port
    if bt__port_open "$2"; then
        bt__err "$1: port $BT_HOST:$2 is already in use: $(bt__port_owner "$2")"
        return 1
    fi
}

# Stop a pid: TERM, wait up to 15 s, then KILL.
bt__kill_pid() {
    local pid="$1" i
    bt__alive "$pid" || { wait "$pid" 2>/dev/null || true; return 0; }
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 150; i++)); do
        bt__alive "$pid" || break
        sleep 0.1
    done
    if bt__alive "$pid"; then
        kill -KILL "$pid" 2>/dev/null || true
        for ((i = 0; i < 50; i++)); do
            bt__alive "$pid" || break
            sleep 0.1
        done
    fi
    wait "$pid" 2>/dev/null || true # reap if it is our child
    ! bt__alive "$pid"
}

# Stop a process group: TERM, wait up to 20 s for its leader, then KILL the
# whole group.
bt__kill_group() {
    local pgid="$1" i
    kill -TERM -- "-$pgid" 2>/dev/null || kill -TERM "$pgid" 2>/dev/null || true
    for ((i = 0; i < 200; i++)); do
        bt__alive "$pgid" || break
        sleep 0.1
    done
    kill -KILL -- "-$pgid" 2>/dev/null || true
    wait "$pgid" 2>/dev/null || true
}

# Record a process group started by the caller (e.g. Maven, started with
# `setsid CMD {BT_LOCK_FD}>&- &` so that it does not hold the lock), so that bt_cleanup_leftovers stops it if this run is killed
# without its traps running. Its leader's environment must contain
# BENCHTAP_IT_RUN_DIR (exported by bt_services_init).
bt_track_group() { # name pgid
    printf 'group %s %s %s\n' "$1" "$2" "$BT_RUN_DIR" >>"$BENCHTAP_IT_STATE_FILE"
}

# Kill leftovers of an earlier run that was aborted (its state file survived).
bt_cleanup_leftovers() {
    local state="$BENCHTAP_IT_STATE_FILE" kind a b c
    [[ -f "$state" ]] || return 0
    # Maven (and the tests) first, so they do not fail against vanished services.
    while read -r kind a b c; do
        case "$kind" in
        group) # group NAME PGID RUNDIR: a process group led by PGID
            if bt__pid_in_dir "$b" "$c"; then
                bt__log "stopping leftover $a (process group $b) of an earlier run"
                bt__kill_group "$b"
            fi
            ;;
        esac
    done <"$state"
    while read -r kind a b c; do
        case "$kind" in
        pid) # pid NAME PID RUNDIR
            if bt__pid_in_dir "$b" "$c"; then
                bt__log "stopping leftover $a (pid $b) of an earlier run"
                bt__kill_pid "$b" || bt__err "could not stop leftover $a (pid $b)"
            fi
            ;;
        esac
    done <"$state"
    while read -r kind a b c; do
        case "$kind" in
        dir) # dir RUNDIR OWNED
            if [[ "$b" == 1 && "$a" == /tmp/benchtap-test.* && -d "$a" ]]; then
                rm -rf -- "$a"
            fi
            ;;
        esac
    done <"$state"
    rm -f -- "$state"
}

# Set up the run dir, take the lock (one run at a time on a machine) and clean
# up after an earlier aborted run.
bt_services_init() {
    if [[ -n "$BT_RUN_DIR" ]]; then return 0; fi
    local lock="$BENCHTAP_IT_STATE_FILE.lock"
    exec {BT_LOCK_FD}>>"$lock" || { bt__err "cannot open lock file $lock"; return 1; }
    if ! flock -w 10 "$BT_LOCK_FD"; then
        bt__err "another benchtap test run holds $lock (is bin/test running elsewhere?)"
        exec {BT_LOCK_FD}>&-
        BT_LOCK_FD=""
        return 1
    fi
    bt_cleanup_leftovers

    if [[ -n "${BENCHTAP_IT_RUN_DIR:-}" ]]; then
        BT_RUN_DIR="$BENCHTAP_IT_RUN_DIR"
        mkdir -p -- "$BT_RUN_DIR"
        BT_RUN_DIR_OWNED=0
    else
        BT_RUN_DIR="$(mktemp -d /tmp/benchtap-test.XXXXXX)"
        BT_RUN_DIR_OWNED=1
    fi
    BT_RUN_DIR="$(cd "$BT_RUN_DIR" && pwd)"
    export BENCHTAP_IT_RUN_DIR="$BT_RUN_DIR"
    printf 'dir %s %s\n' "$BT_RUN_DIR" "$BT_RUN_DIR_OWNED" >"$BENCHTAP_IT_STATE_FILE"
}

# Start a command in the background, record its pid. Args: NAME CMD...
bt__spawn() {
    local name="$1"
    shift
    local logf="$BT_RUN_DIR/$name.log"
    # stdin from /dev/null, lock fd closed so a leftover cannot hold the lock.
    if [[ -n "$BT_LOCK_FD" ]]; then
        "$@" </dev/null >>"$logf" 2>&1 {BT_LOCK_FD}>&- &
    else
        "$@" </dev/null >>"$logf" 2>&1 &
    fi
    local pid=$!
    printf '%s\n' "$pid" >"$BT_RUN_DIR/$name.pid"
    printf 'pid %s %s %s\n' "$name" "$pid" "$BT_RUN_DIR" >>"$BENCHTAP_IT_STATE_FILE"
    BT_STARTED+=("$name")
}

bt__fail_start() { # name message
    local name="$1" logf="$BT_RUN_DIR/$1.log"
    bt__err "$name: $2"
    if [[ -s "$logf" ]]; then
        printf -- '--- last lines of %s ---\n' "$logf" >&2
        tail -n 25 "$logf" >&2
        printf -- '---\n' >&2
    fi
    bt_stop_service "$name" || true
    return 1
}

# Poll CHECK-CMD until it succeeds; fail if the process dies or time runs out.
bt__wait_ready() { # name check-cmd...
    local name="$1"
    shift
    local pid deadline
    pid="$(cat "$BT_RUN_DIR/$name.pid")"
    deadline=$((SECONDS + BENCHTAP_IT_READY_TIMEOUT))
    while :; do
        if ! bt__alive "$pid"; then
            local st=0
            wait "$pid" 2>/dev/null || st=$?
            bt__fail_start "$name" "process exited during startup (status $st)"
            return 1
        fi
        if "$@" >/dev/null 2>&1; then return 0; fi
        if ((SECONDS >= deadline)); then
            bt__fail_start "$name" "not ready after ${BENCHTAP_IT_READY_TIMEOUT}s"
            return 1
        fi
        sleep 0.2
    done
}

bt__http_ok() { # url [expected body]
    local body
    body="$(curl -fsS --max-time 2 --noproxy '*' "$1")" || return 1
    [[ -z "${2:-}" || "$body" == *"$2"* ]]
}

# ---------------------------------------------------------------- mosquitto
# shellcheck disable=SC2016  # '$SYS' is an MQTT topic, not a variable
bt__mqtt_ready() {
    local sub="$1"
    "$sub" -h "$BT_HOST" -p "$BENCHTAP_IT_MQTT_PORT" -t '$SYS/broker/version' -C 1 -W 2 &&
        "$sub" -h "$BT_HOST" -p "$BENCHTAP_IT_MQTT_AUTH_PORT" \
            -u "$BENCHTAP_IT_MQTT_USER" -P "$BENCHTAP_IT_MQTT_PASSWORD" \
            -t '$SYS/broker/version' -C 1 -W 2
}

# One mosquitto process, two listeners: anonymous on BENCHTAP_IT_MQTT_PORT,
# password-only on BENCHTAP_IT_MQTT_AUTH_PORT (per_listener_settings).
# A throw-away CA and a server certificate for localhost / 127.0.0.1, valid for two days.
bt__make_test_ca() {
    local d="$1" openssl
    openssl="$(bt__bin openssl /usr/bin/openssl)" || return 1
    mkdir -p "$d"
    {
        "$openssl" req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=benchtap test CA" \
            -keyout "$d/ca.key" -out "$d/ca.pem" &&
        "$openssl" req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
            -keyout "$d/server.key" -out "$d/server.csr" &&
        printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >"$d/san.ext" &&
        "$openssl" x509 -req -in "$d/server.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" -CAcreateserial \
            -days 2 -extfile "$d/san.ext" -out "$d/server.pem"
    } >"$d/openssl.log" 2>&1 || { bt__err "mosquitto: making the test CA failed:"; cat "$d/openssl.log" >&2; return 1; }
    chmod 644 "$d/server.key"
}

bt_start_mosquitto() {
    bt_services_init || return 1
    local broker passwd sub dir conf
    broker="$(bt_mosquitto_bin)" || return 1
    passwd="$(bt__bin mosquitto_passwd /usr/bin/mosquitto_passwd)" || return 1
    sub="$(bt__bin mosquitto_sub /usr/bin/mosquitto_sub)" || return 1
    bt__require_free_port mosquitto "$BENCHTAP_IT_MQTT_PORT" || return 1
    bt__require_free_port mosquitto "$BENCHTAP_IT_MQTT_AUTH_PORT" || return 1
    bt__require_free_port mosquitto "$BENCHTAP_IT_MQTT_TLS_PORT" || return 1

    dir="$BT_RUN_DIR/mosquitto"
    conf="$dir/mosquitto.conf"
    mkdir -p "$dir"
    : >"$dir/passwd"
    chmod 600 "$dir/passwd"
    "$passwd" -b "$dir/passwd" "$BENCHTAP_IT_MQTT_USER" "$BENCHTAP_IT_MQTT_PASSWORD" ||
        { bt__err "mosquitto: mosquitto_passwd failed"; return 1; }

    bt__make_test_ca "$dir/tls" || return 1

    # The anonymous listener on BENCHTAP_IT_MQTT_PORT (bin/lib/mosquitto.sh), then ours.
    bt_mosquitto_conf "$dir" "$BENCHTAP_IT_MQTT_PORT" --persist 60 --inflight 20 --queued 100000 --per-listener ||
        return 1
    {
        echo
        echo "listener $BENCHTAP_IT_MQTT_AUTH_PORT $BT_HOST"
        echo "allow_anonymous false"
        echo "password_file $dir/passwd"
        echo
        echo "listener $BENCHTAP_IT_MQTT_TLS_PORT $BT_HOST"
        echo "allow_anonymous true"
        echo "cafile $dir/tls/ca.pem"
        echo "certfile $dir/tls/server.pem"
        echo "keyfile $dir/tls/server.key"
    } >>"$conf"

    bt__spawn mosquitto "$broker" -c "$conf"
    # The broker logs to its own file; show it too when startup fails.
    if ! bt__wait_ready mosquitto bt__mqtt_ready "$sub"; then
        [[ -s "$dir/mosquitto-broker.log" ]] && tail -n 25 "$dir/mosquitto-broker.log" >&2
        return 1
    fi
    export BENCHTAP_IT_MQTT_CA="$dir/tls/ca.pem"
    bt__log "mosquitto ready: mqtt://$BT_HOST:$BENCHTAP_IT_MQTT_PORT (anonymous), mqtt://$BT_HOST:$BENCHTAP_IT_MQTT_AUTH_PORT (user $BENCHTAP_IT_MQTT_USER), mqtts://localhost:$BENCHTAP_IT_MQTT_TLS_PORT (CA $dir/tls/ca.pem)"
}

# ---------------------------------------------------------- VictoriaMetrics
bt_start_victoria_metrics() {
    bt_services_init || return 1
    local vm dir
    vm="$(bt__bin victoria-metrics /usr/bin/victoria-metrics)" || return 1
    bt__require_free_port victoria-metrics "$BENCHTAP_IT_VM_PORT" || return 1
    dir="$BT_RUN_DIR/victoria-metrics"
    mkdir -p "$dir/data"

    local flags=(
        "-httpListenAddr=$BT_HOST:$BENCHTAP_IT_VM_PORT"
        "-storageDataPath=$dir/data"
        "-retentionPeriod=1d"
        # Freshly written points are queryable at once (default offset 1m
        # hides recent points from query_range; the cache could serve stale results).
        "-search.latencyOffset=0s"
        "-search.disableCache"
        "-memory.allowedPercent=20"
        "-loggerOutput=stderr"
    )
    # Newer releases have this; Debian 12's 1.79 does not.
    if "$vm" -help 2>&1 | grep -q -- '-inmemoryDataFlushInterval'; then
        flags+=("-inmemoryDataFlushInterval=1s")
    fi
    bt__spawn victoria-metrics "$vm" "${flags[@]}"
    bt__wait_ready victoria-metrics bt__http_ok "http://$BT_HOST:$BENCHTAP_IT_VM_PORT/health" OK || return 1
    export BENCHTAP_IT_VM_URL="http://$BT_HOST:$BENCHTAP_IT_VM_PORT"
    bt__log "victoria-metrics ready: $BENCHTAP_IT_VM_URL"
}

# --------------------------------------------------------------- Prometheus
bt_start_prometheus() {
    bt_services_init || return 1
    local prom promtool dir conf
    prom="$(bt__bin prometheus /usr/bin/prometheus)" || return 1
    promtool="$(bt__bin promtool /usr/bin/promtool)" || return 1
    bt__require_free_port prometheus "$BENCHTAP_IT_PROM_PORT" || return 1
    dir="$BT_RUN_DIR/prometheus"
    conf="$dir/prometheus.yml"
    mkdir -p "$dir/data"

    cat >"$conf" <<EOF
# generated by benchtap bin/lib/services.sh
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
rule_files:
  - '$BT_REPO_ROOT/prometheus/rules/*.yml'
scrape_configs:
  - job_name: benchtap
    metrics_path: /metrics
    # benchtap exports an 'instance' label (the benchmark instance, 1..N); keep it rather than
    # renaming it to exported_instance.
    honor_labels: true
    static_configs:
      - targets: ['$BT_HOST:$BENCHTAP_IT_HTTP_PORT']
EOF

    local out
    if ! out="$("$promtool" check config "$conf" 2>&1)"; then
        bt__err "prometheus: promtool check config $conf failed:"
        printf '%s\n' "$out" >&2
        return 1
    fi

    bt__spawn prometheus "$prom" \
        "--config.file=$conf" \
        "--storage.tsdb.path=$dir/data" \
        "--storage.tsdb.retention.time=1d" \
        "--web.listen-address=$BT_HOST:$BENCHTAP_IT_PROM_PORT"
    bt__wait_ready prometheus bt__http_ok "http://$BT_HOST:$BENCHTAP_IT_PROM_PORT/-/ready" || return 1
    export BENCHTAP_IT_PROM_URL="http://$BT_HOST:$BENCHTAP_IT_PROM_PORT"
    bt__log "prometheus ready: $BENCHTAP_IT_PROM_URL (scrapes http://$BT_HOST:$BENCHTAP_IT_HTTP_PORT/metrics every 1s)"
}

# -------------------------------------------------------------------- Kafka
# A single-node KRaft broker (broker and controller in one JVM) from the Maven Central jars that
# bin/lib/kafka/fetch.sh keeps in a cache directory; throw-away data under the run dir.
# bt_start_kafka = bt__spawn_kafka (returns at once) + bt__await_kafka (the readiness check), so
# that bt_start_all lets the broker's JVM boot while the other services start.
bt_start_kafka() {
    bt__spawn_kafka && bt__await_kafka
}

bt__spawn_kafka() {
    bt_services_init || return 1
    local libs java dir conf tpl
    java="$(bt__bin java /usr/bin/java)" || return 1
    libs="$(bash "$BT_REPO_ROOT/bin/lib/kafka/fetch.sh")" || return 1
    bt__require_free_port kafka "$BENCHTAP_IT_KAFKA_PORT" || return 1
    bt__require_free_port kafka "$BENCHTAP_IT_KAFKA_CONTROLLER_PORT" || return 1
    dir="$BT_RUN_DIR/kafka"
    conf="$dir/server.properties"
    mkdir -p "$dir/data"
    bt__kafka_config "$dir/data" "$BENCHTAP_IT_KAFKA_PORT" "$BENCHTAP_IT_KAFKA_CONTROLLER_PORT" >"$conf"
    printf '%s\n' 'Configuration:' '  Appenders:' '    Console:' '      name: STDOUT' '      PatternLayout:' \
        '        pattern: "[%d] %p %m (%c)%n"' '  Loggers:' '    Root:' '      level: WARN' '      AppenderRef:' \
        '        - ref: STDOUT' '    Logger:' '      - name: kafka.server.KafkaRaftServer' '        level: INFO' \
        >"$dir/log4j2.yaml"
    tpl="$(bt__kafka_storage_template "$libs" "$java")" || return 1
    cp -- "$tpl/meta.properties" "$tpl/bootstrap.checkpoint" "$dir/data/" || return 1
    bt__spawn kafka "$java" -Xms256m -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
        "-Dlog4j2.configurationFile=$dir/log4j2.yaml" -cp "$libs/*" kafka.Kafka "$conf"
}

bt__await_kafka() {
    bt__wait_ready kafka bt__kafka_ready || return 1
    export BENCHTAP_IT_KAFKA="$BT_HOST:$BENCHTAP_IT_KAFKA_PORT"
    bt__log "kafka ready: $BENCHTAP_IT_KAFKA (KRaft, controller on $BT_HOST:$BENCHTAP_IT_KAFKA_CONTROLLER_PORT)"
}

bt__kafka_config() { # log-dir port controller-port
    printf '%s\n' '# generated by benchtap bin/lib/services.sh' \
        'process.roles=broker,controller' \
        'node.id=1' \
        "controller.quorum.voters=1@$BT_HOST:$3" \
        "listeners=PLAINTEXT://$BT_HOST:$2,CONTROLLER://$BT_HOST:$3" \
        "advertised.listeners=PLAINTEXT://$BT_HOST:$2" \
        'controller.listener.names=CONTROLLER' \
        'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT' \
        'inter.broker.listener.name=PLAINTEXT' \
        "log.dirs=$1" \
        'offsets.topic.replication.factor=1' \
        'offsets.topic.num.partitions=4' \
        'transaction.state.log.replication.factor=1' \
        'transaction.state.log.min.isr=1' \
        'share.coordinator.state.topic.replication.factor=1' \
        'share.coordinator.state.topic.min.isr=1' \
        'group.initial.rebalance.delay.ms=0' \
        'auto.create.topics.enable=false'
}

# A formatted, empty KRaft storage directory (meta.properties: node id 1 and a cluster id;
# bootstrap.checkpoint: the metadata version of these jars), made once per Kafka version by
# Kafka's own StorageTool and kept beside the jars; each run copies its two files. Formatting is
# a JVM start of its own (3 s, more on a loaded machine), and its result does not depend on
# ports or paths. The broker checks meta.properties against its configuration (node id) when it
# starts, so a wrong copy fails the start instead of being ignored. Safe when runs race: each
# formats into a directory of its own and renames it into place; a loser uses the winner's.
bt__kafka_storage_template() { # libs java -> prints the template directory
    local libs="$1" java="$2" tpl="$1/.kraft-storage-node1" tmp
    if [[ ! -f "$tpl/meta.properties" || ! -f "$tpl/bootstrap.checkpoint" ]]; then
        tmp="$(mktemp -d "$libs/.kraft-storage-tmp.XXXXXX")" || return 1
        bt__kafka_config "$tmp/data" 1 2 >"$tmp/server.properties"
        if ! "$java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$libs/*" kafka.tools.StorageTool format \
            -t "$(bt__kafka_cluster_id)" -c "$tmp/server.properties" >"$tmp/format.log" 2>&1; then
            bt__err "kafka: formatting the storage failed:"
            tail -n 20 "$tmp/format.log" >&2
            rm -rf -- "$tmp"
            return 1
        fi
        mv -T -- "$tmp/data" "$tpl" 2>/dev/null || true
        rm -rf -- "$tmp"
    fi
    if [[ ! -f "$tpl/meta.properties" || ! -f "$tpl/bootstrap.checkpoint" ]]; then
        bt__err "kafka: no formatted storage in $tpl"
        return 1
    fi
    printf '%s\n' "$tpl"
}

# A KRaft cluster id: 16 random bytes, URL-safe base64 without padding.
bt__kafka_cluster_id() {
    head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'
}

# Ready when the broker logged that it started and its port answers.
bt__kafka_ready() {
    grep -q 'Kafka Server started' "$BT_RUN_DIR/kafka.log" && bt__port_open "$BENCHTAP_IT_KAFKA_PORT"
}

# Kafka's JVM boots (several seconds) while the other services start; each is checked ready.
bt_start_all() {
    bt__spawn_kafka &&
        bt_start_mosquitto &&
        bt_start_victoria_metrics &&
        bt_start_prometheus &&
        bt__await_kafka
}

# ---------------------------------------------------------------- stopping
bt_stop_service() { # name
    local name="$1" pidf pid
    [[ -n "$BT_RUN_DIR" ]] || return 0
    pidf="$BT_RUN_DIR/$name.pid"
    [[ -f "$pidf" ]] || return 0
    pid="$(cat "$pidf")"
    if ! bt__kill_pid "$pid"; then
        bt__err "$name (pid $pid) did not exit"
        return 1
    fi
    rm -f -- "$pidf"
}

# Stop everything this run started, remove the run dir (unless
# BENCHTAP_KEEP_TEST_DIR=1), clear the state file and release the lock.
bt_stop_all() {
    local rc=0 i
    [[ -n "$BT_RUN_DIR" ]] || return 0
    for ((i = ${#BT_STARTED[@]} - 1; i >= 0; i--)); do
        bt_stop_service "${BT_STARTED[i]}" || rc=1
    done
    BT_STARTED=()
    if ((rc == 0)); then
        if [[ "${BENCHTAP_KEEP_TEST_DIR:-0}" == 1 ]]; then
            bt__log "kept run dir $BT_RUN_DIR"
        elif ((BT_RUN_DIR_OWNED)); then
            rm -rf -- "$BT_RUN_DIR"
        fi
        rm -f -- "$BENCHTAP_IT_STATE_FILE"
    fi
    if [[ -n "$BT_LOCK_FD" ]]; then
        exec {BT_LOCK_FD}>&-
        BT_LOCK_FD=""
    fi
    BT_RUN_DIR=""
    return "$rc"
}
