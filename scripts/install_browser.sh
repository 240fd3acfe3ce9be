#!/usr/bin/env bash
# Installs headless Chromium and a CJK font (Debian packages) for tests/test_browser.py.
# Skips what is already there; runs non-interactively as root (CI), and does nothing harmful elsewhere.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
# Without a CJK font Chinese renders as empty boxes in the screenshot (the layout is still measured).
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then need+=(fonts-wqy-zenhei); fi
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "install_browser: not root; install ${need[*]} yourself to run the browser test" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${need[@]}" >/dev/null
