#!/usr/bin/env bash
# Runs every example program (a main package directly under examples/).
#
# Usage: scripts/run-examples.sh          run them all, report failures
#        scripts/run-examples.sh --list   only list them
#
# Run it through scripts/with-dynamodb-local.sh (as "make demo" does) so the
# programs share one DynamoDB Local through DYNAMODB_ENDPOINT.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

examples=()
for dir in examples/*/; do
	[ -d "$dir" ] || continue
	dir="${dir%/}"
	compgen -G "$dir/*.go" >/dev/null || continue
	name="$(go list -f '{{.Name}}' "./$dir" 2>/dev/null || true)"
	[ "$name" = "main" ] && examples+=("$dir")
done

if [ "${1:-}" = "--list" ]; then
	[ ${#examples[@]} -eq 0 ] || printf '%s\n' "${examples[@]}"
	exit 0
fi

if [ ${#examples[@]} -eq 0 ]; then
	echo "run-examples: no example programs under examples/ yet"
	exit 0
fi

failed=()
for dir in "${examples[@]}"; do
	echo "=== go run ./$dir"
	if go run "./$dir"; then
		echo "--- ok ./$dir"
	else
		echo "--- FAIL ./$dir"
		failed+=("$dir")
	fi
done
echo "run-examples: $(( ${#examples[@]} - ${#failed[@]} )) passed, ${#failed[@]} failed"
[ ${#failed[@]} -eq 0 ]
