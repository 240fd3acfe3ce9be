#!/usr/bin/env bash
# Runs the test suite (model tests included), setting up the environment first when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${ZHBRIEF_VENV:-.venv}
bash scripts/setup.sh --no-build  # also installs headless Chromium (PDF, the browser test)
"$VENV/bin/zhbrief" glossary check
"$VENV/bin/python" -m pytest -q "$@"
