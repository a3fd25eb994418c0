#!/usr/bin/env bash
# The README's demo command: installs, then runs examples/demo.ts against a local gateway that the
# demo starts itself on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
npx tsx examples/demo.ts
