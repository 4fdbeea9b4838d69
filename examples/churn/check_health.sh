#!/bin/sh
# Canary analysis by script: exits 0 when the canary's /health answers.
# Usage: check_health.sh --url URL
set -eu
url="http://127.0.0.1:8002/health"
while [ $# -gt 0 ]; do
  case "$1" in
    --url) url="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
exec curl --silent --fail --max-time 2 --output /dev/null "$url"
