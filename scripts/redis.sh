#!/usr/bin/env bash
# Installs Debian's redis-server when it is missing, so the shared-store tests (test/store/) can
# start a real Redis on a fresh machine. Costs nothing when the binary is already there.
set -euo pipefail
if command -v redis-server >/dev/null 2>&1; then
  exit 0
fi
# Through sudo when not root, as scripts/chromium.sh does.
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends redis-server >/dev/null
# The package starts a system-wide server on 6379 where an init system runs; the tests start
# their own on a free port and do not need it.
