"""How many signatures an initiative needs and how long its addressee has to answer. Pure: no Django.

Legal basis (see docs/initiatives.md):
- convene a gathering: at least 10 % of the community's members (Law 148 art. 39-3 p.5) [C];
- put a question to the assembly, propose to the district maslikhat: the law sets no number; Auyl uses 5 % and
  3 % with a floor of signatures so that a handful of people cannot speak for a village [U: platform policy];
- answer: an initiative that reached its threshold is an application (өтініш / заявление) to a public body, so
  the addressee answers within 15 working days counting the day of receipt (APPC art. 76) [I].
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    percent: int  # of the community's adult members counted at opening
    minimum: int  # never fewer signatures than this (capped by the number of members)


RULES: dict[str, Rule] = {
    "gathering": Rule(percent=10, minimum=1),
    "assembly": Rule(percent=5, minimum=10),
    "maslikhat": Rule(percent=3, minimum=25),
}
ANSWER_WORKING_DAYS = 15
MAX_COLLECTION_DAYS = 90
MIN_COLLECTION_DAYS = 7


def threshold(kind: str, members: int) -> int:
    """Signatures needed: ceil(percent × members), at least the floor, never more than the members."""
    rule = RULES[kind]
    share = -(-members * rule.percent // 100)  # ceiling without floats
    return max(1, min(members, max(share, rule.minimum)))


def progress(count: int, needed: int) -> int:
    """Percent of the threshold reached, 0–100, for the progress bar."""
    if needed <= 0:
        return 100
    return min(100, count * 100 // needed)
