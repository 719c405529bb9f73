#!/usr/bin/env bash
# Chromium for the server's end-to-end browser test (Playwright for .NET drives /usr/bin/chromium; no browser download).
# Idempotent; runs as root on Debian 12.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  echo "chromium: $(chromium --version 2>/dev/null || echo present)"
  exit 0
fi
stamp=/tmp/facesynth-apt-updated   # shared with the other prerequisite scripts: apt-get update once per CI run
[[ -f $stamp ]] || { apt-get update -qq && touch "$stamp"; }
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
chromium --version
