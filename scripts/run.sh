#!/usr/bin/env bash
# Install Auyl into .venv and run it on its embedded default: SQLite in var/, demo data, http://127.0.0.1:8000
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
"$VENV/bin/pip" install --quiet --disable-pip-version-check -e .
exec "$VENV/bin/auyl" serve "$@"
