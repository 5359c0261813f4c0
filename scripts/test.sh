#!/usr/bin/env bash
# Installs the test dependencies (Debian chromium included, when this user may install it)
# and runs the whole suite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh --dev

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "==> installing Debian chromium for the browser tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "==> chromium is missing and cannot be installed here: browser tests will be skipped"
  fi
fi

echo "==> UI unit tests"
(cd ui && npm test --silent)
echo "==> Python tests"
.venv/bin/pytest "$@"
