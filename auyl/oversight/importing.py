"""Import of akim election results from a CSV file (UTF-8, comma-separated, header row, one row per candidate).

Required columns::

    community_kato   9-digit KATO code of the town, village, settlement or rural okrug
    election_date    YYYY-MM-DD
    electorate       voters on the lists (the same on every row of one election)
    ballots_cast     voters who took part (the same on every row of one election)
    candidate        full name
    birth_date       YYYY-MM-DD
    education        postgraduate | higher | post_secondary | vocational | secondary | none
    experience_years work experience in years, e.g. 7.5
    nomination       self | party
    party            party name (empty when self-nominated)
    votes            votes received; empty for a nominee refused registration

Optional columns: ``kind`` (regular | early), ``iin`` (12 digits; only its keyed hash is stored, to recognise the
same person in later elections), ``registered_on`` (YYYY-MM-DD, when the winner's term begins; election day by
default), ``first_time`` (yes | no: for winners whose earlier terms are not in the file).

Elections are processed in date order, so earlier terms count towards the two-consecutive-terms rule. A file with
any bad row saves nothing and reports every bad row by line; an election already recorded is skipped.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from auyl.oversight import services
from auyl.oversight.models import Education, Election, Nomination
from auyl.territory.models import Community

REQUIRED = ("community_kato", "election_date", "electorate", "ballots_cast", "candidate", "birth_date",
            "education", "experience_years", "nomination", "party", "votes")


@dataclass
class ImportReport:
    elections: int = 0
    candidates: int = 0
    refused: int = 0
    terms: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Row:
    line: int
    kato: str
    day: date
    electorate: int
    ballots_cast: int
    name: str
    birth_date: date
    education: str
    experience: Decimal
    nomination: str
    party: str
    votes: int | None
    kind: str
    iin: str
    registered_on: date | None
    first_time: bool | None


def _parse(line: int, raw: dict[str, str]) -> _Row:
    value = {key: (raw.get(key) or "").strip() for key in raw}
    problems = []

    def day(key: str, optional: bool = False) -> date | None:
        if optional and not value.get(key):
            return None
        try:
            return date.fromisoformat(value.get(key, ""))
        except ValueError:
            problems.append(_("%(column)s is not a date (YYYY-MM-DD)") % {"column": key})
            return None

    def number(key: str, optional: bool = False) -> int | None:
        if optional and not value.get(key):
            return None
        try:
            result = int(value.get(key, ""))
            if result < 0:
                raise ValueError
            return result
        except ValueError:
            problems.append(_("%(column)s is not a whole number") % {"column": key})
            return None

    kato = value.get("community_kato", "")
    if not (len(kato) == 9 and kato.isdigit()):
        problems.append(_("community_kato must be a 9-digit KATO code"))
    if value.get("education") not in Education.values:
        problems.append(_("education must be one of: %(values)s") % {"values": ", ".join(Education.values)})
    if value.get("nomination") not in Nomination.values:
        problems.append(_("nomination must be self or party"))
    kind = value.get("kind") or Election.Kind.REGULAR
    if kind not in Election.Kind.values:
        problems.append(_("kind must be regular or early"))
    try:
        experience = Decimal(value.get("experience_years", ""))
    except InvalidOperation:
        problems.append(_("experience_years is not a number"))
        experience = Decimal(0)
    first_time = {"yes": True, "no": False, "": None}.get(value.get("first_time", "").lower(), "bad")
    if first_time == "bad":
        problems.append(_("first_time must be yes, no or empty"))
    if not value.get("candidate"):
        problems.append(_("candidate name is empty"))
    row = _Row(line, kato, day("election_date"), number("electorate"), number("ballots_cast"),
               value.get("candidate", ""), day("birth_date"), value.get("education", ""), experience,
               value.get("nomination", ""), value.get("party", ""), number("votes", optional=True), kind,
               value.get("iin", ""), day("registered_on", optional=True), first_time)
    if problems:
        raise ValidationError("; ".join(problems))
    return row


def read_rows(text: str) -> tuple[list[_Row], list[str]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        return [], [_("missing columns: %(columns)s") % {"columns": ", ".join(missing)}]
    rows, errors = [], []
    for line, raw in enumerate(reader, start=2):
        try:
            rows.append(_parse(line, raw))
        except ValidationError as error:
            errors.append(_("line %(line)s: %(problem)s") % {"line": line, "problem": error.messages[0]})
    return rows, errors


def import_elections(text: str) -> ImportReport:
    """Read, check and save the whole file in one transaction (see the module docstring for the format)."""
    report = ImportReport()
    rows, report.errors = read_rows(text)
    if report.errors:
        return report
    groups: dict[tuple[str, date], list[_Row]] = defaultdict(list)
    for row in rows:
        groups[(row.kato, row.day)].append(row)
    communities = {c.territory.code: c for c in Community.objects.filter(
        territory__code__in={kato for kato, _day in groups}).select_related("territory")}
    for (kato, _day), members in groups.items():
        first = members[0]
        if kato not in communities:
            report.errors.append(_("line %(line)s: %(code)s is not a local community") % {"line": first.line,
                                                                                          "code": kato})
        if any((r.electorate, r.ballots_cast, r.kind) != (first.electorate, first.ballots_cast, first.kind)
               for r in members):
            report.errors.append(_("line %(line)s: electorate, ballots_cast and kind differ within one election")
                                 % {"line": first.line})
    if report.errors:
        return report
    with transaction.atomic():
        for (kato, day), members in sorted(groups.items(), key=lambda item: (item[0][1], item[0][0])):
            _import_one(communities[kato], day, members, report)
        if report.errors:
            transaction.set_rollback(True)
        else:
            for year in sorted({day.year for _kato, day in groups}):
                services.request_refresh(year)
    if report.errors:
        report.elections = report.candidates = report.refused = report.terms = 0
    return report


def _import_one(community: Community, day: date, members: list[_Row], report: ImportReport) -> None:
    if Election.objects.filter(community=community, date=day).exists():
        report.skipped += 1
        return
    system = services.SYSTEM
    first = members[0]
    election = services.schedule_election(system, community=community, day=day, kind=first.kind)
    report.elections += 1
    votes: dict[int, int] = {}
    for row in members:
        try:
            candidate = services.nominate(system, election, full_name=row.name, birth_date=row.birth_date,
                                          education=row.education, experience_years=row.experience,
                                          nomination=row.nomination, party=row.party, iin=row.iin)
        except ValidationError as error:
            report.errors.append(_("line %(line)s: %(problem)s") % {"line": row.line,
                                                                   "problem": "; ".join(error.messages)})
            continue
        report.candidates += 1
        if not candidate.is_eligible:
            report.refused += 1
            if row.votes:
                why = " ".join(services.problem_messages(candidate.problems))
                report.errors.append(_("line %(line)s: votes given to a nominee who is not eligible: %(why)s")
                                     % {"line": row.line, "why": why})
            continue
        if row.votes is not None:
            votes[candidate.pk] = row.votes
    if not votes or report.errors:
        return
    winner_row = max(members, key=lambda r: r.votes or 0)
    try:
        services.record_results(system, election, electorate=first.electorate, ballots_cast=first.ballots_cast,
                                votes=votes, registered_on=winner_row.registered_on,
                                first_time=winner_row.first_time, refresh=False)
    except ValidationError as error:
        report.errors.append(_("line %(line)s: %(problem)s") % {"line": first.line,
                                                               "problem": "; ".join(error.messages)})
        return
    report.terms += 1
