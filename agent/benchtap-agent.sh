#!/bin/sh
# benchtap-agent.sh - the device-side agent of benchtap for machines without a JVM
# (OpenWrt/BusyBox): runs one benchmark command, N instances in parallel, and streams
# every output line to MQTT as it is printed (wire contract: docs/mqtt-contract.md).
#
# Needs: a POSIX sh (busybox ash, dash), mosquitto_pub (OpenWrt: mosquitto-client-nossl or
# mosquitto-client-ssl, version 2.x), awk, dd, mkfifo, date; optional: timeout, stdbuf.
# Never executes anything received over MQTT: it only publishes.
#
# Run `benchtap-agent.sh -h` for the options; agent/README.md for installation and limits.

AGENT_VERSION=0.1.0
PROG=benchtap-agent
NL='
'

usage() {
	cat <<'EOF'
Usage: benchtap-agent.sh [options] -- COMMAND [ARGS...]

Runs COMMAND (N instances in parallel with -N) and streams every stdout/stderr line of each
instance, as it is printed, to benchtap/v1/DEVICE/ENV/RUN/TOOL/INSTANCE/out (MQTT QoS 1),
with started/finished events on .../status and a retained online/offline state (last will)
on benchtap/v1/DEVICE/agent. {instance} in an argument is replaced by the instance number;
the command also gets it in the environment variable BENCHTAP_INSTANCE.

Options:
  -H HOST        MQTT broker host (default 127.0.0.1)
  -p PORT        broker port (default 1883; 8883 with --cafile)
  -u USER        broker user name
  -P PASSWORD    broker password; prefer the environment variable BENCHTAP_MQTT_PASSWORD:
                 anything on the command line is visible to every user in `ps`
  --cafile FILE  connect with TLS, trusting the CA certificates in FILE
  -d DEVICE      device name (default: the host name)
  -e ENV         execution environment: native, lxc, docker... (default native)
  -r RUN         run id (default: the start time in UTC, e.g. 20261126T101500Z)
  -t TOOL        tool whose parser reads the output (default: basename of COMMAND)
  -n NET         network driver label: host, veth, macvlan... (default host)
  -N COUNT       parallel instances, 1..4096 (default 1)
  -l KEY=VALUE   free label for the started event (repeatable; KEY [a-z][a-z0-9_]*)
  -h, --help     this help

Environment (optional):
  BENCHTAP_MQTT_PASSWORD  broker password (kept out of every command line)
  BENCHTAP_KEEPALIVE      MQTT keepalive of the state connection, seconds (default 10)
  BENCHTAP_PUB_ATTEMPTS   attempts per message before it is dropped (default 10)
  BENCHTAP_PUB_TIMEOUT    seconds one attempt may take, if `timeout` exists (default 10)
  BENCHTAP_TOPIC_PREFIX   topic prefix (default benchtap/v1)
  BENCHTAP_STDBUF=0       do not wrap COMMAND in `stdbuf -oL -eL` even if stdbuf exists
  TMPDIR                  where the private work directory goes (default /tmp)

Exit status: the command's (the highest over the instances); 130/143/129 when stopped by
SIGINT/SIGTERM/SIGHUP; 2 bad usage; 127 COMMAND not found; 69 the broker could not be
reached before the start (nothing was run).
EOF
}

warn() {
	printf '%s: %s\n' "$PROG" "$*" >&2
}

die_usage() {
	printf '%s: %s (see -h)\n' "$PROG" "$1" >&2
	exit 2
}

# ---------------------------------------------------------------- validation

# check_level FLAG VALUE: a topic level of the contract (1-128 characters, no / + # " \,
# spaces or control characters).
check_level() {
	case $2 in
	'') die_usage "$1: must not be empty" ;;
	*[[:cntrl:]]*) die_usage "$1: must not contain control characters" ;;
	*/* | *+* | *'#'* | *'"'* | *\\* | *' '*)
		die_usage "$1: '$2' must not contain / + # \" \\ or spaces (it is an MQTT topic level)" ;;
	esac
	[ "${#2}" -le 128 ] || die_usage "$1: longer than 128 characters"
}

# check_uint FLAG VALUE MIN MAX: sets UINT to the value without leading zeros.
check_uint() {
	case $2 in
	'' | *[!0-9]*) die_usage "$1: expected a number $3..$4, got '$2'" ;;
	esac
	UINT=${2#"${2%%[!0]*}"}
	[ -n "$UINT" ] || UINT=0
	if [ "${#UINT}" -gt 9 ] || [ "$UINT" -lt "$3" ] || [ "$UINT" -gt "$4" ]; then
		die_usage "$1: expected a number $3..$4, got '$2'"
	fi
}

# ---------------------------------------------------------------- JSON and quoting

# json MODE ARGS...: prints a JSON string literal. MODE str: of ARGS[1]; MODE cmd: of the
# arguments joined with spaces, each quoted for a POSIX shell when needed. Backslash, quote
# and every control character are escaped. Arguments reach awk as ARGV (no escape processing).
json() {
	awk '
function esc(s,    out, i, c, p) {
	out = ""
	for (i = 1; i <= length(s); i++) {
		c = substr(s, i, 1)
		if (c == "\\") out = out "\\\\"
		else if (c == "\"") out = out "\\\""
		else if ((p = index(CTL, c)) > 0) {
			if (p == 10) out = out "\\n"
			else if (p == 9) out = out "\\t"
			else if (p == 13) out = out "\\r"
			else out = out sprintf("\\u%04x", p)
		} else out = out c
	}
	return "\"" out "\""
}
function shq(s,    out, i, c, plain) {
	plain = (s != "")
	for (i = 1; i <= length(s) && plain; i++)
		if (index(SAFE, substr(s, i, 1)) == 0) plain = 0
	if (plain) return s
	out = Q
	for (i = 1; i <= length(s); i++) {
		c = substr(s, i, 1)
		out = out (c == Q ? Q "\\" Q Q : c)
	}
	return out Q
}
BEGIN {
	CTL = ""
	for (i = 1; i < 32; i++) CTL = CTL sprintf("%c", i)
	Q = sprintf("%c", 39)
	SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./:=,@%+-"
	if (ARGV[1] == "str") printf "%s", esc(ARGV[2])
	else {
		s = ""
		for (i = 2; i < ARGC; i++) s = s (i > 2 ? " " : "") shq(ARGV[i])
		printf "%s", esc(s)
	}
	exit
}' "$@"
}

# subst ARG: sets R to ARG with every {instance} replaced by $INST.
subst() {
	_s=$1
	R=
	while :; do
		case $_s in
		*'{instance}'*)
			R=$R${_s%%'{instance}'*}$INST
			_s=${_s#*'{instance}'}
			;;
		*) break ;;
		esac
	done
	R=$R$_s
}

# cmd_json I COMMAND...: the JSON string of instance I's command line (run in $(...)).
cmd_json() {
	INST=$1
	shift
	_n=$#
	while [ "$_n" -gt 0 ]; do
		subst "$1"
		shift
		set -- "$@" "$R"
		_n=$((_n - 1))
	done
	json cmd "$@"
}

# ---------------------------------------------------------------- clock

# now: sets NOW_S (epoch seconds), NOW_F (6 digits of fraction) and NOW ("S.F"). Uses
# `date +%s.%N` when the date applet has %N; otherwise /proc/uptime (10 ms resolution)
# anchored to `date +%s`; otherwise whole seconds.
clock_init() {
	CLOCK=${BENCHTAP_CLOCK:-auto}
	if [ "$CLOCK" = auto ]; then
		CLOCK=sec
		_t=$(date +%s.%N 2>/dev/null)
		case $_t in
		*[!0-9.]* | .* | *.*.*) ;;
		?*.?????????) CLOCK=ns ;;
		esac
		if [ "$CLOCK" = sec ] && [ -r /proc/uptime ] && [ $((2147483647 * 100)) -gt 0 ]; then
			CLOCK=uptime
		fi
	fi
	UP_OFF=
}

now() {
	case $CLOCK in
	ns)
		_t=$(date +%s.%N)
		NOW_S=${_t%.*}
		_f=${_t#*.}
		NOW_F=${_f%???}
		;;
	uptime)
		read -r _up _ </proc/uptime
		_s=$(date +%s)
		# uptime in centiseconds ("12345.67"); wall - uptime is the offset, of which
		# floor(wall) gives a lower bound within 1 s: keep the highest seen (clock_calibrate
		# catches a second boundary at the start), but follow a step back of the clock at once.
		_ucs=$((${_up%.*} * 100 + 1${_up#*.} - 100))
		_off=$((_s * 100 - _ucs))
		if [ -z "$UP_OFF" ] || [ "$_off" -gt "$UP_OFF" ] || [ "$_off" -lt $((UP_OFF - 150)) ]; then
			UP_OFF=$_off
		fi
		_cs=$((UP_OFF + _ucs))
		NOW_S=$((_cs / 100))
		_f=$((_cs % 100 + 100))
		NOW_F=${_f#1}0000
		;;
	*)
		NOW_S=$(date +%s)
		NOW_F=000000
		;;
	esac
	NOW=$NOW_S.$NOW_F
}

# clock_calibrate: with the uptime clock, reads the clock until the second changes so that
# the offset is exact to ~50 ms from the start (at most ~1 s; the instances inherit it).
clock_calibrate() {
	[ "$CLOCK" = uptime ] || return 0
	now
	_c0=$NOW_S
	_ci=0
	while [ "$_ci" -lt 40 ]; do
		sleep "$TICK"
		now
		[ "$NOW_S" = "$_c0" ] || break
		_ci=$((_ci + 1))
	done
}

# duration S0 F0 S1 F1: sets DUR to the seconds between two now() readings ("12.345").
duration() {
	_ds=$(($3 - $1))
	_df=$((1$4 - 1$2))
	if [ "$_df" -lt 0 ]; then
		_ds=$((_ds - 1))
		_df=$((_df + 1000000))
	fi
	if [ "$_ds" -lt 0 ]; then
		DUR=0.000
	else
		_ms=$((_df / 1000 + 1000))
		DUR=$_ds.${_ms#1}
	fi
}

# ---------------------------------------------------------------- publishing

# mq_pub ARGS...: one mosquitto_pub. Connection settings and credentials come from the
# private config file (XDG_CONFIG_HOME), so no password is ever on a command line.
mq_pub() {
	case $TIMEOUT_STYLE in
	new) XDG_CONFIG_HOME=$CFG_DIR timeout "$PUB_TIMEOUT" mosquitto_pub "$@" ;;
	old) XDG_CONFIG_HOME=$CFG_DIR timeout -t "$PUB_TIMEOUT" mosquitto_pub "$@" ;;
	*) XDG_CONFIG_HOME=$CFG_DIR mosquitto_pub "$@" ;;
	esac
}

# publish TOPIC PAYLOAD [retain]: QoS 1, retried with backoff (1, 2, 4, 8, 8... s) up to
# PUB_ATTEMPTS times; returns 1 when it gave up (LAST_ERR says why). After a message was given
# up, the next one gets a single attempt until one succeeds again (DEGRADED), so a long outage
# costs one attempt per message instead of a minute each. The caller blocks meanwhile: order
# is kept, and the benchmark's output waits in the pipe.
publish() {
	_attempts=$PUB_ATTEMPTS
	if [ -n "$DEGRADED" ] || [ -e "$TMP/abort" ]; then
		_attempts=1
	fi
	_pn=1
	_d=1
	while :; do
		if mq_pub -q 1 ${3:+"-r"} -t "$1" -m "$2" >/dev/null 2>"$ERR_FILE"; then
			DEGRADED=
			return 0
		fi
		if [ "$_pn" -ge "$_attempts" ] || [ -e "$TMP/abort" ]; then
			LAST_ERR=
			read -r LAST_ERR <"$ERR_FILE"
			[ -n "$LAST_ERR" ] || LAST_ERR="mosquitto_pub failed"
			DEGRADED=1
			return 1
		fi
		sleep "$_d"
		_pn=$((_pn + 1))
		_d=$((_d * 2))
		[ "$_d" -le 8 ] || _d=8
	done
}

# ---------------------------------------------------------------- one instance

# send T TEXT: one output message with the agent header (reader state in _r*).
send() {
	if publish "$_rtopic" "@benchtap seq=$_rseq t=$1$NL$2"; then
		_rmsgs=$((_rmsgs + 1))
		_rbytes=$((_rbytes + ${#2}))
	else
		_rdrop=$((_rdrop + 1))
		warn "instance $_ri: message seq=$_rseq (${#2} bytes) dropped after $_pn attempt(s): $LAST_ERR"
	fi
	_rseq=$((_rseq + 1))
}

# reader I: reads instance I's output from stdin and publishes it. Each message holds the
# whole lines that one read(2) returned (dd bs=CHUNK count=1): whatever the command printed
# while the previous message was being published goes out together, a lone line goes out at
# once, with no added delay. A line split across reads waits for its end (up to MAX_CARRY
# bytes). The header time is when the message's first line was read.
reader() {
	trap ':' TERM HUP
	_ri=$1
	_rtopic=$BASE_PREFIX/$1/out
	ERR_FILE=$TMP/err.r$1
	DEGRADED=
	_rseq=0
	_rmsgs=0
	_rbytes=0
	_rdrop=0
	_carry=
	_ct=
	if [ -n "$HAVE_DD" ]; then
		while :; do
			_chunk=$(dd bs="$CHUNK" count=1 2>"$TMP/dd.$1"; echo .)
			_chunk=${_chunk%.}
			_rec=
			read -r _rec _ <"$TMP/dd.$1"
			if [ -z "$_chunk" ]; then
				# "0+0 records in" is the end of the output; a read of NUL bytes only
				# (dropped by the shell) says "0+1" and goes on.
				case $_rec in
				0+0 | '' | *[!0-9+]*) break ;;
				*) continue ;;
				esac
			fi
			now
			if [ -n "$_carry" ]; then
				_t=$_ct
				_buf=$_carry$_chunk
			else
				_t=$NOW
				_buf=$_chunk
			fi
			case $_buf in
			*"$NL"*)
				_carry=${_buf##*"$NL"}
				_whole=${_buf%"$_carry"}
				send "$_t" "$_whole"
				_ct=$NOW
				;;
			*)
				_carry=$_buf
				_ct=$_t
				;;
			esac
			if [ "${#_carry}" -gt "$MAX_CARRY" ]; then
				send "$_ct" "$_carry"
				_carry=
			fi
		done
		[ -z "$_carry" ] || send "$_ct" "$_carry"
	else
		# No dd: one line per message.
		while IFS= read -r _line || [ -n "$_line" ]; do
			now
			send "$NOW" "$_line"
			_line=
		done
	fi
	echo "$_rmsgs $_rbytes $_rdrop" >"$TMP/stats.$1"
}

# run_instance I COMMAND...: runs one instance, streams it, publishes its finished event.
run_instance() {
	trap ':' TERM HUP
	INST=$1
	shift
	_n=$#
	while [ "$_n" -gt 0 ]; do
		subst "$1"
		shift
		set -- "$@" "$R"
		_n=$((_n - 1))
	done
	ERR_FILE=$TMP/err.$INST
	DEGRADED=
	BENCHTAP_INSTANCE=$INST
	export BENCHTAP_INSTANCE
	now
	_s0=$NOW_S
	_f0=$NOW_F
	if [ -e "$TMP/signalled" ]; then
		echo "0 0 0" >"$TMP/stats.$INST"
		echo 1 >"$TMP/rc.$INST"
	else
		{
			trap ':' TERM HUP
			if [ -n "$USE_STDBUF" ]; then
				stdbuf -oL -eL "$@" 2>&1 &
			else
				"$@" 2>&1 &
			fi
			_bp=$!
			echo "$_bp" >"$TMP/bench.$INST"
			[ ! -e "$TMP/signalled" ] || kill -TERM "$_bp" 2>/dev/null
			wait "$_bp" 2>/dev/null
			echo "$?" >"$TMP/rc.$INST"
		} | reader "$INST"
	fi
	now
	duration "$_s0" "$_f0" "$NOW_S" "$NOW_F"
	_rc=1
	read -r _rc <"$TMP/rc.$INST"
	[ ! -e "$TMP/signalled" ] || read -r _rc <"$TMP/signalled"
	_m=0
	_b=0
	_x=0
	read -r _m _b _x <"$TMP/stats.$INST"
	if ! publish "$BASE_PREFIX/$INST/status" "{\"event\":\"finished\",\"t\":$NOW,\"exitCode\":$_rc,\"durationSeconds\":$DUR,\"instances\":$INSTANCES,\"messages\":$_m,\"seq\":$((_m + _x)),\"publishFailures\":$_x}"; then
		_x=$((_x + 1))
		warn "instance $INST: finished event dropped: $LAST_ERR"
	fi
	echo "$_m $_b $_x" >"$TMP/stats.$INST"
	echo "$_rc" >"$TMP/exit.$INST"
}

# ---------------------------------------------------------------- agent state

# keeper: the one long-lived connection. A `mosquitto_pub -l` with a retained offline last
# will on the agent topic publishes (retained) every line written into the fifo (fd 7):
# online at the start, offline at the end. Restarted with backoff if it exits (it cannot reach
# the broker at its start; once connected, mosquitto_pub reconnects by itself).
keeper() {
	_kd=1
	while [ ! -e "$TMP/stop" ]; do
		XDG_CONFIG_HOME=$CFG_DIR mosquitto_pub -l -r -q 1 -k "$KEEPALIVE" -i "$CLIENT_ID" -t "$AGENT_TOPIC" \
			--will-topic "$AGENT_TOPIC" --will-payload offline --will-retain --will-qos 1 \
			<&7 7<&- >/dev/null 2>>"$TMP/keeper.err" &
		echo "$!" >"$TMP/keeper.pid"
		wait "$!" 2>/dev/null
		echo "$?" >"$TMP/keeper.rc"
		[ ! -e "$TMP/stop" ] || break
		sleep "$_kd"
		_kd=$((_kd * 2))
		[ "$_kd" -le 30 ] || _kd=30
	done
}

# watchdog: holds the fifo open (fd 8) so that the keeper never sees end of input on its own,
# re-asserts online every 3 keepalives (heals a will that fired during a network outage), and
# if the agent itself disappears without cleaning up (SIGKILL), kills the keeper with SIGKILL
# (the broker then publishes the last will: offline), stops the benchmark and cleans up.
main_alive() {
	if [ -r /proc/$MAIN_PID/stat ]; then
		read -r _ _ _state _ 2>/dev/null </proc/$MAIN_PID/stat || return 1
		[ "$_state" != Z ]
	else
		kill -0 "$MAIN_PID" 2>/dev/null
	fi
}

watchdog() {
	_wn=0
	while [ ! -e "$TMP/stop" ]; do
		if ! main_alive; then
			: >"$TMP/stop"
			: >"$TMP/abort"
			_kp=
			read -r _kp 2>/dev/null <"$TMP/keeper.pid" && kill -9 "$_kp" 2>/dev/null
			kill_bench TERM
			# Let the instances publish what is left, then remove the work directory.
			_w=0
			while [ "$_w" -lt 120 ]; do
				_alive=
				if [ -r "$TMP/runners" ]; then
					while read -r _p; do
						if kill -0 "$_p" 2>/dev/null; then
							_alive=1
						fi
					done <"$TMP/runners"
				fi
				[ -n "$_alive" ] || break
				sleep 1
				_w=$((_w + 1))
			done
			rm -rf "$TMP"
			exit 0
		fi
		_wn=$((_wn + 1))
		if [ "$_wn" -ge $((KEEPALIVE * 3)) ]; then
			_wn=0
			echo online >&8
		fi
		sleep 1 8>&-
	done
}

kill_bench() {
	for _f in "$TMP"/bench.*; do
		[ -r "$_f" ] || continue
		_p=
		read -r _p <"$_f"
		[ -z "$_p" ] || kill -"$1" "$_p" 2>/dev/null
	done
}

# wait_gone PID SECONDS: waits (polling) until PID has exited; 1 if it did not in time.
wait_gone() {
	_g=0
	while kill -0 "$1" 2>/dev/null; do
		[ "$_g" -lt $(($2 * TICKS_PER_S)) ] || return 1
		sleep "$TICK"
		_g=$((_g + 1))
	done
	return 0
}

# stop_state [STATE [no-fallback]]: ends the state connection after publishing STATE
# (offline) through it, and stops the helpers. If the state connection did not end cleanly,
# STATE is published once more by a one-off mosquitto_pub (unless no-fallback).
stop_state() {
	: >"$TMP/stop"
	if [ -n "$WATCHDOG_PID" ]; then
		kill "$WATCHDOG_PID" 2>/dev/null
		wait "$WATCHDOG_PID" 2>/dev/null
	fi
	[ -z "$1" ] || echo "$1" >&8
	exec 8>&-
	_kp=
	read -r _kp 2>/dev/null <"$TMP/keeper.pid"
	# The keeper sends what is queued and disconnects at the end of its input; give it 5 s.
	if [ -n "$_kp" ] && ! wait_gone "$_kp" 5; then
		kill "$_kp" 2>/dev/null
	fi
	# Its loop ends at once unless it was waiting to retry a failed connection.
	wait_gone "$KEEPER_PID" 1 || kill "$KEEPER_PID" 2>/dev/null
	wait "$KEEPER_PID" 2>/dev/null
	_krc=1
	read -r _krc 2>/dev/null <"$TMP/keeper.rc"
	_ok=
	[ "$_krc" != 0 ] || _ok=1
	if [ -n "$1" ] && [ -z "$_ok" ] && [ -z "$2" ]; then
		ERR_FILE=$TMP/err.main
		PUB_ATTEMPTS=2
		publish "$AGENT_TOPIC" "$1" retain || warn "could not publish the agent state $1: $LAST_ERR"
	fi
}

# shellcheck disable=SC2317  # invoked by the traps
on_signal() {
	if [ -z "$SIGNALLED" ]; then
		SIGNALLED=$1
		echo "$1" >"$TMP/signalled"
		warn "stopping the benchmark (exit code $1 will be reported); again to kill it"
		kill_bench TERM
	else
		: >"$TMP/abort"
		kill_bench KILL
	fi
}

# ---------------------------------------------------------------- options

MQTT_HOST=127.0.0.1
MQTT_PORT=
MQTT_USER=
MQTT_PASSWORD=${BENCHTAP_MQTT_PASSWORD:-}
CAFILE=
DEVICE=
ENV_NAME=native
RUN=
TOOL=
NET=host
INSTANCES=1
LABELS_JSON=
LABEL_KEYS=' '

while [ $# -gt 0 ]; do
	case $1 in
	-h | --help)
		usage
		exit 0
		;;
	--)
		shift
		break
		;;
	--cafile=*)
		CAFILE=${1#*=}
		shift
		continue
		;;
	-H | -p | -u | -P | --cafile | -d | -e | -r | -t | -n | -N | -l)
		[ $# -ge 2 ] || die_usage "$1: missing value"
		case $1 in
		-H) MQTT_HOST=$2 ;;
		-p) MQTT_PORT=$2 ;;
		-u) MQTT_USER=$2 ;;
		-P) MQTT_PASSWORD=$2 ;;
		--cafile) CAFILE=$2 ;;
		-d) DEVICE=$2 ;;
		-e) ENV_NAME=$2 ;;
		-r) RUN=$2 ;;
		-t) TOOL=$2 ;;
		-n) NET=$2 ;;
		-N) INSTANCES=$2 ;;
		-l)
			case $2 in
			*=*) ;;
			*) die_usage "-l: expected KEY=VALUE, got '$2'" ;;
			esac
			_k=${2%%=*}
			_v=${2#*=}
			case $_k in
			[a-z]*) ;;
			*) die_usage "-l: label name '$_k' must match [a-z][a-z0-9_]*" ;;
			esac
			case $_k in
			*[!a-z0-9_]*) die_usage "-l: label name '$_k' must match [a-z][a-z0-9_]*" ;;
			device | env | net | run | tool | benchmark | instance | phase | job | le | quantile)
				die_usage "-l: label name '$_k' is reserved" ;;
			esac
			[ "${#_k}" -le 32 ] || die_usage "-l: label name '$_k' is longer than 32 characters"
			case $_v in
			'') die_usage "-l: label $_k has an empty value" ;;
			*[[:cntrl:]]*) die_usage "-l: label $_k: the value contains control characters" ;;
			esac
			[ "${#_v}" -le 64 ] || die_usage "-l: label $_k: the value is longer than 64 characters"
			case $LABEL_KEYS in
			*" $_k "*) die_usage "-l: label $_k given twice" ;;
			esac
			LABEL_KEYS="$LABEL_KEYS$_k "
			LABELS_JSON="$LABELS_JSON${LABELS_JSON:+,}\"$_k\":$(json str "$_v")"
			;;
		esac
		shift 2
		;;
	-?*) die_usage "unknown option $1" ;;
	*) break ;;
	esac
done

[ $# -gt 0 ] || die_usage "missing COMMAND (usage: benchtap-agent.sh [options] -- COMMAND [ARGS...])"

case $MQTT_HOST in
'' | *[[:cntrl:]]* | *' '*) die_usage "-H: expected a host name or address" ;;
esac
if [ -n "$CAFILE" ]; then
	case $CAFILE in
	*[[:cntrl:]]*) die_usage "--cafile: the path contains control characters" ;;
	esac
	[ -r "$CAFILE" ] || die_usage "--cafile: cannot read '$CAFILE'"
	[ -n "$MQTT_PORT" ] || MQTT_PORT=8883
fi
[ -n "$MQTT_PORT" ] || MQTT_PORT=1883
check_uint -p "$MQTT_PORT" 1 65535
MQTT_PORT=$UINT
case $MQTT_USER in
*[[:cntrl:]]*) die_usage "-u: the user name contains control characters" ;;
esac
case $MQTT_PASSWORD in
*[[:cntrl:]]*) die_usage "the password contains control characters (newline, tab...)" ;;
esac
if [ -n "$MQTT_PASSWORD" ] && [ -z "$MQTT_USER" ]; then
	die_usage "a password needs a user name (-u)"
fi

if [ -z "$DEVICE" ]; then
	DEVICE=$(uname -n 2>/dev/null)
	case $DEVICE in
	'' | *[[:cntrl:]]* | */* | *+* | *'#'* | *'"'* | *\\* | *' '*)
		die_usage "the host name '$DEVICE' cannot be a device name: give one with -d" ;;
	esac
fi
check_level -d "$DEVICE"
check_level -e "$ENV_NAME"
[ -n "$RUN" ] || RUN=$(date -u +%Y%m%dT%H%M%SZ)
check_level -r "$RUN"
[ -n "$TOOL" ] || TOOL=${1##*/}
check_level -t "$TOOL"
case $NET in
[a-z0-9]*) ;;
*) die_usage "-n: expected a short lower-case word like host, veth, macvlan, got '$NET'" ;;
esac
case $NET in
*[!a-z0-9_.-]*) die_usage "-n: expected a short lower-case word like host, veth, macvlan, got '$NET'" ;;
esac
[ "${#NET}" -le 32 ] || die_usage "-n: longer than 32 characters"
check_uint -N "$INSTANCES" 1 4096
INSTANCES=$UINT

check_uint BENCHTAP_KEEPALIVE "${BENCHTAP_KEEPALIVE:-10}" 5 65535
KEEPALIVE=$UINT
check_uint BENCHTAP_PUB_ATTEMPTS "${BENCHTAP_PUB_ATTEMPTS:-10}" 1 1000
RUN_ATTEMPTS=$UINT
PUB_ATTEMPTS=$UINT
# The first started event decides whether the broker is there at all: a few quick attempts.
START_ATTEMPTS=3
[ "$RUN_ATTEMPTS" -ge 3 ] || START_ATTEMPTS=$RUN_ATTEMPTS
check_uint BENCHTAP_PUB_TIMEOUT "${BENCHTAP_PUB_TIMEOUT:-10}" 1 3600
PUB_TIMEOUT=$UINT
PREFIX=${BENCHTAP_TOPIC_PREFIX:-benchtap/v1}
case $PREFIX in
'' | /* | */ | *+* | *'#'* | *[[:cntrl:]]*) die_usage "BENCHTAP_TOPIC_PREFIX: '$PREFIX' is not a topic prefix" ;;
esac

command -v mosquitto_pub >/dev/null 2>&1 || die_usage "mosquitto_pub not found (OpenWrt: opkg install mosquitto-client-nossl)"
for _c in awk mkfifo date; do
	command -v "$_c" >/dev/null 2>&1 || die_usage "$_c not found"
done
case $1 in
*/*) [ -f "$1" ] && [ -x "$1" ] ;;
*) command -v "$1" >/dev/null 2>&1 ;;
esac || {
	warn "$1: command not found"
	exit 127
}

# ---------------------------------------------------------------- environment probes

clock_init
HAVE_DD=
command -v dd >/dev/null 2>&1 && HAVE_DD=1
CHUNK=32768
MAX_CARRY=32768
TIMEOUT_STYLE=
if timeout 5 true >/dev/null 2>&1; then
	TIMEOUT_STYLE=new
elif timeout -t 5 true >/dev/null 2>&1; then
	TIMEOUT_STYLE=old
fi
USE_STDBUF=
if [ "${BENCHTAP_STDBUF:-1}" != 0 ] && command -v stdbuf >/dev/null 2>&1 && stdbuf -oL -eL true >/dev/null 2>&1; then
	USE_STDBUF=1
fi
if sleep 0.05 2>/dev/null; then
	TICK=0.05
	TICKS_PER_S=20
else
	TICK=1
	TICKS_PER_S=1
fi
clock_calibrate

# The tool's version, for the known tools only (never runs an unknown program twice).
VERSION_FIELD=
case ${1##*/} in
sysbench | iperf3 | perf) _vflag=--version ;;
iperf) _vflag=-v ;;
nuttcp | netperf) _vflag=-V ;;
*) _vflag= ;;
esac
if [ -n "$_vflag" ]; then
	case $TIMEOUT_STYLE in
	new) _ver=$(timeout 3 "$1" "$_vflag" </dev/null 2>&1) ;;
	old) _ver=$(timeout -t 3 "$1" "$_vflag" </dev/null 2>&1) ;;
	*) _ver=$("$1" "$_vflag" </dev/null 2>&1) ;;
	esac
	_ver=$(printf '%s\n' "$_ver" | awk 'NF { sub(/^[ \t]+/, ""); sub(/[ \t\r]+$/, ""); print substr($0, 1, 100); exit }')
	[ -z "$_ver" ] || VERSION_FIELD="\"version\":$(json str "$_ver"),"
fi

# ---------------------------------------------------------------- work directory

MAIN_PID=$$
TMP=${TMPDIR:-/tmp}/benchtap-agent.$$
mkdir -m 700 "$TMP" 2>/dev/null || {
	warn "cannot create the work directory $TMP"
	exit 2
}
CFG_DIR=$TMP/cfg
mkdir "$CFG_DIR"
{
	echo "-h $MQTT_HOST"
	echo "-p $MQTT_PORT"
	[ -z "$MQTT_USER" ] || echo "-u $MQTT_USER"
	[ -z "$MQTT_PASSWORD" ] || echo "-P $MQTT_PASSWORD"
	[ -z "$CAFILE" ] || echo "--cafile $CAFILE"
} >"$CFG_DIR/mosquitto_pub"
ERR_FILE=$TMP/err.main
AGENT_TOPIC=$PREFIX/$DEVICE/agent
BASE_PREFIX=$PREFIX/$DEVICE/$ENV_NAME/$RUN/$TOOL
CLIENT_ID=benchtap-agent-$DEVICE-$$
SIGNALLED=
RUNNER_PIDS=
WATCHDOG_PID=

trap 'on_signal 130' INT
trap 'on_signal 143' TERM
trap 'on_signal 129' HUP

# ---------------------------------------------------------------- start

mkfifo "$TMP/state" || {
	warn "cannot create a fifo in $TMP"
	rm -rf "$TMP"
	exit 2
}
keeper 7<"$TMP/state" &
KEEPER_PID=$!
exec 8>"$TMP/state"
echo online >&8
watchdog &
WATCHDOG_PID=$!

# The started events, all before any instance runs (so the instances start together). If the
# first cannot be published the broker is unreachable: nothing is run.
INST=1
while [ "$INST" -le "$INSTANCES" ] && [ -z "$SIGNALLED" ]; do
	_cmd=$(cmd_json "$INST" "$@")
	now
	[ "$INST" -ne 1 ] || PUB_ATTEMPTS=$START_ATTEMPTS
	if ! publish "$BASE_PREFIX/$INST/status" "{\"event\":\"started\",\"t\":$NOW,\"command\":$_cmd,$VERSION_FIELD\"instances\":$INSTANCES,\"net\":\"$NET\",\"labels\":{$LABELS_JSON},\"agent\":\"benchtap-agent.sh $AGENT_VERSION\"}"; then
		if [ "$INST" -eq 1 ]; then
			warn "cannot publish to the MQTT broker at $MQTT_HOST:$MQTT_PORT ($LAST_ERR); nothing was run"
			stop_state offline no-fallback
			rm -rf "$TMP"
			exit 69
		fi
		warn "instance $INST: started event dropped: $LAST_ERR"
	fi
	PUB_ATTEMPTS=$RUN_ATTEMPTS
	INST=$((INST + 1))
done

_started=$(date +%s)
INST=1
while [ "$INST" -le "$INSTANCES" ]; do
	run_instance "$INST" "$@" 8>&- &
	RUNNER_PIDS="$RUNNER_PIDS $!"
	echo "$!" >>"$TMP/runners"
	INST=$((INST + 1))
done

# Wait for every instance; a trapped signal interrupts `wait`, so wait again until gone.
for _p in $RUNNER_PIDS; do
	while kill -0 "$_p" 2>/dev/null; do
		wait "$_p" 2>/dev/null
	done
done

# ---------------------------------------------------------------- end

EXIT=0
MSGS=0
BYTES=0
DROPS=0
INST=1
while [ "$INST" -le "$INSTANCES" ]; do
	_rc=1
	read -r _rc 2>/dev/null <"$TMP/exit.$INST"
	[ "$_rc" -le "$EXIT" ] 2>/dev/null || EXIT=$_rc
	_m=0
	_b=0
	_x=0
	read -r _m _b _x 2>/dev/null <"$TMP/stats.$INST"
	MSGS=$((MSGS + _m))
	BYTES=$((BYTES + _b))
	DROPS=$((DROPS + _x))
	INST=$((INST + 1))
done
[ -z "$SIGNALLED" ] || EXIT=$SIGNALLED

stop_state offline
rm -rf "$TMP"
_secs=$(($(date +%s) - _started))
warn "run $RUN: $INSTANCES instance(s), $MSGS message(s) ($BYTES bytes) streamed, $DROPS dropped, exit code $EXIT, ${_secs} s"
exit "$EXIT"
