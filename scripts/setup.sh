#!/usr/bin/env bash
# Installs everything zhbrief needs on a machine with only python3 (venv, dependencies, Chromium for PDF, model),
# then builds the briefings of seeds/ into briefings/. Safe to run again: each step skips what is done.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${ZHBRIEF_VENV:-.venv}
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e ".[test,bench,cluster]"
bash scripts/install_browser.sh  # headless Chromium and a CJK font: build --format pdf (and the browser test)
if ! "$VENV/bin/zhbrief" model status >/dev/null 2>&1; then
  "$VENV/bin/zhbrief" model fetch
fi
if [ "${1:-}" != "--no-build" ]; then
  "$VENV/bin/zhbrief" build seeds -o briefings
fi
