#!/usr/bin/env bash
# Runs the codec's differential tests (internal/avdiff) against the newest
# attributevalue the Go module proxy serves, so the codec agrees with every
# version a user's go.mod may select, not only the one in ours. The entity
# tests cover the version in go.mod.
#
# Usage: scripts/avcompat.sh [version]   (default: latest)
#
# The module in internal/avcompat is copied to a temporary directory, moved
# to that version there and tested; the repository is not modified. Failing
# to reach the module proxy is a failure, not a skip.
set -euo pipefail

version="${1:-latest}"
readonly module="github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
root="$(cd "$(dirname "$0")/.." && pwd)"
go="${GO:-go}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -R "$root/internal/avcompat/." "$work/"
cd "$work"
"$go" mod edit -replace "github.com/dynamodel/dynamodel=$root"
GOFLAGS=-mod=mod "$go" get "$module@$version"
GOFLAGS=-mod=mod "$go" mod tidy
echo "avcompat: testing against $("$go" list -m "$module")" >&2
"$go" test -count=1 ./...
