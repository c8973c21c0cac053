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


@dataclass(frozen=True)
class NavLink:
    """A link in the top navigation; ``roles`` limits it to users holding one of them (empty: everyone)."""

    title: str | Promise
    url_name: str
    order: int = 100
    roles: tuple[str, ...] = ()


_NAV: list[NavLink] = []


def register_nav_link(link: NavLink) -> None:
    if link not in _NAV:
        _NAV.append(link)


def nav_links_for(user) -> list[NavLink]:
    from auyl.core.permissions import role_scopes

    held = {role for role, _ in role_scopes(user)}
    if getattr(user, "is_superuser", False):
        held.add("admin")
    return [link for link in sorted(_NAV, key=lambda n: n.order) if not link.roles or held & set(link.roles)]


def register_community_section(section: Section) -> None:
    if section not in _SECTIONS:
        _SECTIONS.append(section)


def community_sections() -> list[Section]:
    return sorted(_SECTIONS, key=lambda s: (s.order, str(s.title)))
