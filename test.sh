#!/usr/bin/env bash
# One command: install what the tests need (same as setup, without the sample run), then run the
# whole test suite after ruff (lint and format). Extra arguments go to pytest (e.g. ./test.sh -k ocr).
set -euo pipefail
cd "$(dirname "$0")"
scripts/install.sh
# lint and format first: a style problem fails in seconds, before the long suite
.venv/bin/ruff check .
.venv/bin/ruff format --check .
exec .venv/bin/pytest "$@"
