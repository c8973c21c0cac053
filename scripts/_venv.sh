# Shared by run.sh and test.sh: pick a Python ≥ 3.11 and create .venv once.
VENV=${VENV:-.venv}
if [ ! -x "$VENV/bin/python" ]; then
  PY=""
  for candidate in ${PYTHON:-} python3 python3.13 python3.12 python3.11; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
      PY=$candidate; break
    fi
  done
  if [ -z "$PY" ]; then echo "Auyl needs Python 3.11 or newer." >&2; exit 1; fi
  "$PY" -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check --upgrade pip
fi
