"""The registry of roll-up metrics and of the providers that compute them, one provider per source app.

A provider is ``provider(year, within) -> Iterable[rollup.Row]``: it reads its app's models through that app's
selectors and returns each community's numerator and denominator for the year, for communities whose KATO code
starts with ``within`` ('' = all). Providers are registered in ``providers.py``; an app that is not built yet
simply contributes no metrics.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.functional import Promise

from auyl.oversight import rollup


@dataclass(frozen=True)
class Metric:
    key: str
    title: str | Promise
    kind: str  # one of rollup.KINDS
    group: str  # budget / participation / appeals / akims / audits
    higher_is_better: bool = True


Provider = Callable[[int, str], Iterable[rollup.Row]]

_METRICS: dict[str, Metric] = {}
_PROVIDERS: dict[str, Provider] = {}


def register(source: str, metrics: Iterable[Metric], provider: Provider) -> None:
    for metric in metrics:
        if metric.kind not in rollup.KINDS:
            raise ValueError(f"unknown kind {metric.kind!r} of metric {metric.key!r}")
        _METRICS[metric.key] = metric
    _PROVIDERS[source] = provider


def all_metrics() -> list[Metric]:
    return list(_METRICS.values())


def metric(key: str) -> Metric:
    return _METRICS[key]


def kinds() -> dict[str, str]:
    return {key: m.kind for key, m in _METRICS.items()}


def providers() -> dict[str, Provider]:
    return dict(_PROVIDERS)


def groups() -> list[tuple[str, list[Metric]]]:
    order: dict[str, list[Metric]] = {}
    for item in _METRICS.values():
        order.setdefault(item.group, []).append(item)
    return list(order.items())
