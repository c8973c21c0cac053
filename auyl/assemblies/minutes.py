"""Minutes (протокол) generated from the meeting record with every element of Law 148 art. 39-3 p.10:
date and place; number of members entitled; number and list of those present; chair and secretary; agenda,
speeches and decisions with vote counts. One builder feeds the page and the PDF, in Kazakh or Russian.

The public version replaces the list of residents present at a gathering by counts per settlement (private
persons); assembly members are public representatives, so an assembly's public minutes keep their names.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from auyl.assemblies import selectors
from auyl.assemblies.models import BodyKind, Meeting, Motion
from auyl.core.hashing import canonical_json

MINUTES_LANGUAGES = ("kk", "ru")


@dataclass
class ItemRecord:
    position: int
    title: str
    speeches: str
    decided: bool
    text: str = ""
    remarks: str = ""
    motion: str = ""
    votes_for: int = 0
    votes_against: int = 0
    votes_abstain: int = 0
    present: int = 0
    adopted: bool = False


@dataclass
class MinutesDocument:
    language: str
    title: str
    community: str
    body: str
    number: int
    date: str
    time: str
    place: str
    convened_by: str
    entitled: int
    present: int
    quorum_needed: int
    quorate: bool
    chair: str
    secretary: str
    attendees: list[str] | None  # None: the list is held by the akim's office (public version of a gathering)
    by_settlement: list[tuple[str, int]]
    items: list[ItemRecord] = field(default_factory=list)
    fingerprint: str = ""
    signed_at: str = ""

    @property
    def labels(self) -> dict[str, str]:
        with translation.override(self.language):
            return {
                "date": _("Date"), "place": _("Place"), "convened_by": _("Convened by"),
                "entitled": _("Members living in the territory and entitled to take part"),
                "present": _("Present"), "quorum": _("Quorum"),
                "quorate": _("quorate") if self.quorate else _("not quorate: no decisions can be taken"),
                "chair": _("Chair"), "secretary": _("Secretary"), "agenda": _("Agenda"),
                "list": _("List of those present"), "by_settlement": _("Present by settlement"),
                "list_held": _("The list of those present (full names) is attached to the signed original "
                               "kept by the akim's office."),
                "speeches": _("Speeches"), "decision": _("Decision"), "remarks": _("Remarks"),
                "for": _("for"), "against": _("against"), "abstain": _("abstained"),
                "adopted": _("adopted"), "rejected": _("not adopted"),
                "no_decision": _("No decision was taken."),
                "signatures": _("Chair ____________    Secretary ____________"),
                "fingerprint": _("Fingerprint of the signed minutes (SHA-256)"), "signed": _("Signed"),
                "votes": _("Voting"),
            }


def _record(meeting: Meeting, language: str, *, full: bool) -> MinutesDocument:
    with translation.override(language):
        body = meeting.body
        state = selectors.quorum(meeting)
        local = timezone.localtime(meeting.starts_at)
        name_field = "name_kk" if language == "kk" else "name_ru"
        names_public = body.kind in (BodyKind.ASSEMBLY, BodyKind.COMMISSION)
        attendees = None
        if full or names_public:
            attendees = [a.resident.full_name for a in selectors.attendance_of(meeting)]
        items = []
        for item in meeting.items.select_related("decision").order_by("position"):
            decision = getattr(item, "decision", None)
            record = ItemRecord(position=item.position, title=item.title, speeches=item.speeches,
                                decided=decision is not None)
            if decision is not None:
                record.text, record.remarks = decision.text, decision.remarks
                record.motion = str(Motion(decision.motion).label)
                record.votes_for, record.votes_against = decision.votes_for, decision.votes_against
                record.votes_abstain, record.present = decision.votes_abstain, decision.present
                record.adopted = decision.adopted
            items.append(record)
        community = getattr(body.community.territory, name_field)
        return MinutesDocument(
            language=language,
            title=capfirst(_("Minutes No. %(number)s of the %(body)s") % {
                "number": meeting.number, "body": str(body.get_kind_display()).lower()}),
            community=community, body=body.title, number=meeting.number, date=local.strftime("%d.%m.%Y"),
            time=local.strftime("%H:%M"), place=meeting.place, convened_by=str(meeting.get_convened_by_display()),
            entitled=state.entitled, present=state.present, quorum_needed=state.needed, quorate=state.met,
            chair=meeting.chair_name, secretary=meeting.secretary_name, attendees=attendees,
            by_settlement=[(row[name_field], row["count"]) for row in selectors.attendance_by_settlement(meeting)],
            items=items, fingerprint=meeting.minutes_sha256,
            signed_at=timezone.localtime(meeting.signed_at).strftime("%d.%m.%Y %H:%M") if meeting.signed_at else "",
        )


def build(meeting: Meeting, language: str = "kk", *, full: bool = False) -> MinutesDocument:
    """The minutes in ``language`` (kk or ru); ``full`` includes the names of residents present."""
    if language not in MINUTES_LANGUAGES:
        language = "kk"
    return _record(meeting, language, full=full)


def fingerprint(meeting: Meeting) -> str:
    """SHA-256 of the facts of the record (not of a rendering): what the chair and secretary signed."""
    facts = {
        "meeting": meeting.pk, "body": meeting.body_id, "number": meeting.number,
        "starts_at": meeting.starts_at.isoformat(), "place": meeting.place,
        "entitled": meeting.entitled_count, "chair": meeting.chair_name, "secretary": meeting.secretary_name,
        "present": sorted(meeting.attendances.values_list("resident_id", flat=True)),
        "items": [
            {"position": i.position, "title": i.title, "speeches": i.speeches,
             "decision": None if not hasattr(i, "decision") else {
                 "text": i.decision.text, "remarks": i.decision.remarks, "motion": i.decision.motion,
                 "for": i.decision.votes_for, "against": i.decision.votes_against,
                 "abstain": i.decision.votes_abstain, "present": i.decision.present,
                 "adopted": i.decision.adopted}}
            for i in meeting.items.select_related("decision").order_by("position")
        ],
    }
    return hashlib.sha256(canonical_json(facts).encode("utf-8")).hexdigest()


def render_pdf(document: MinutesDocument) -> bytes:
    """The minutes as an A4 PDF with DejaVu Sans, which covers the Kazakh letters ә ғ қ ң ө ұ ү һ і."""
    from auyl.core.pdf import FONT_FAMILY, new_pdf

    labels = document.labels
    pdf = new_pdf(title=document.title)
    width = pdf.epw

    def line(text: str, *, bold: bool = False, size: int = 10, gap: float = 1.5) -> None:
        pdf.set_font(FONT_FAMILY, "B" if bold else "", size)
        pdf.multi_cell(width, 5.5, text)
        pdf.ln(gap)

    line(document.community, bold=True, size=12, gap=0)
    line(document.title, bold=True, size=14)
    line(f"{labels['date']}: {document.date}, {document.time}. {labels['place']}: {document.place}")
    line(f"{labels['convened_by']}: {document.convened_by}")
    line(f"{labels['entitled']}: {document.entitled}")
    line(f"{labels['present']}: {document.present}. {labels['quorum']}: {document.quorum_needed} — "
         f"{labels['quorate']}")
    line(f"{labels['chair']}: {document.chair}. {labels['secretary']}: {document.secretary}")
    line(labels["list"], bold=True, gap=0)
    if document.attendees is not None:
        line(", ".join(document.attendees) or "—")
    else:
        line(labels["list_held"], gap=0)
        line("; ".join(f"{name}: {count}" for name, count in document.by_settlement) or "—")
    line(labels["agenda"], bold=True, gap=0)
    for item in document.items:
        line(f"{item.position}. {item.title}", gap=0.5)
    pdf.ln(2)
    for item in document.items:
        line(f"{item.position}. {item.title}", bold=True, gap=0.5)
        if item.speeches:
            line(f"{labels['speeches']}: {item.speeches}", gap=0.5)
        if item.decided:
            line(f"{labels['decision']} ({item.motion}): {item.text}", gap=0.5)
            if item.remarks:
                line(f"{labels['remarks']}: {item.remarks}", gap=0.5)
            outcome = labels["adopted"] if item.adopted else labels["rejected"]
            line(f"{labels['votes']}: {labels['for']} {item.votes_for}, {labels['against']} {item.votes_against}, "
                 f"{labels['abstain']} {item.votes_abstain} ({labels['present']}: {item.present}) — {outcome}")
        else:
            line(labels["no_decision"])
    pdf.ln(6)
    line(labels["signatures"])
    if document.fingerprint:
        line(f"{labels['signed']}: {document.signed_at}. {labels['fingerprint']}: {document.fingerprint}", size=8)
    return bytes(pdf.output())
