#!/usr/bin/env bash
# Installs headless Chromium and a CJK font (Debian packages): `zhbrief build --format pdf` prints with them,
# and tests/test_browser.py lays pages out in them.
# Skips what is already there; runs non-interactively as root (CI), and does nothing harmful elsewhere.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
# Without a CJK font Chinese renders as empty boxes. The PDF's print stylesheet asks for this TrueType one:
# embedded as a subset, its text copies out as written (an OpenType CJK font's copies out radicals).
if ! fc-list 2>/dev/null | grep -qi "WenQuanYi Zen Hei"; then need+=(fonts-wqy-zenhei); fi
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "install_browser: not root; install ${need[*]} yourself for --format pdf and the browser test" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${need[@]}" >/dev/null
