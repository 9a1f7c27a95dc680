#!/usr/bin/env bash
# Installs Debian's Chromium and its driver for the browser tests (tests/browser/), unless already there.
# The tests drive /usr/bin/chromium with Playwright's Python package; no browser is ever downloaded by
# Playwright itself. Needs root (CI runs as root); a no-op when /usr/bin/chromium exists.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  echo "chromium already installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends chromium chromium-driver fonts-noto-core
/usr/bin/chromium --version || true
