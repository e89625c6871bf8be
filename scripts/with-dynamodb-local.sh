#!/usr/bin/env bash
# Runs a command with one DynamoDB Local shared by everything it starts.
#
# Usage: scripts/with-dynamodb-local.sh COMMAND [ARG...]
#
# Starts DynamoDB Local (installing it first if needed) with
# scripts/dynamodb-local.sh, runs COMMAND with DYNAMODB_ENDPOINT exported,
# stops DynamoDB Local when COMMAND ends, fails or is interrupted, and exits
# with COMMAND's status. If DYNAMODB_ENDPOINT is already set, COMMAND just
# runs against it.
set -euo pipefail

if [ $# -eq 0 ]; then
	echo "usage: $0 COMMAND [ARG...]" >&2
	exit 2
fi

if [ -n "${DYNAMODB_ENDPOINT:-}" ]; then
	echo "with-dynamodb-local: using DYNAMODB_ENDPOINT=$DYNAMODB_ENDPOINT" >&2
	exec "$@"
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ddbl=(bash "$here/dynamodb-local.sh")
cache_root="${DYNAMODEL_CACHE:-${HOME:?HOME is not set}/.cache/dynamodel}"
mkdir -p "$cache_root/run"
# A PID file of our own, so parallel runs do not stop each other's server.
DYNAMODB_LOCAL_PIDFILE="$cache_root/run/with-$$.pid"
export DYNAMODB_LOCAL_PIDFILE

status=1
stop_local() {
	"${ddbl[@]}" stop || true
	# Keep the server's log only when something went wrong.
	if [ "$status" -eq 0 ]; then
		rm -f "${DYNAMODB_LOCAL_PIDFILE%.pid}.log"
	else
		echo "with-dynamodb-local: DynamoDB Local's log is ${DYNAMODB_LOCAL_PIDFILE%.pid}.log" >&2
	fi
}
trap stop_local EXIT
trap 'status=130; exit 130' INT
trap 'status=143; exit 143' TERM
trap 'status=129; exit 129' HUP

env_lines="$("${ddbl[@]}" start)"
eval "$env_lines"
export DYNAMODB_ENDPOINT

status=0
"$@" || status=$?
exit "$status"
