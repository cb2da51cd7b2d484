#!/usr/bin/env bash
# One command: install what the tests need (same as setup, without the sample run), then run the
# whole test suite. Extra arguments go to pytest (e.g. ./test.sh -k ocr).
set -euo pipefail
cd "$(dirname "$0")"
scripts/install.sh
exec .venv/bin/pytest "$@"
