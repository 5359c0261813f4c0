#!/usr/bin/env bash
# The whole product on embedded defaults: installs, then runs `fluxo dev` (Ctrl-C stops it).
# Extra arguments go to `fluxo dev`, e.g. scripts/start.sh --port 9000 --data-dir /tmp/fluxo
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
exec .venv/bin/fluxo dev "$@"
