import hashlib
import io
from datetime import UTC, date, datetime

import pytest
from icalendar import Calendar
from jinja2 import UndefinedError
from pypdf import PdfReader

from notifications.beschikking import (
    horen_ics,
    latin1,
    maand_lang,
    render_beschikking_html,
    render_beschikking_pdf,
    render_horen_brief,
    voorbeeld_context,
    voorbeeld_horen_context,
)

M100_2 = {"type": "M100", "type_label": "Beschikking maatregel 100%", "percentage": 100, "maanden": 2,
          "kortingsmaanden": [{"maand": "2027-01", "percentage": 100}, {"maand": "2027-02", "percentage": 100}],
          "vervaldatum": date(2027, 2, 28), "inkeer_tweede_maand": True, "recidive_stap": 2,
          "inkeer_mogelijk": True}  # a lid-5 verlaging: inkeer (art. 18 lid 11) applies


def pdf_tekst(data: bytes) -> tuple[str, PdfReader]:
    reader = PdfReader(io.BytesIO(data))
    # One line of single spaces: a date may be wrapped across two lines of the letter.
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split()), reader


def test_pdf_carries_the_letter() -> None:
    ctx = voorbeeld_context(naam="Anaïs Zoë Müller–Öztürk", grondslagen=[
        "Participatiewet art. 18 lid 2", "Participatiewet art. 44a", "Maatregelverordening art. 9 lid 1 onder b"],
        **M100_2)
    data = render_beschikking_pdf(ctx)
    assert data.startswith(b"%PDF-")
    tekst, reader = pdf_tekst(data)
    assert "Beschikking maatregel 100%" in tekst
    assert "Anaïs Zoë Müller-Öztürk" in tekst  # latin-1 letters survive, the en dash becomes a hyphen
    assert "Lange Nieuwstraat 1" in tekst and "1971 AA IJmuiden" in tekst
    assert "uiterlijk op 30 december 2026" in tekst
    for g in ctx["grondslagen"]:
        assert g in tekst
    assert "januari 2027 100%" in tekst and "februari 2027 100%" in tekst
    assert "vanaf de tweede maand" in tekst  # inkeer, art. 18 lid 11
    assert "tweede keer" in tekst and "zesde tot en met achtste lid" in tekst  # recidive
    assert "uiterlijk op 18 februari 2027" in tekst  # heroverweging art. 18 lid 3
    assert "pagina 1 van " in tekst and f"pagina {len(reader.pages)} van {len(reader.pages)}" in tekst
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points


def test_pdf_metadata_has_the_label_and_no_personal_data() -> None:
    ctx = voorbeeld_context(naam="Jan Jansen", adres="Dorpsstraat 9", woonplaats="Velsen-Zuid")
    reader = PdfReader(io.BytesIO(render_beschikking_pdf(ctx)))
    meta = reader.metadata
    assert meta is not None and meta.title == "Beschikking maatregel 1 maand 20%"
    velden = " ".join(str(v) for v in meta.values())
    for persoonlijk in ("Jansen", "Dorpsstraat", "Velsen-Zuid", "1971 AA"):
        assert persoonlijk not in velden
    assert meta.creation_date is not None and meta.creation_date.date() == date(2026, 11, 18)


def test_pdf_is_deterministic_for_the_same_ctx() -> None:
    a = render_beschikking_pdf(voorbeeld_context())
    b = render_beschikking_pdf(voorbeeld_context())
    assert hashlib.sha256(a).hexdigest() == hashlib.sha256(b).hexdigest()
    assert render_beschikking_pdf(voorbeeld_context(datum=date(2026, 11, 19))) != a


def test_typographic_characters_become_latin1() -> None:
    assert latin1("‘a’ “b” c–d—e… € 5") == "'a' \"b\" c-d-e... EUR 5"
    assert latin1("Zoë Müller Ağ Łódź") == "Zoë Müller Ag Lódz"
    ctx = voorbeeld_context(feiten="Hij zei: “ik kom niet” – en kwam niet… Kosten € 12,50.")
    tekst, _ = pdf_tekst(render_beschikking_pdf(ctx))
    assert 'Hij zei: "ik kom niet" - en kwam niet... Kosten EUR 12,50.' in tekst


def test_html_is_a_full_letter() -> None:
    html = render_beschikking_html(voorbeeld_context(toelichting=None))
    for kop in ("Ons besluit", "Wat is er gebeurd", "Uw reactie", "Onze afweging", "Gevolgen voor uw uitkering",
                "Wettelijke grondslag", "Heroverweging", "Herziening", "Bezwaar"):
        assert f"<h2>{kop}</h2>" in html
    assert "namens het college van burgemeester en wethouders van Velsen" in html
    assert "IJW-MO-2026-000042-1" in html and "IJW-2026-000042" in html
    assert "18 november 2026" in html and "<td>januari 2027</td><td>20%</td>" in html
    assert "geen reactie van u ontvangen" in html and "27 oktober 2026" in html  # horen, Awb 4:8
    assert "artikel 6:5" in html and "uw handtekening" in html
    assert "B. Voorbeeld<br>\nteamleider Werk, IJmond Werkt!</p>" in html and "@" not in html  # signed by name
    assert "vanaf de tweede maand" not in html  # no inkeer clause for 20% in one month


def test_html_escapes_the_data() -> None:
    html = render_beschikking_html(voorbeeld_context(naam="<script>alert(1)</script>", toelichting="a & b <i>"))
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "a &amp; b &lt;i&gt;" in html


def test_afzien_without_verwijtbaarheid() -> None:
    ctx = voorbeeld_context(type="AFZIEN", type_label="Beschikking afzien maatregel", percentage=None, maanden=None,
                            kortingsmaanden=[], ingangsdatum=None, vervaldatum=None, verwijtbaar=False,
                            heroverweging_uiterlijk=None, grondslagen=["Participatiewet art. 18 lid 9"])
    html = render_beschikking_html(ctx)
    assert "geen maatregel</b> op" in html and "negende lid" in html
    assert "<table class=\"maanden\"" not in html and "Verlaging van uw bijstand" not in html
    assert "<h2>Bezwaar</h2>" in html and "30 december 2026" in html
    assert "<h2>Heroverweging</h2>" not in html and "<h2>Herziening</h2>" not in html
    tekst, _ = pdf_tekst(render_beschikking_pdf(ctx))
    assert "Beschikking afzien maatregel" in tekst and "Uw bijstand wordt niet verlaagd" in tekst
    assert "uiterlijk op 30 december 2026" in tekst


def test_afzien_for_dringende_redenen() -> None:
    ctx = voorbeeld_context(type="AFZIEN", type_label="Beschikking afzien maatregel", percentage=None, maanden=None,
                            kortingsmaanden=[], vervaldatum=None, dringende_redenen="Dreigende huisuitzetting.")
    html = render_beschikking_html(ctx)
    assert "dringende redenen zijn om van een maatregel af te zien (artikel 18, tiende lid" in html
    assert "Dreigende huisuitzetting." in html and "zo dringend dat wij afzien van een maatregel" in html


def test_gematigd_names_the_maatregel_it_was_gematigd_from() -> None:
    ctx = voorbeeld_context(type="MGEMATIGD", type_label="Beschikking gematigde maatregel", percentage=10,
                            kortingsmaanden=[{"maand": "2027-01", "percentage": 10}],
                            gematigd_van="Beschikking maatregel 2 maanden 20%",
                            dringende_redenen="Schulden lopen op.\n\nDe huur is achterstallig.")
    html = render_beschikking_html(ctx)
    assert "gematigd vanwege dringende redenen" in html
    assert "Zonder die redenen was de maatregel geweest: maatregel 2 maanden 20%." in html
    assert "<p>Schulden lopen op.</p>\n<p>De huur is achterstallig.</p>" in html
    tekst, _ = pdf_tekst(render_beschikking_pdf(ctx))
    assert "Beschikking gematigde maatregel" in tekst and "januari 2027 10%" in tekst
    assert "in plaats van maatregel 2 maanden 20%" in tekst


def test_missing_key_is_an_error() -> None:
    ctx = voorbeeld_context()
    del ctx["bezwaar_uiterlijk"]
    with pytest.raises(UndefinedError):
        render_beschikking_html(ctx)


def test_month_names_in_dutch() -> None:
    assert maand_lang("2027-03") == "maart 2027" and maand_lang(date(2026, 12, 1)) == "december 2026"


def test_horen_brief_names_no_person() -> None:
    ctx = voorbeeld_horen_context(naam="Jan Jansen", adres="Dorpsstraat 9", bsn="111222333")
    brief = render_horen_brief(ctx)
    assert brief.startswith("Beste deelnemer,")
    for persoonlijk in ("Jansen", "Dorpsstraat", "111222333"):
        assert persoonlijk not in brief
    assert "Onvoldoende meegewerkt aan het plan van aanpak (Pw art. 44a)." in brief
    assert "6 oktober 2026" in brief
    assert "dinsdag 20 oktober 2026 om 10:30" in brief and "Kanaalstraat 1, IJmuiden" in brief
    assert "uiterlijk op 27 oktober 2026 bij ons zijn" in " ".join(brief.split())
    assert "op basis van de informatie die wij hebben" in brief and "leggen vast" in brief
    assert "werkcoach@ijmondwerkt.example" in brief and "artikel 4:8" in brief


def test_horen_brief_shows_local_time_of_a_utc_moment() -> None:
    brief = render_horen_brief(voorbeeld_horen_context(gesprek_op=datetime(2026, 7, 1, 7, 0, tzinfo=UTC)))
    assert "woensdag 1 juli 2026 om 09:00" in brief  # summer time


def test_horen_ics() -> None:
    ctx = voorbeeld_horen_context(naam="Jan Jansen", stamp=datetime(2026, 10, 13, 8, 0, tzinfo=UTC))
    data = horen_ics(ctx)
    cal = Calendar.from_ical(data)
    ev = next(iter(cal.walk("VEVENT")))
    assert str(ev["SUMMARY"]) == "Gesprek maatregelonderzoek IJW-2026-000042"
    assert ev.decoded("dtstart").astimezone(UTC) == datetime(2026, 10, 20, 8, 30, tzinfo=UTC)
    assert (ev.decoded("dtend") - ev.decoded("dtstart")).seconds == 3600
    assert str(ev["UID"]) == "maatregel-horen-IJW-2026-000042@werkpad.ijmondwerkt.nl"
    assert b"Jansen" not in data
    assert horen_ics(ctx) == data
