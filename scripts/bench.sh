#!/usr/bin/env bash
# Runs one benchmark: `npm run bench:<name>` → bench/<name>.ts, compiled into node_modules/.cache
# (inside the repository, so workspace packages resolve) and run with node.
set -euo pipefail
name="$1"
shift
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/node_modules/.cache/aigw-bench"
cd "$root"
npx tsc -b >&2
npx tsc -p bench/tsconfig.json --noEmit false --outDir "$out" >&2
exec node "$out/bench/$name.js" "$@"
