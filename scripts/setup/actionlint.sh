#!/usr/bin/env bash
# Installs actionlint (the GitHub Actions workflow linter) from its Go module into
# .cache/bin, for the tests that lint the generated workflows, the docs' examples and every
# action.yml. Idempotent: does nothing when that version is already there. actionlint runs
# Debian's shellcheck on every `run:` script (installed by .ci/run).
set -euo pipefail
cd "$(dirname "$0")/../.."

version=1.7.12
bin="$PWD/.cache/bin"
if [ -x "$bin/actionlint" ] && [ "$("$bin/actionlint" -version | head -n 1)" = "v$version" ]; then
  echo "actionlint $version is installed at $bin/actionlint"
  exit 0
fi

go=$(command -v go || true)
[ -n "$go" ] || go=/usr/local/go/bin/go
if [ ! -x "$go" ]; then
  echo "error: Go is needed to build actionlint (looked on PATH and at /usr/local/go/bin/go)" >&2
  exit 1
fi

mkdir -p "$bin"
# Go's module and build caches in a temporary directory: only the binary is kept (sources
# under the repository would be linted and searched as if they were ours).
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
GOBIN="$bin" GOPATH="$work/go" GOCACHE="$work/cache" GOFLAGS=-modcacherw \
  "$go" install "github.com/rhysd/actionlint/cmd/actionlint@v$version"
echo "installed actionlint $("$bin/actionlint" -version | head -n 1) at $bin/actionlint"
