#!/usr/bin/env bash
# Installs what Fluxo needs into this checkout: Python packages (from uv.lock) and the built UI.
# Usage: scripts/install.sh [--dev]    (--dev adds the test tools)
set -euo pipefail
cd "$(dirname "$0")/.."

export UV_PYTHON_DOWNLOADS=never   # use this machine's Python 3.11+, never download one
python_bin=${PYTHON:-python3}

if [ ! -x .tools/bin/uv ]; then
  echo "==> installing uv into .tools/"
  "$python_bin" -m venv .tools
  .tools/bin/python -m pip install --quiet --disable-pip-version-check uv
fi

groups=(--no-dev)
[ "${1:-}" = "--dev" ] && groups=()
echo "==> installing Python packages into .venv/"
.tools/bin/uv sync --locked --python "$("$python_bin" -c 'import sys; print(sys.executable)')" "${groups[@]}"

echo "==> building the web UI into ui/dist/"
(cd ui && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent >/dev/null)
