"""Documents of the maatregelonderzoek (Participatiewet art. 18): the beschikking and the invitation to be heard.

- `render_beschikking_html(ctx)`: the full letter (name and address included) as HTML. The teamleider
  reads it before approving; it is a document for the deelnemer and never goes into an email.
- `render_beschikking_pdf(ctx)`: the same HTML as an A4 PDF through fpdf2's `write_html` with a core
  font. Deterministic: the same ctx gives the same bytes (creation date = ctx["datum"]).
- `render_horen_brief(ctx)`: the plain-text invitation to be heard (Awb 4:8) WITHOUT name, address or
  BSN; the werkcoach pastes it into their own letter, so it travels in a staff email.
- `horen_ics(ctx)`: the gesprek as an iCalendar invitation for the werkcoach (notifications/ics.py).

The ctx is a plain dict built by the caller (tasks/maatregel.py); `voorbeeld_context()` and
`voorbeeld_horen_context()` give a complete fictitious one for demos and tests.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from notifications import ics
from notifications.render import TEMPLATES, _punt

TZ = ZoneInfo("Europe/Amsterdam")
MAANDEN = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december"]
DAGEN = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
RANGTELWOORD = {2: "tweede", 3: "derde", 4: "vierde", 5: "vijfde"}
UID_DOMEIN = "werkpad.ijmondwerkt.nl"


# -- filters -----------------------------------------------------------------------------------
def _als_datum(value: Any) -> date:
    if isinstance(value, datetime):
        return (value.astimezone(TZ) if value.tzinfo else value).date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def datum_lang(value: Any) -> str:
    """A date in Dutch long form: "18 mei 2026"."""
    d = _als_datum(value)
    return f"{d.day} {MAANDEN[d.month - 1]} {d.year}"


def moment_lang(value: Any) -> str:
    """A moment in Europe/Amsterdam local time: "dinsdag 1 december 2026 om 10:00" (naive = local)."""
    m = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    m = m.astimezone(TZ) if m.tzinfo else m
    return f"{DAGEN[m.weekday()]} {m.day} {MAANDEN[m.month - 1]} {m.year} om {m:%H:%M}"


def maand_lang(value: Any) -> str:
    """A month "2027-01" (or a date) as "januari 2027"."""
    if isinstance(value, date):
        return f"{MAANDEN[value.month - 1]} {value.year}"
    jaar, maand = str(value)[:7].split("-")
    return f"{MAANDEN[int(maand) - 1]} {int(jaar)}"


def _alinea(value: Any) -> Markup:
    """Free text (feiten, toelichting) for HTML: escaped, blank lines become paragraph breaks and single
    line breaks <br>. The caller wraps it in <p>…</p>."""
    blokken = [b.strip() for b in re.split(r"\n\s*\n", str(value).replace("\r\n", "\n").strip()) if b.strip()]
    return Markup("</p>\n<p>").join(Markup("<br>\n").join(escape(r) for r in b.split("\n")) for b in blokken)


def _zonder_beschikking(label: Any) -> str:
    """'Beschikking maatregel 2 maanden 20%' -> 'maatregel 2 maanden 20%' for use inside a sentence."""
    tekst = str(label).strip()
    return tekst[len("Beschikking "):] if tekst.lower().startswith("beschikking ") else tekst


def _maanden(n: Any) -> str:
    return f"{n} maand" if n == 1 else f"{n} maanden"


def _rangtelwoord(n: int) -> str:
    return RANGTELWOORD.get(n, f"{n}e")


def postcode_brief(value: Any) -> str:
    """A Dutch postcode as written on a letter: four digits, a space, two capitals ("1941EE" -> "1941 EE");
    anything else is left as it is."""
    pc = str(value or "").strip().upper().replace(" ", "")
    return f"{pc[:4]} {pc[4:]}" if re.fullmatch(r"[1-9][0-9]{3}[A-Z]{2}", pc) else str(value or "")


_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                   undefined=StrictUndefined, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
_env.filters.update(datum=datum_lang, moment=moment_lang, maand=maand_lang, alinea=_alinea,
                    zonder_beschikking=_zonder_beschikking, maanden=_maanden, rangtelwoord=_rangtelwoord,
                    punt=_punt, postcode=postcode_brief)


# -- the beschikking ---------------------------------------------------------------------------
def render_beschikking_html(ctx: Mapping[str, Any]) -> str:
    """The beschikking as a complete HTML document (autoescaped; a missing key is an error)."""
    return _env.get_template("beschikking/brief.html").render(dict(ctx))


# Characters a core (latin-1) font cannot show, replaced by a plain equivalent.
_VERVANG = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u2026": "...", "\u20ac": "EUR", "\u2022": "-", "\u00b7": "-",
    "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u200a": " ", "\u202f": " ", "\u2007": " ",
    "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": "",
    "\u0141": "L", "\u0142": "l", "\u0152": "OE", "\u0153": "oe", "\u0131": "i", "\u0110": "D", "\u0111": "d",
    "\u2122": "(TM)",
})


def latin1(tekst: str) -> str:
    """Text a core PDF font can show: typographic characters become plain ones, letters outside latin-1
    lose their accent ("ğ" -> "g"), anything else becomes "?". Latin-1 letters (é, ë, ö) stay."""
    tekst = tekst.translate(_VERVANG)
    uit = []
    for ch in tekst:
        if ord(ch) < 256:
            uit.append(ch)
            continue
        basis = "".join(c for c in unicodedata.normalize("NFKD", ch) if ord(c) < 256 and not unicodedata.combining(c))
        uit.append(basis or "?")
    return "".join(uit)


_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.S | re.I)
def brief_pdf(html: str, ctx: Mapping[str, Any], *, titel: str, onderwerp: str, trefwoorden: str = "") -> bytes:
    """A letter's HTML as PDF through fpdf2's write_html, for every letter to the deelnemer (beschikking, the
    bezwaar letters). Deterministic: the creation date is ctx["datum"]; metadata carries the letter's kind and
    the sender, never personal data."""
    m = _BODY.search(html)
    body = m.group(1) if m else html
    from notifications.beschikking_pdf import KLEUR, STIJLEN, Brief  # fpdf costs ~0.3 s: only for the PDF

    pdf = Brief(str(ctx["kenmerk"]))
    pdf.set_margins(left=25, top=20, right=20)
    pdf.set_auto_page_break(auto=True, margin=22)
    pdf.set_creation_date(datetime.combine(_als_datum(ctx["datum"]), time(12, 0), tzinfo=UTC))
    pdf.set_title(latin1(titel))
    pdf.set_subject(onderwerp)
    pdf.set_author(latin1(f"IJmond Werkt! namens het college van burgemeester en wethouders van {ctx['gemeente_label']}"))
    pdf.set_creator("werkpad")
    if trefwoorden:
        pdf.set_keywords(trefwoorden)
    pdf.set_lang("nl-NL")
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    pdf.write_html(latin1(body), tag_styles=STIJLEN, table_line_separators=True, li_prefix_color=KLEUR)
    return bytes(pdf.output())


def render_beschikking_pdf(ctx: Mapping[str, Any]) -> bytes:
    """The beschikking as PDF: the body of `render_beschikking_html(ctx)`. The same ctx gives the same bytes."""
    return brief_pdf(render_beschikking_html(ctx), ctx, titel=str(ctx["type_label"]),
                     onderwerp="Beschikking maatregelonderzoek (Participatiewet art. 18)",
                     trefwoorden="beschikking, maatregel, Participatiewet")


# -- horen (Awb 4:8) -------------------------------------------------------------------------
def render_horen_brief(ctx: Mapping[str, Any]) -> str:
    """The invitation to be heard as plain text. It uses only the keys of the horen ctx (no name,
    address or BSN, even when the ctx happens to carry them)."""
    sleutels = ("referentie", "gemeente_label", "gedraging_label", "verzuim_op", "gesprek_op", "locatie",
                "reageren_uiterlijk", "werkcoach")
    return _env.get_template("horen/brief.txt").render({k: ctx[k] for k in sleutels})


def horen_ics(ctx: Mapping[str, Any]) -> bytes:
    """The gesprek as .ics for the werkcoach. Summary and description name only the referentie.

    Optional keys: duur_minuten (60), organisator (the werkcoach), deelnemers ([werkcoach]),
    stamp (now), uid (stable per referentie, so a re-planned gesprek updates the same event), sequence (0)."""
    referentie = str(ctx["referentie"])
    werkcoach = str(ctx["werkcoach"])
    return ics.uitnodiging(
        uid=str(ctx.get("uid") or f"maatregel-horen-{referentie}@{UID_DOMEIN}"),
        start=ctx["gesprek_op"], duur_minuten=int(ctx.get("duur_minuten") or 60),
        titel=f"Gesprek maatregelonderzoek {referentie}", locatie=str(ctx["locatie"]),
        beschrijving=(f"Gesprek in het maatregelonderzoek van traject {referentie} (gemeente {ctx['gemeente_label']}): "
                      f"de deelnemer vertelt zijn of haar kant (Awb art. 4:8)."),
        organisator=str(ctx.get("organisator") or werkcoach), deelnemers=list(ctx.get("deelnemers") or [werkcoach]),
        stamp=ctx.get("stamp") or datetime.now(UTC), sequence=int(ctx.get("sequence") or 0))


# -- example contexts ----------------------------------------------------------------------------
def voorbeeld_context(**wijzigingen: Any) -> dict[str, Any]:
    """A complete, fictitious beschikking ctx (M1M20, first time, toelichting received)."""
    ctx: dict[str, Any] = {
        "gemeente": "velsen", "gemeente_label": "Velsen", "referentie": "IJW-2026-000042",
        "kenmerk": "IJW-MO-2026-000042-1",
        "naam": "A. de Vries", "adres": "Lange Nieuwstraat 1", "postcode": "1971 AA", "woonplaats": "IJmuiden",
        "datum": date(2026, 11, 18), "verzenddatum": date(2026, 11, 18),
        "type": "M1M20", "type_label": "Beschikking maatregel 1 maand 20%", "percentage": 20, "maanden": 1,
        "kortingsmaanden": [{"maand": "2027-01", "percentage": 20}],
        "ingangsdatum": date(2027, 1, 1), "vervaldatum": date(2027, 1, 31),
        "gedraging_label": "Onvoldoende meegewerkt aan het plan van aanpak (Pw art. 44a)",
        "verzuim_op": date(2026, 10, 6),
        "feiten": "U was op 6 oktober 2026 niet aanwezig bij de afgesproken training sollicitatievaardigheden.\n"
                  "U heeft zich niet vooraf afgemeld.",
        "toelichting": "Ik was de afspraak vergeten.",
        "reageren_uiterlijk": date(2026, 10, 27),
        "verwijtbaar": True, "dringende_redenen": None, "gematigd_van": None, "recidive_stap": 1,
        "grondslagen": ["Participatiewet art. 18 lid 2", "Participatiewet art. 44a",
                        "Maatregelverordening art. 9 lid 1 onder b (categorie 2)"],
        "heroverweging_uiterlijk": date(2027, 2, 18), "inkeer_tweede_maand": False,
        "bezwaar_uiterlijk": date(2026, 12, 30),
        "verordening": "IJmondiale Maatregelverordening Participatiewet",
        "reactie_afgezien_op": None, "horen_achterwege": None, "termijn_loopt": False, "afzien_dringend": False,
        "inkeer_mogelijk": False,
        "college_postadres": ["Postbus 0000 (voorbeeld)", "1970 AA IJmuiden"],
        "ondertekenaar": {"naam": "B. Voorbeeld", "functie": "teamleider Werk, IJmond Werkt!"},
    }
    ctx.update(wijzigingen)
    return ctx


def voorbeeld_horen_context(**wijzigingen: Any) -> dict[str, Any]:
    """A complete, fictitious horen ctx."""
    ctx: dict[str, Any] = {
        "referentie": "IJW-2026-000042", "gemeente_label": "Velsen",
        "gedraging_label": "Onvoldoende meegewerkt aan het plan van aanpak (Pw art. 44a)",
        "verzuim_op": date(2026, 10, 6), "gesprek_op": datetime(2026, 10, 20, 10, 30, tzinfo=TZ),
        "locatie": "IJmond Werkt!, Kanaalstraat 1, IJmuiden", "reageren_uiterlijk": date(2026, 10, 27),
        "werkcoach": "werkcoach@ijmondwerkt.example",
    }
    ctx.update(wijzigingen)
    return ctx
