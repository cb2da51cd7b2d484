#!/usr/bin/env bash
# Install everything leaksift needs on a Debian machine, idempotently:
#   1. system packages from scripts/apt-packages.txt (tesseract, its language data, poppler);
#   2. uv, if missing (from PyPI);
#   3. the Python environment in .venv exactly as uv.lock pins it (spaCy model package included);
#   4. Prefect's local database, migrated once so the first flow run does not time out.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf 'install: %s\n' "$*" >&2; }

# -- 1. system packages --------------------------------------------------------------------------
mapfile -t wanted < <(grep -v '^\s*#' scripts/apt-packages.txt | sed 's/\s.*//' | grep -v '^$')
missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  log "installing system packages: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { log "need root (or sudo) to apt-get install ${missing[*]}"; exit 1; }
    SUDO="sudo"
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# -- 2. uv ---------------------------------------------------------------------------------------
export PATH="$HOME/.local/bin:$PATH"
if ! command -v uv >/dev/null; then
  log "installing uv from PyPI"
  python3 -m pip install --quiet --user uv 2>/dev/null || python3 -m pip install --quiet uv
  hash -r
fi

# -- 3. Python environment -----------------------------------------------------------------------
# Bytecode is compiled at install time: with PYTHONDONTWRITEBYTECODE set (as on these machines) every
# start would otherwise recompile Prefect and spaCy from source (an import of Prefect's server took
# 11.7 s uncompiled, 6.7 s compiled here).
export UV_PYTHON_DOWNLOADS=never
log "syncing .venv from uv.lock"
uv sync --frozen --compile-bytecode --python python3.11 --quiet

# -- 4. Prefect state and the place gazetteer's cache ---------------------------------------------
.venv/bin/python - <<'PY'
from flows.runtime import configure_prefect, ensure_prefect_state
configure_prefect()
ensure_prefect_state(quiet=False)
from extractors.normalize.gazetteer import is_known_place
is_known_place("Calgary")  # builds the place tables once (about 3 s) and caches them
PY
log "ready: .venv/bin/leaksift --help"
