#!/usr/bin/env bash
# Installs what the tests need on a Debian machine: the real servers they start on
# loopback, Chromium, the Python references, and the tools in scripts/setup/*.sh.
# Idempotent and quick when everything is there. `--check` installs nothing: it lists
# what is missing and exits 1 when anything is.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
check_only=false
[ "${1:-}" = "--check" ] && check_only=true

# docker-registry: the CNCF distribution registry; postgresql: SQL pushdown; scipy,
# numpy, pandas: the reference values drift statistics are checked against; git: the
# commits in run records; nginx, prometheus: canary deploys; sklearn, nbformat: the
# notebook fixtures; chromium: the report and the editor end to end; shellcheck:
# actionlint runs it on every `run:` script; the build tools, X11 and keyring headers
# and ripgrep: code-server.
debian_packages=(
  docker-registry postgresql python3 python3-scipy python3-numpy python3-pandas git
  nginx prometheus python3-sklearn python3-nbformat chromium shellcheck fonts-dejavu-core
  build-essential pkg-config libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev ripgrep
)
missing=()
for pkg in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done

if $check_only; then
  status=0
  if [ ${#missing[@]} -gt 0 ]; then
    echo "missing Debian packages: ${missing[*]}"
    status=1
  fi
  for setup in scripts/setup/*.sh; do
    [ -e "$setup" ] || continue
    bash "$setup" --check || status=1
  done
  exit "$status"
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "::group::apt-get install ${missing[*]}"
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
  echo "::endgroup::"
  # Package postinst scripts may start daemons; the tests start their own.
  for daemon in docker-registry prometheus nginx; do pkill -x "$daemon" 2>/dev/null || true; done
  if command -v service >/dev/null; then service postgresql stop >/dev/null 2>&1 || true; fi
fi

# Tools that do not come from Debian, one installer each (idempotent, cached under .cache/).
for setup in scripts/setup/*.sh; do
  [ -e "$setup" ] || continue
  bash "$setup" --check >/dev/null 2>&1 && continue
  echo "::group::$setup"
  bash "$setup"
  echo "::endgroup::"
done
