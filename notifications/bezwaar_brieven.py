"""The letters of the bezwaar procedure and the dwangsom (Awb 7:2, 7:10, 7:11/7:12, 4:17/4:18), rendered like the
beschikking (notifications/beschikking.py): HTML with the deelnemer's name and address, then an A4 PDF through
fpdf2. They are documents for the deelnemer (case store `document` table), never part of an email.

Templates: templates/maatregel_bezwaar_brief/<soort>.html, each extending `_brief.html`. `SOORTEN` names them
with their subject line."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, time
from typing import Any

from notifications.beschikking import _BODY, _als_datum, _env, latin1

SOORTEN: dict[str, str] = {
    "verdaging": "Verdaging van de beslissing op uw bezwaar",
    "opschorting": "Verzoek om uw bezwaarschrift aan te vullen",
    "uitstel": "Verder uitstel van de beslissing op uw bezwaar",
    "hoorzitting": "Uitnodiging hoorzitting over uw bezwaar",
    "beslissing": "Beslissing op uw bezwaar",
    "dwangsom": "Beschikking dwangsom bij niet tijdig beslissen",
}


def render_brief_html(soort: str, ctx: Mapping[str, Any]) -> str:
    """The letter as a complete HTML document (autoescaped; a missing key is an error)."""
    return _env.get_template(f"maatregel_bezwaar_brief/{soort}.html").render({"onderwerp": SOORTEN[soort],
                                                                               **dict(ctx)})


def render_brief_pdf(soort: str, ctx: Mapping[str, Any]) -> bytes:
    """The letter as PDF; deterministic (creation date = ctx["datum"]); metadata without personal data."""
    html = render_brief_html(soort, ctx)
    m = _BODY.search(html)
    body = m.group(1) if m else html
    from notifications.beschikking_pdf import KLEUR, STIJLEN, Brief

    pdf = Brief(str(ctx["kenmerk"]))
    pdf.set_margins(left=25, top=20, right=20)
    pdf.set_auto_page_break(auto=True, margin=22)
    pdf.set_creation_date(datetime.combine(_als_datum(ctx["datum"]), time(12, 0), tzinfo=UTC))
    pdf.set_title(latin1(SOORTEN[soort]))
    pdf.set_subject("Bezwaar tegen een maatregel (Participatiewet art. 18, Algemene wet bestuursrecht)")
    pdf.set_author(latin1(f"IJmond Werkt! namens het college van burgemeester en wethouders van {ctx['gemeente_label']}"))
    pdf.set_creator("werkpad")
    pdf.set_lang("nl-NL")
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    pdf.write_html(latin1(body), tag_styles=STIJLEN, table_line_separators=True, li_prefix_color=KLEUR)
    return bytes(pdf.output())
