"""The printable citizen budget: the same figures as the page (``selectors.citizen_budget``), on A4."""

from __future__ import annotations

from django.utils.translation import gettext as _

from auyl.budget.selectors import CitizenBudget
from auyl.core.pdf import FONT_FAMILY, new_pdf
from auyl.web.templatetags.auyl import percent, tenge

BRAND = (11, 110, 79)
TRACK = (230, 235, 241)


def _heading(pdf, text: str) -> None:
    pdf.ln(3)
    pdf.set_font(FONT_FAMILY, "B", 12)
    pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT_FAMILY, "", 10)


def _row(pdf, label: str, value: str, *, bold: bool = False) -> None:
    pdf.set_font(FONT_FAMILY, "B" if bold else "", 10)
    width = pdf.epw - 50
    y = pdf.get_y()
    pdf.multi_cell(width, 6, label, new_x="RIGHT", new_y="TOP")
    height = max(pdf.get_y(), y + 6)
    pdf.set_xy(pdf.l_margin + width, y)
    pdf.cell(50, 6, value, align="R")
    pdf.set_y(max(height, pdf.get_y() + 6))
    pdf.set_font(FONT_FAMILY, "", 10)


def _bar(pdf, share) -> None:
    """A horizontal bar for a share of the total: the picture that the page draws in SVG."""
    width = pdf.epw - 50
    y = pdf.get_y()
    pdf.set_fill_color(*TRACK)
    pdf.rect(pdf.l_margin, y, width, 2.5, style="F")
    if share:
        pdf.set_fill_color(*BRAND)
        pdf.rect(pdf.l_margin, y, width * float(share), 2.5, style="F")
    pdf.set_y(y + 4)


def render(data: CitizenBudget) -> bytes:
    community, version, figures = data.community, data.version, data.headline
    title = _("Budget of %(community)s for %(year)s") % {"community": community.name, "year": data.year}
    pdf = new_pdf(title=title)
    pdf.set_font(FONT_FAMILY, "B", 16)
    pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT_FAMILY, "", 9)
    pdf.multi_cell(0, 5, _("Version %(number)s, approved by the maslikhat on %(date)s, decision %(reference)s. "
                           "Agreed by the community assembly, minutes %(minutes)s.")
                   % {"number": version.number, "date": version.approved_on or "—",
                      "reference": version.maslikhat_reference or "—", "minutes": version.assembly_reference or "—"},
                   new_x="LMARGIN", new_y="NEXT")

    _heading(pdf, _("Headline indicators"))
    _row(pdf, _("Revenues"), tenge(figures.revenues), bold=True)
    for item in data.sources:
        _row(pdf, "  " + item.label, tenge(item.amount))
    _row(pdf, _("Expenditures"), tenge(figures.expenditures), bold=True)
    _row(pdf, _("Net budget lending"), tenge(figures.net_lending))
    _row(pdf, _("Balance of operations with financial assets"), tenge(figures.financial_assets))
    _row(pdf, _("Surplus (+) or deficit (−)"), tenge(figures.balance))
    _row(pdf, _("Financing of the deficit"), tenge(figures.financing))

    _heading(pdf, _("Where the money comes from"))
    for item in data.sources:
        _row(pdf, f"{item.label} — {percent(item.share)}", tenge(item.amount))
        _bar(pdf, item.share)
    indicators = data.indicators
    pdf.multi_cell(0, 5, _("Own revenues cover %(share)s of expenditures (the Concept's target: %(target)s).")
                   % {"share": percent(indicators.self_sufficiency), "target": percent(indicators.target)},
                   new_x="LMARGIN", new_y="NEXT")

    _heading(pdf, _("Where the money goes"))
    for item in data.spending:
        _row(pdf, f"{item.label} — {percent(item.share)}", tenge(item.amount))
        _bar(pdf, item.share)

    if data.adjustments:
        _heading(pdf, _("Adjustments"))
        for adjustment in data.adjustments:
            _row(pdf, _("Adjustment %(number)s: %(reason)s") % {"number": adjustment.number - 1,
                                                                 "reason": adjustment.reason},
                 str(adjustment.get_state_display()))

    if data.execution:
        _heading(pdf, _("Execution so far"))
        _row(pdf, _("Revenue received"), tenge(data.execution.revenue_fact))
        _row(pdf, _("Spending paid"), tenge(data.execution.spending_fact))
    return bytes(pdf.output())
