#!/usr/bin/env bash
# Makes Debian's Chromium available at /usr/bin/chromium for the browser tests (tests/E2E), installing the
# `chromium` package once when it is missing. Playwright drives this browser; it never downloads its own.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi

log() { echo "chromium.sh: $*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

log "installing Debian's chromium package"
as_root apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium >&2
