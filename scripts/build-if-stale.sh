#!/usr/bin/env bash
# Builds the package unless dist/ is already newer than everything the build reads, so CI (which
# runs `npm run build` itself, then scripts/test.sh) builds once, and a fresh clone still gets a
# build. Compares against dist's OLDEST file: a build that stopped half-way leaves old files behind
# and is redone. FORCE_BUILD=1 builds whatever the dates say.
set -euo pipefail
cd "$(dirname "$0")/.."
inputs=(src package.json package-lock.json tsup.config.ts tsconfig.json)
oldest=$( (find dist -type f -printf '%T@ %p\n' 2>/dev/null || true) | sort -n | sed -n 1p | cut -d' ' -f2-)
if [ "${FORCE_BUILD:-}" != 1 ] && [ -n "$oldest" ] && [ -f dist/cli.js ] && [ -z "$(find "${inputs[@]}" -newer "$oldest" -print -quit)" ]; then
  echo "dist/ is newer than src/ and the build config: not rebuilding (FORCE_BUILD=1 to force)." >&2
  exit 0
fi
npm run build --silent >/dev/null
