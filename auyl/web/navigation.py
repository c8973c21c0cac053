"""Sections of a community's public page, contributed by the domain apps (registered in their ``ready``).

Keeps the web shell free of imports from the domain apps: each app says what it adds.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class Section:
    title: str | Promise
    url_name: str  # reversed with the community's KATO code as ``code``
    order: int = 100
    officials_only: bool = False


_SECTIONS: list[Section] = []


def register_community_section(section: Section) -> None:
    if section not in _SECTIONS:
        _SECTIONS.append(section)


def community_sections() -> list[Section]:
    return sorted(_SECTIONS, key=lambda s: (s.order, str(s.title)))
