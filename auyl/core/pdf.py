"""PDF documents with fonts that render Kazakh and Russian: ``new_pdf()`` returns an FPDF ready to write.

fpdf2's built-in fonts are Latin-1 only; DejaVu Sans (``core/fonts``, Bitstream Vera licence) covers
ә ғ қ ң ө ұ ү һ і and Cyrillic. Any app (budget, assemblies' minutes, …) builds its PDFs on this.
"""

from __future__ import annotations

import logging
from importlib import resources

from fpdf import FPDF

FONT_FAMILY = "DejaVu"


def font_path(name: str) -> str:
    return str(resources.files("auyl.core").joinpath("fonts", name))


def new_pdf(*, title: str = "", orientation: str = "portrait") -> FPDF:
    """An A4 FPDF with DejaVu Sans (regular ``""`` and bold ``"B"``) registered and selected, one page added."""
    pdf = FPDF(orientation=orientation, unit="mm", format="A4")
    pdf.add_font(FONT_FAMILY, "", font_path("DejaVuSans.ttf"))
    pdf.add_font(FONT_FAMILY, "B", font_path("DejaVuSans-Bold.ttf"))
    pdf.set_font(FONT_FAMILY, size=10)
    pdf.set_auto_page_break(auto=True, margin=15)
    if title:
        pdf.set_title(title)
    pdf.set_creator("Auyl")
    pdf.add_page()
    return pdf


# fpdf2 subsets fonts with fontTools, which logs every glyph at INFO: keep the logs for what matters.
logging.getLogger("fontTools").setLevel(logging.WARNING)
