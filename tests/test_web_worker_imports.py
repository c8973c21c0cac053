"""A web worker loads what its requests need: scikit-learn and SciPy come with the AI helper's analyses, not with
the URLs (they took 150 MB and two seconds of start-up per gunicorn worker)."""

import subprocess
import sys
from pathlib import Path

LOAD_URLS = """
import os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "auyl.settings"
import django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns
print(",".join(sorted(m for m in ("sklearn", "scipy") if m in sys.modules)))
"""


def test_loading_the_urls_does_not_import_scikit_learn_or_scipy():
    done = subprocess.run([sys.executable, "-c", LOAD_URLS], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parent.parent)
    assert done.returncode == 0, done.stderr[-2000:]
    assert not done.stdout.strip(), f"loaded with the URLs: {done.stdout.strip()}"
