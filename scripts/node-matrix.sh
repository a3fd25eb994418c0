#!/usr/bin/env bash
# Runs the test suite on each Node in NODE_MATRIX (default: 22 and 24), fetched from the npm
# registry as the `node` package, so one CI machine with Node 20 proves every supported version.
# vitest starts its workers with process.execPath, so every test file runs on the Node under test.
# Expects dependencies installed and the package built (scripts/test.sh does both).
set -euo pipefail
cd "$(dirname "$0")/.."
for version in ${NODE_MATRIX:-22 24}; do
  started=$SECONDS
  npx -y -p "node@${version}" node -e 'console.log(`--- tests on Node ${process.version}`)'
  npx -y -p "node@${version}" node node_modules/vitest/vitest.mjs run "$@"
  echo "--- Node ${version}: passed in $((SECONDS - started)) s"
done
