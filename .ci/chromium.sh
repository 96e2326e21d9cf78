#!/usr/bin/env bash
# Debian's Chromium for the browser tests (tests/Web): Playwright drives /usr/bin/chromium because its
# own browser download cannot work offline. Idempotent: installs only when missing. Fails loudly.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  echo "chromium present: $(/usr/bin/chromium --version 2>/dev/null || echo unknown version)"
  exit 0
fi
echo "installing chromium (apt)…"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
/usr/bin/chromium --version
