#!/usr/bin/env bash
# Installs the real Claude Code CLI from the npm registry for the end-to-end tests
# (test/claude-code/), into a cache outside node_modules: it is not a dependency of this package,
# and its native binary (~400 MB, an optional dependency of @anthropic-ai/claude-code) must not
# slow every `npm ci`. Costs nothing when that version is already there.
#
#   bash scripts/claude-code.sh          installs when missing
#   bash scripts/claude-code.sh --path   the same, then prints the path of the `claude` binary
#
# CLAUDE_CODE_VERSION picks another version (default: the one the tests were written against);
# MODEL_DISCOVERY_CACHE moves the cache (default: ${XDG_CACHE_HOME:-~/.cache}/model-discovery).
set -euo pipefail
version="${CLAUDE_CODE_VERSION:-2.1.332}"
cache="${MODEL_DISCOVERY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/model-discovery}"
dir="$cache/claude-code/$version"
bin="$dir/node_modules/.bin/claude"

installed() {
  # The package's postinstall copies the platform's binary over a placeholder; `--version` proves
  # the copy happened and the binary runs here. It is answered without any network call.
  [ -x "$bin" ] && "$bin" --version 2>/dev/null | grep -qF "$version"
}

if ! installed; then
  mkdir -p "$cache/claude-code"
  # Installed beside the final directory and moved into place in one rename, so two test workers
  # (or an interrupted install) never see half a package.
  staging="$(mktemp -d "$cache/claude-code/.staging-$version-XXXXXX")"
  trap 'rm -rf "$staging"' EXIT
  chmod 755 "$staging"
  echo "Installing @anthropic-ai/claude-code@$version into $dir ..." >&2
  # --foreground-scripts: the postinstall must run (it places the native binary) and its
  # explanation is shown if the platform has no binary package.
  npm install --prefix "$staging" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
    --foreground-scripts "@anthropic-ai/claude-code@$version" >&2
  rm -rf "$dir"
  mv "$staging" "$dir" 2>/dev/null || true
  if ! installed; then
    echo "Claude Code $version did not install a working binary at $bin." >&2
    echo "Check that npm can reach the registry and that this platform ($(uname -sm)) has a native package (@anthropic-ai/claude-code-<platform>)." >&2
    exit 1
  fi
fi

if [ "${1:-}" = "--path" ]; then
  echo "$bin"
fi
