"""Access to the word lists shipped in ``auyl/text/data`` (read once, cached)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
PROMPTS_DIR = Path(__file__).resolve().parent / "prompts"


@cache
def word_list(name: str) -> frozenset[str]:
    """Lines of ``data/<name>`` without comments and blanks, lower-cased."""
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))
