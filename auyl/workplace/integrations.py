"""Figures the workplace shows from other apps (budget execution, development-programme indicators).

Those apps are optional to the workplace: when one is missing or fails, its section shows an empty state and
the rest of the page renders.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from typing import Any

logger = logging.getLogger(__name__)


def _optional(module: str, name: str) -> Callable | None:
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def _call(module: str, name: str, *args) -> Any:
    function = _optional(module, name)
    if function is None:
        return None
    try:
        return function(*args)
    except Exception:  # another app's failure must not break the akim's page
        logger.exception("workplace: %s.%s failed", module, name)
        return None


def budget_execution(community, year: int):
    """``auyl.budget.selectors.execution_summary``: plan and fact of revenues and spending, or None."""
    return _call("auyl.budget.selectors", "execution_summary", community, year)


def development_programme(community):
    """The latest development programme with its goals and indicators (``auyl.assemblies.selectors``), or None."""
    programmes = _call("auyl.assemblies.selectors", "programmes_of", community)
    latest = programmes.first() if programmes is not None else None
    if latest is None:
        return None
    return _call("auyl.assemblies.selectors", "programme_detail", latest.pk)
