#!/usr/bin/env bash
# Install everything the tests need, run ruff and mypy, then the whole suite (unit, real-model
# retrieval, API, browser). Used by the README and by CI (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

# The browser tests drive Debian's Chromium (never a downloaded browser).
if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ]; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium >/dev/null
    elif command -v sudo >/dev/null 2>&1; then
        sudo apt-get update -qq && sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
    else
        echo "Chromium is missing and cannot be installed here; the browser tests will be skipped." >&2
    fi
fi

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'
# Checks that keep the code clean (configured in pyproject.toml), then every test.
.venv/bin/ruff check src tests hatch_build.py
.venv/bin/mypy
exec .venv/bin/python -m pytest "$@"
