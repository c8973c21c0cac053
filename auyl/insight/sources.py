"""Where the texts the helper analyses come from: other apps' models, read here and nowhere else in insight.

Each source gives plain items for ``auyl.text`` (``{"id", "text", "settlement", "author"}``) plus the community,
a title and whether its themes may be public. Authors are only ever counted, never stored or shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _

from auyl.insight.models import Source
from auyl.territory.models import Community, Territory

MAX_TEXTS = 20_000  # a month's appeals or a contest's proposals stay far below this


@dataclass
class TextSource:
    community: Community
    title: str
    public: bool
    items: list[dict[str, str]]


def month_key(day: date) -> int:
    return day.year * 100 + day.month


def joined(title: str, body: str) -> str:
    """Title and body as one text, without repeating a title the body already starts with."""
    title, body = title.strip(), body.strip()
    return body if not title or body.startswith(title.rstrip(".…")) else f"{title}. {body}"


def _settlement_names(codes: set[str]) -> dict[str, str]:
    return {code: name for code, name in Territory.objects.filter(code__in=codes).values_list("code", "name_kk")}


def contest_source(contest_id: int, *, with_items: bool = True) -> TextSource:
    from auyl.contests.models import Contest, ProposalStatus

    contest = Contest.objects.select_related("community__territory").get(pk=contest_id)
    items = []
    if with_items:
        rows = (contest.proposals.exclude(status=ProposalStatus.WITHDRAWN)
                .values_list("pk", "title", "description", "settlement__name_kk", "author_id")[:MAX_TEXTS])
        items = [{"id": str(pk), "text": joined(title, description), "settlement": settlement or "",
                  "author": str(author)} for pk, title, description, settlement, author in rows]
    return TextSource(contest.community, contest.title, True, items)


def appeals_source(community_id: int, month: int, *, with_items: bool = True) -> TextSource:
    """Appeals registered in one month (``month`` = YYYYMM) of one community; themes of appeals are never public."""
    from auyl.appeals.models import Appeal

    community = Community.objects.select_related("territory").get(pk=community_id)
    year, number = divmod(month, 100)
    title = _("Appeals of %(month)02d.%(year)d") % {"month": number, "year": year}
    items = []
    if with_items:
        rows = (Appeal.objects.filter(community_id=community_id, registered_on__year=year,
                                      registered_on__month=number)
                .values_list("pk", "subject", "text", "settlement__name_kk", "applicant_user_id",
                             "applicant_resident_id")[:MAX_TEXTS])
        items = [{"id": str(pk), "text": joined(subject, text), "settlement": settlement or "",
                  "author": f"u{user}" if user else (f"r{resident}" if resident else f"a{pk}")}
                 for pk, subject, text, settlement, user, resident in rows]
    return TextSource(community, title, False, items)


def poll_source(poll_id: int, *, with_items: bool = True) -> TextSource:
    """Free-text answers of a poll (each answer is one anonymous ballot, so one resident)."""
    from auyl.initiatives.models import Poll
    from auyl.initiatives.selectors import free_text_answers

    poll = Poll.objects.select_related("community__territory").get(pk=poll_id)
    items = []
    if with_items:
        rows = list(free_text_answers(poll_id)[:MAX_TEXTS])
        names = _settlement_names({row["ballot__settlement__code"] for row in rows})
        items = [{"id": str(row["id"]), "text": row["text"], "settlement": names.get(row["ballot__settlement__code"],
                                                                                      ""),
                  "author": str(row["id"])} for row in rows]
    return TextSource(poll.community, poll.title, poll.published_at is not None, items)


def load(source: str, source_id: int, *, community_id: int | None = None, with_items: bool = True) -> TextSource:
    """The texts of one source; LookupError when the contest, poll or community does not exist."""
    loaders = {Source.CONTEST: lambda: contest_source(source_id, with_items=with_items),
               Source.POLL: lambda: poll_source(source_id, with_items=with_items),
               Source.APPEALS: lambda: appeals_source(community_id or 0, source_id, with_items=with_items)}
    if source not in loaders:
        raise ValueError(f"unknown text source {source!r}")
    try:
        return loaders[source]()
    except ObjectDoesNotExist:
        raise LookupError(f"no {source} {source_id}") from None
