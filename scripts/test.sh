#!/usr/bin/env bash
# The README's test command: installs what the suite needs, builds the package (one test imports
# the built package by its public name), then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
# The config page's browser tests drive Debian's Chromium.
bash scripts/chromium.sh
# The shared-store tests start a real redis-server of their own.
bash scripts/redis.sh
# The Claude Code end-to-end tests run the real CLI, installed from the npm registry into a cache.
bash scripts/claude-code.sh
npm run build --silent >/dev/null
npx vitest run "$@"
