#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed for the browser tests (never a downloaded browser build).
# Idempotent: does nothing when /usr/bin/chromium exists.
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
SUDO=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "ensure-chromium: need root or sudo to apt-get install chromium" >&2; exit 1; }
  SUDO="sudo -n"
fi
echo "ensure-chromium: installing Debian's chromium package ..." >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
[ -x /usr/bin/chromium ]
