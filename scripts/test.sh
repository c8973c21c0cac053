#!/usr/bin/env bash
# Install Auyl with its test tools and run the whole suite (lint, unit, integration, browser).
# DATABASE_URL=postgres://… runs it against PostgreSQL; REDIS_URL=redis://… uses Redis for cache and queue tests.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
"$VENV/bin/pip" install --quiet --disable-pip-version-check -e '.[test]'
# Browser tests drive Debian's Chromium; install it when it is missing.
if [ ! -x /usr/bin/chromium ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
# axe-core (accessibility checks) comes from the npm registry and is injected into pages by the tests.
if [ ! -f node_modules/axe-core/axe.min.js ]; then
  npm ci --no-audit --no-fund --silent
fi
"$VENV/bin/ruff" check .
"$VENV/bin/python" manage.py makemigrations --check --dry-run >/dev/null || {
  echo "Models changed without migrations: run 'python manage.py makemigrations'." >&2; exit 1; }
exec "$VENV/bin/pytest" "$@"
