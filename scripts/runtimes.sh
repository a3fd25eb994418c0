#!/usr/bin/env bash
# Installs the runtimes the runtime suite (test/runtimes/) runs the packed package on: Bun, Deno
# and wrangler (which brings workerd and miniflare), all from the npm registry, into a cache
# outside node_modules so `npm ci` never wipes them. Pinned versions; cheap when already present.
# wrangler 4 needs Node >= 22.12, so it (and miniflare) run on a Node 22 fetched from the npm
# registry as the `node` package, as scripts/node-matrix.sh does.
set -euo pipefail
BUN_VERSION=1.4.5
DENO_VERSION=2.9.6
WRANGLER_VERSION=4.164.0
NODE_FOR_WRANGLER=22
dir="${MODEL_DISCOVERY_RUNTIMES:-$HOME/.cache/model-discovery/runtimes}"
stamp="bun@${BUN_VERSION} deno@${DENO_VERSION} wrangler@${WRANGLER_VERSION}"

if [ "$(cat "$dir/.installed" 2>/dev/null)" != "$stamp" ] \
  || [ ! -x "$dir/node_modules/.bin/bun" ] || [ ! -x "$dir/node_modules/.bin/deno" ] \
  || [ ! -f "$dir/node_modules/wrangler/bin/wrangler.js" ]; then
  echo "--- installing $stamp into $dir"
  mkdir -p "$dir"
  rm -f "$dir/.installed"
  # A package.json of its own keeps npm from walking up into a project around the cache.
  printf '{ "private": true, "name": "model-discovery-runtimes" }\n' >"$dir/package.json"
  # wrangler declares Node >= 22.12 and this npm may run on Node 20: the warning is expected, as
  # wrangler itself is only ever started on Node 22 (see RUNTIMES_NODE below).
  npm install --prefix "$dir" --no-audit --no-fund --no-save --loglevel=error --engine-strict=false \
    "bun@${BUN_VERSION}" "deno@${DENO_VERSION}" "wrangler@${WRANGLER_VERSION}"
  echo "$stamp" >"$dir/.installed"
fi

# Fetches Node 22 into npx's cache once, so the first test does not pay for it.
npx -y -p "node@${NODE_FOR_WRANGLER}" node --version >/dev/null
