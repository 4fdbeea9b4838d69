#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3, the newest release that runs on Node 20)
# from npm into .cache/code-server, for the extension's end-to-end test
# (test/e2e/extension.e2e.test.ts). Idempotent: a finished install is left alone.
# `--check` installs nothing: exit 0 when it is installed, else say what is missing, exit 1.
set -euo pipefail
cd "$(dirname "$0")/../.."

version=4.100.3
dir=.cache/code-server
bin="$dir/node_modules/.bin/code-server"
stamp="$dir/.installed-$version"

if [ -e "$stamp" ] && [ -x "$bin" ]; then
  [ "${1:-}" = "--check" ] || echo "code-server $version already installed in $dir"
  exit 0
fi
if [ "${1:-}" = "--check" ]; then
  echo "missing: code-server $version in $dir (bash scripts/setup/code-server.sh installs it)"
  exit 1
fi

for tool in rg make g++ pkg-config; do
  command -v "$tool" >/dev/null || { echo "error: code-server's install needs '$tool' (Debian: build-essential pkg-config ripgrep; see .ci/run)" >&2; exit 1; }
done

# @vscode/ripgrep's postinstall downloads rg from GitHub, which this network does not
# reach: seed its download cache with Debian's rg under the file name it asks for.
tmp="${TMPDIR:-/tmp}"
ripgrep_cache="$tmp/vscode-ripgrep-cache-1.15.11"
ripgrep_archive="$ripgrep_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -s "$ripgrep_archive" ]; then
  mkdir -p "$ripgrep_cache"
  staging=$(mktemp -d)
  cp "$(command -v rg)" "$staging/rg"
  tar czf "$ripgrep_archive.tmp" -C "$staging" rg
  mv "$ripgrep_archive.tmp" "$ripgrep_archive"
  rm -rf "$staging"
fi

rm -rf "$dir"
mkdir -p "$dir"
# code-server's postinstall refuses to run unless npm_config_unsafe_perm is set (npm 7+ no
# longer knows the option and warns about it; the warning is harmless).
# Its own package.json, so npm installs here and not into the pnpm workspace above.
printf '{ "name": "pipewright-code-server", "private": true }\n' > "$dir/package.json"
(
  cd "$dir"
  # Run from `pnpm test`, npm would inherit pnpm's user agent, which code-server's
  # postinstall reads to pick a package manager and then refuses.
  unset npm_config_user_agent
  npm_config_yes=true npm_config_unsafe_perm=true npm install --no-save --no-audit --no-fund \
    --foreground-scripts "code-server@$version"
)
# Its first start writes a config under XDG_CONFIG_HOME: keep that out of the home directory.
config=$(mktemp -d)
XDG_CONFIG_HOME="$config" XDG_DATA_HOME="$config" "$bin" --version
rm -rf "$config"
touch "$stamp"
echo "code-server $version installed in $dir"
