#!/usr/bin/env bash
# The README's test command: installs what the suite needs, builds the package unless dist/ is
# already up to date (tests import the built package by its public name and spawn the built CLI;
# CI has just built it), then runs every test, and the runtime suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
# The config page's browser tests drive Debian's Chromium.
bash scripts/chromium.sh
# The shared-store tests start a real redis-server of their own.
bash scripts/redis.sh
# The Claude Code end-to-end tests run the real CLI, installed from the npm registry into a cache.
bash scripts/claude-code.sh
bash scripts/build-if-stale.sh
npx vitest run "$@"
# The packed package on Bun, Deno (--allow-net only) and workerd: once, on this machine's Node only
# (the Node matrix runs the suite above), with the runtimes from the npm registry.
bash scripts/runtimes.sh
npx vitest run --config vitest.runtimes.config.ts --passWithNoTests "$@"
