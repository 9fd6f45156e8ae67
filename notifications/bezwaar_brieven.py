"""The letters of the bezwaar procedure and the dwangsom (Awb 7:2, 7:10, 7:11/7:12, 4:17/4:18), rendered like the
beschikking (notifications/beschikking.py): HTML with the deelnemer's name and address, then an A4 PDF through
fpdf2. They are documents for the deelnemer (case store `document` table), never part of an email.

Templates: templates/maatregel_bezwaar_brief/<soort>.html, each extending `_brief.html`. `SOORTEN` names them
with their subject line."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from notifications.beschikking import _env, brief_pdf

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
    return brief_pdf(render_brief_html(soort, ctx), ctx, titel=SOORTEN[soort],
                     onderwerp="Bezwaar tegen een maatregel (Participatiewet art. 18, Algemene wet bestuursrecht)")
