#!/usr/bin/env bash
# One command: install everything (system packages, Python environment, spaCy model), then run the
# batch flow over the sample corpus in corpus/, writing output/.
set -euo pipefail
cd "$(dirname "$0")"
start=$(date +%s)
scripts/install.sh
echo "setup: installed in $(( $(date +%s) - start )) s; running: leaksift run corpus --out output" >&2
status=0
.venv/bin/leaksift run corpus --out output || status=$?
echo "setup: done in $(( $(date +%s) - start )) s; see output/ and '.venv/bin/leaksift entities'" >&2
exit $status
