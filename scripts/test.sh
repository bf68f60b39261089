#!/usr/bin/env bash
# Install everything the tests need, run ruff and mypy, then the whole suite (unit, real-model
# retrieval, API, browser). Used by the README and by CI (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

# The browser tests drive Debian's Chromium (never a downloaded browser); scanned PDF pages are read
# by Tesseract with its Swedish model, and pdftotext (poppler-utils) gives the reference text that
# the PDF tests compare letters with.
PACKAGES=""
command -v chromium >/dev/null 2>&1 || PACKAGES="$PACKAGES chromium"
command -v tesseract >/dev/null 2>&1 || PACKAGES="$PACKAGES tesseract-ocr"
tesseract --list-langs 2>/dev/null | grep -qx swe || PACKAGES="$PACKAGES tesseract-ocr-swe"
command -v pdftotext >/dev/null 2>&1 || PACKAGES="$PACKAGES poppler-utils"
if [ -n "$PACKAGES" ]; then
    if [ "$(id -u)" = "0" ]; then
        export DEBIAN_FRONTEND=noninteractive
        # shellcheck disable=SC2086  # one word per package
        apt-get update -qq && apt-get install -y -qq --no-install-recommends $PACKAGES >/dev/null
    elif command -v sudo >/dev/null 2>&1; then
        # shellcheck disable=SC2086
        sudo apt-get update -qq && sudo apt-get install -y -qq --no-install-recommends $PACKAGES >/dev/null
    else
        echo "Missing and not installable here:$PACKAGES; the tests that need them will be skipped." >&2
    fi
fi

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'
# Checks that keep the code clean (configured in pyproject.toml), then every test.
.venv/bin/ruff check src tests hatch_build.py
.venv/bin/mypy
exec .venv/bin/python -m pytest "$@"
