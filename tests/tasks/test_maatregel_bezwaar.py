"""The bezwaar procedure after a beschikking and the dwangsom (issue 20, items 4-6) on the real case store.

The beschikking of the shared walk (tests/tasks/test_maatregel.py: M1M10, approved and sent Wed 27-1-2027, the
first day after the reaction term of Awb 4:8). Dates by hand: bezwaar six weeks from the day after sending, until
Wed 10-3-2027 (Awb 6:7/6:8, a werkdag); a bezwaar received 10-2-2027 is decided six weeks after that, by Wed
21-4-2027 (Awb 7:10 lid 1, a werkdag). Every letter is a PDF in the
`document` table with a staff mail in the outbox that names the traject and the document number only."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

from pypdf import PdfReader

from casestore.db import session
from casestore.models import Document
from domain.errors import TransitionRefused
from domain.herinneringen import TZ
from domain.invoer import OngeldigeInvoer
from domain.maatregel import BEZWAAR_TAAK, HEROVERWEGING, BezwaarUitkomst
from domain.maatregel.bezwaar import HERSTEL_WEKKER, WEKT_HERSTEL, AfzienHoren, UitstelGrond
from domain.maatregel.dwangsom import DWANGSOM_TAAK
from tests.conftest import at
from tests.tasks.test_maatregel import (
    ADRES,
    COACH,
    NAAM,
    TL,
    assert_geen_persoonsgegevens,
    deadline,
    geweigerd,
    lopend,
    maatregelen,
    mails,
    rij,
    stappen,
    taken,
    tot_beschikking,
)

BRIEF = "maatregel_bezwaar_brief_klaar"


def bezwaar(rt: Any, sim: Any) -> tuple[str, dict[str, Any]]:
    from tasks.maatregel import registreer_bezwaar

    ref = lopend(rt, sim)
    b = tot_beschikking(rt, ref)
    r = registreer_bezwaar(rt, referentie=ref, ontvangen_op=date(2027, 2, 10), adviescommissie=False,
                           nu=at("2027-02-10T10:00"), actor=COACH)
    assert r["uiterlijk"] == "2027-04-21"  # 10-3 + six weeks (Awb 7:10 lid 1)
    return ref, b


def brief(rt: Any, ref: str, document_id: int, soort: str) -> str:
    """The letter's text, after checking it is stored and announced (outbox) without personal data in the mail."""
    with session(rt.engine) as s:
        doc = s.get(Document, document_id)
        assert doc is not None and doc.soort == f"bezwaar-{soort}" and doc.inhoud.startswith(b"%PDF")
    [m] = [m for m in mails(rt, ref, BRIEF) if m.payload["document_id"] == document_id]
    assert m.idem_key == f"maatregel-brief:{ref}:{document_id}" and m.payload["aan"] == TL
    assert NAAM not in repr(m.payload) and ADRES not in repr(m.payload)
    from notifications.render import render
    mail = render(BRIEF, m.payload)
    assert f"document {document_id}" in mail.text and ref in mail.subject and NAAM not in mail.html
    tekst = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(bytes(doc.inhoud))).pages).split())
    assert NAAM in tekst and ADRES in tekst
    return tekst


# -- item 4: the verdaging is told in writing --------------------------------------------------------
def test_verdaging_is_a_letter_with_its_outbox_row(rt, sim) -> None:  # type: ignore[no-untyped-def]
    from tasks.maatregel import verdaag_bezwaar

    ref, b = bezwaar(rt, sim)
    v = verdaag_bezwaar(rt, referentie=ref, nu=at("2027-04-01T10:00"), actor=TL)
    assert v["uiterlijk"] == "2027-06-02"  # Wed 21-4 + six weeks = Wed 2-6 (Awb 7:10 lid 3), a werkdag
    tekst = brief(rt, ref, v["document_id"], "verdaging")
    assert "uiterlijk op 2 juni 2027" in tekst and "21 april 2027" in tekst
    assert "7:10, derde lid" in tekst and "7:10, vijfde lid" in tekst and b["besluit"] in tekst
    assert taken(rt, ref, BEZWAAR_TAAK)[0][1].due == date(2027, 6, 2)
    assert_geen_persoonsgegevens(rt, ref)


# -- item 5: hoorzitting, opschorting, verder uitstel, beslissing -------------------------------------
def test_hoorzitting_then_ongegrond_letter_with_beroep(rt, sim) -> None:  # type: ignore[no-untyped-def]
    from tasks.maatregel import beslis_op_bezwaar, plan_hoorzitting

    ref, b = bezwaar(rt, sim)
    geweigerd(rt, OngeldigeInvoer, "Awb 7:4 lid 1", lambda: plan_hoorzitting(
        rt, referentie=ref, op=datetime(2027, 2, 19, 10, 0, tzinfo=TZ), locatie="Kantoor IJmuiden",
        nu=at("2027-02-15T10:00"), actor=TL))
    h = plan_hoorzitting(rt, referentie=ref, op=datetime(2027, 3, 1, 10, 0, tzinfo=TZ), locatie="Kantoor IJmuiden",
                         nu=at("2027-02-15T10:00"), actor=TL)
    assert h["stukken_uiterlijk"] == "2027-02-19"
    tekst = brief(rt, ref, h["document_id"], "hoorzitting")
    assert "maandag 1 maart 2027 om 10:00" in tekst and "19 februari 2027" in tekst and "7:2" in tekst
    geweigerd(rt, TransitionRefused, "de hoorzitting is op 2027-03-01", lambda: beslis_op_bezwaar(
        rt, referentie=ref, uitkomst=BezwaarUitkomst.ongegrond, nu=at("2027-02-26T10:00"), actor=TL))
    r = beslis_op_bezwaar(rt, referentie=ref, uitkomst=BezwaarUitkomst.ongegrond, nu=at("2027-03-10T10:00"), actor=TL,
                          motivering="Het verzuim staat vast; de deelnemer meldde zich niet af.")
    assert r["beroep_uiterlijk"] == "2027-04-21" and r["horen"] is True  # sent Wed 10-3: six weeks (Awb 6:7)
    tekst = brief(rt, ref, r["document_id"], "beslissing")
    assert "ongegrond" in tekst and "gehoord op 1 maart 2027" in tekst
    assert "uiterlijk op 21 april 2027" in tekst and "8:1" in tekst and "rechtbank Noord-Holland" in tekst
    assert "meldde zich niet af" in tekst
    bob = rij(rt, f"zgw:{ref}:besluit:{b['besluit']}-BOB").payload
    assert bob["uiterlijke_reactiedatum"] == "2027-04-21" and bob["verzenddatum"] == "2027-03-10"
    assert maatregelen(rt, ref)[0].status == "actief"


def test_deels_gegrond_lowers_the_maatregel_and_its_verlaging(rt, sim) -> None:  # type: ignore[no-untyped-def]
    from tasks.maatregel import beslis_op_bezwaar, zie_af_van_horen

    ref, b = bezwaar(rt, sim)  # M1M10: February 2027 at 10%
    zie_af_van_horen(rt, referentie=ref, grond=AfzienHoren.afstand, toelichting="Schriftelijk afgezien op 12-2",
                     nu=at("2027-02-15T10:00"), actor=TL)
    geweigerd(rt, TransitionRefused, "lagere maatregel", lambda: beslis_op_bezwaar(
        rt, referentie=ref, uitkomst=BezwaarUitkomst.deels_gegrond, percentage=10, maanden=1,
        nu=at("2027-02-17T10:00"), actor=TL))
    r = beslis_op_bezwaar(rt, referentie=ref, uitkomst=BezwaarUitkomst.deels_gegrond, percentage=5, maanden=1,
                          nu=at("2027-02-17T10:00"), actor=TL)
    assert r["maatregel_status"] == "herzien" and r["kortingsmaanden"] == [{"maand": "2027-02", "percentage": 5}]
    [m] = maatregelen(rt, ref)
    assert (m.percentage, m.maanden, m.kortingsmaanden) == (5, 1, [{"maand": "2027-02", "percentage": 5}])
    v = rij(rt, f"zgw:{ref}:verlaging:{b['besluit']}-her-bob").payload
    assert v["soort"] == "herzien" and v["maanden"] == [{"maand": "2027-02", "percentage": 5}]
    assert v["na_besluit"] == f"{b['besluit']}-BOB"
    assert [p.status for p in stappen(rt, ref, HEROVERWEGING)] == ["open"]  # the lower maatregel stands
    tekst = brief(rt, ref, r["document_id"], "beslissing")
    assert "gedeeltelijk gegrond" in tekst and "5% van de bijstandsnorm" in tekst and "10%" in tekst
    assert "verklaard niet gehoord te willen worden (Awb 7:3 onder c)" in tekst


def test_after_afzien_op_grond_e_a_hoorzitting_can_still_be_planned(rt, sim) -> None:  # type: ignore[no-untyped-def]
    """Awb 7:3 onder e recorded, then the outcome is not 'gegrond': the beslissing points to a hoorzitting, and
    planning it is possible (it replaces the ground); afzien again once it is planned is refused."""
    from tasks.maatregel import beslis_op_bezwaar, plan_hoorzitting, zie_af_van_horen

    ref, _ = bezwaar(rt, sim)
    zie_af_van_horen(rt, referentie=ref, grond=AfzienHoren.tegemoetgekomen, toelichting="Het bezwaar lijkt terecht",
                     nu=at("2027-02-15T10:00"), actor=TL)
    geweigerd(rt, TransitionRefused, "Plan alsnog een hoorzitting", lambda: beslis_op_bezwaar(
        rt, referentie=ref, uitkomst=BezwaarUitkomst.ongegrond, nu=at("2027-02-16T10:00"), actor=TL))
    # Mon 1-3 10:00, 13 days after 16-2 (Awb 7:4 lid 1: at least ten)
    plan_hoorzitting(rt, referentie=ref, op=datetime(2027, 3, 1, 10, 0, tzinfo=TZ), locatie="Kantoor IJmuiden",
                     nu=at("2027-02-16T10:00"), actor=TL)
    geweigerd(rt, TransitionRefused, "er is een hoorzitting gepland op 2027-03-01 10:00", lambda: zie_af_van_horen(
        rt, referentie=ref, grond=AfzienHoren.afstand, toelichting="Wil niet gehoord worden", nu=at("2027-02-17T10:00"),
        actor=TL))
    r = beslis_op_bezwaar(rt, referentie=ref, uitkomst=BezwaarUitkomst.ongegrond, nu=at("2027-03-02T10:00"), actor=TL,
                          motivering="Gehoord; het verzuim staat vast.")
    assert r["horen"] is True


def test_bezwaar_letters_write_the_postcode_and_are_signed(rt, sim) -> None:  # type: ignore[no-untyped-def]
    """Like the beschikking: "1972 EB" (not "1972EB"), and the signer's name and function: the one who records the
    step when listed in `ondertekenaars`, else the teamleider who signed the beschikking."""
    from domain.gemeenten import Gemeente, Ondertekenaar
    from tasks.maatregel import plan_hoorzitting, verdaag_bezwaar

    ref, _ = bezwaar(rt, sim)
    v = verdaag_bezwaar(rt, referentie=ref, nu=at("2027-02-15T10:00"), actor=COACH)  # COACH signs nothing
    tekst = brief(rt, ref, v["document_id"], "verdaging")
    assert "1972 EB" in tekst and "1972EB" not in tekst
    assert "N.N. (voorbeeld: naam van de teamleider)" in tekst and "teamleider Werk, IJmond Werkt!" in tekst
    g = rt.gemeenten[Gemeente.velsen]
    g.ondertekenaars["jurist.velsen@ijmondwerkt.example"] = Ondertekenaar(naam="J. Jurist", functie="jurist bezwaar")
    try:
        h = plan_hoorzitting(rt, referentie=ref, op=datetime(2027, 3, 1, 10, 0, tzinfo=TZ), locatie="Kantoor Velsen",
                             nu=at("2027-02-16T10:00"), actor="jurist.velsen@ijmondwerkt.example")
    finally:
        del g.ondertekenaars["jurist.velsen@ijmondwerkt.example"]
    tekst = brief(rt, ref, h["document_id"], "hoorzitting")
    assert "J. Jurist" in tekst and "jurist bezwaar" in tekst and "N.N." not in tekst and "1972 EB" in tekst


def test_opschorting_moves_the_term_by_the_days_of_herstel(rt, sim) -> None:  # type: ignore[no-untyped-def]
    from tasks.maatregel import leg_herstel_vast, schort_bezwaar_op

    ref, _ = bezwaar(rt, sim)
    # the bezwaar was received 10-2 (the beschikking sent 27-1): a request of 9-2 or 20-1 comes before it
    for voor in (date(2027, 2, 9), date(2027, 1, 20)):
        geweigerd(rt, OngeldigeInvoer, f"({voor.isoformat()}) ligt vóór de ontvangst van het bezwaar (2027-02-10)",
                  lambda voor=voor: schort_bezwaar_op(rt, referentie=ref, verzocht_op=voor,
                                                      hersteltermijn_tot=voor.replace(day=voor.day + 7),
                                                      verzuim="Niet ondertekend", nu=at("2027-02-15T10:00"), actor=TL))
    o = schort_bezwaar_op(rt, referentie=ref, verzocht_op=date(2027, 2, 15), hersteltermijn_tot=date(2027, 3, 1),
                          verzuim="Het bezwaarschrift is niet ondertekend", nu=at("2027-02-15T10:00"), actor=TL)
    tekst = brief(rt, ref, o["document_id"], "opschorting")
    assert "niet ondertekend" in tekst and "uiterlijk op 1 maart 2027" in tekst and "7:10, tweede lid" in tekst
    h = leg_herstel_vast(rt, referentie=ref, hersteld_op=date(2027, 2, 22), nu=at("2027-02-22T10:00"), actor=TL)
    # suspended 16-2 … 22-2 = 7 days: Wed 21-4 + 7 = Wed 28-4 (Awb 7:10 lid 2), a werkdag (Koningsdag is 27-4)
    assert h["dagen"] == 7 and h["uiterlijk"] == "2027-04-28"
    assert taken(rt, ref, BEZWAAR_TAAK)[0][1].due == date(2027, 4, 28)
    geweigerd(rt, TransitionRefused, "niet opgeschort", lambda: leg_herstel_vast(
        rt, referentie=ref, hersteld_op=date(2027, 2, 23), nu=at("2027-02-23T10:00"), actor=TL))
    assert deadline(rt, ref, HERSTEL_WEKKER).status == "afgerond"  # herstel recorded: the wekker is not needed


def test_hersteltermijn_unused_the_wekker_ends_the_opschorting(rt, sim) -> None:  # type: ignore[no-untyped-def]
    from tasks.maatregel import leg_herstel_vast, schort_bezwaar_op
    from tasks.maatregel.bezwaar_procedure import hersteltermijn_verlopen

    ref, _ = bezwaar(rt, sim)
    schort_bezwaar_op(rt, referentie=ref, verzocht_op=date(2027, 2, 15), hersteltermijn_tot=date(2027, 3, 1),
                      verzuim="Het bezwaarschrift is niet ondertekend", nu=at("2027-02-15T10:00"), actor=TL)
    w = deadline(rt, ref, HERSTEL_WEKKER)
    assert (w.wekt, w.due, w.status) == (WEKT_HERSTEL, date(2027, 3, 2), "open")
    # started by hand before its day: refused (every woken step refuses before its date)
    geweigerd(rt, TransitionRefused, "de hersteltermijn loopt nog tot en met 2027-03-01",
              lambda: hersteltermijn_verlopen(rt, referentie=ref, nu=at("2027-03-01T18:00")))
    r = hersteltermijn_verlopen(rt, referentie=ref, nu=at("2027-03-02T07:00"))
    # suspended 16-2 … 1-3 = 14 days: Wed 21-4 + 14 = Wed 5-5, Bevrijdingsdag; Thu 6-5 is Hemelvaartsdag and Fri
    # 7-5 is gelijkgesteld by KB (Atw art. 1, art. 3 lid 1 and 3): the term ends Mon 10-5
    assert (r["gewijzigd"], r["dagen"], r["uiterlijk"]) == (True, 14, "2027-05-10")
    assert taken(rt, ref, BEZWAAR_TAAK)[0][1].due == date(2027, 5, 10)
    assert deadline(rt, ref, HERSTEL_WEKKER).status == "afgerond"
    assert hersteltermijn_verlopen(rt, referentie=ref, nu=at("2027-03-03T07:00"))["gewijzigd"] is False
    # a second opschorting moves the raw end (5-5), not the stored one the Atw moved (10-5): suspended 12-3 … 18-3
    # = 7 days: Wed 5-5 + 7 = Wed 12-5, a werkdag (Awb 7:10 lid 2, the Atw applied once). Before: 10-5 + 7 = Mon
    # 17-5 (Pinkstermaandag) -> Tue 18-5
    schort_bezwaar_op(rt, referentie=ref, verzocht_op=date(2027, 3, 11), hersteltermijn_tot=date(2027, 3, 25),
                      verzuim="De gronden ontbreken", nu=at("2027-03-11T10:00"), actor=TL)
    h = leg_herstel_vast(rt, referentie=ref, hersteld_op=date(2027, 3, 18), nu=at("2027-03-18T10:00"), actor=TL)
    assert (h["dagen"], h["uiterlijk"]) == (7, "2027-05-12")
    assert taken(rt, ref, BEZWAAR_TAAK)[0][1].due == date(2027, 5, 12)
    # so an ingebrekestelling received Thu 13-5 comes after the term (Awb 4:17 lid 3); with 18-5 it was refused
    from tasks.maatregel import registreer_ingebrekestelling
    from tasks.maatregel.bezwaar_dwangsom import Over

    registreer_ingebrekestelling(rt, referentie=ref, over=Over.bezwaar, ontvangen_op=date(2027, 5, 13),
                                 nu=at("2027-05-13T10:00"), actor=TL)


def test_verder_uitstel_after_the_verdaging_with_consent(rt, sim) -> None:  # type: ignore[no-untyped-def]
    from tasks.maatregel import stel_bezwaar_uit, verdaag_bezwaar

    ref, _ = bezwaar(rt, sim)
    geweigerd(rt, TransitionRefused, "verdaag eerst", lambda: stel_bezwaar_uit(
        rt, referentie=ref, tot=date(2027, 6, 2), grond=UitstelGrond.instemming, instemming_op=date(2027, 4, 1),
        nu=at("2027-04-01T10:00"), actor=TL))
    verdaag_bezwaar(rt, referentie=ref, nu=at("2027-04-01T10:00"), actor=TL)
    # consent recorded before the bezwaar was received (10-2): refused, naming both dates
    geweigerd(rt, OngeldigeInvoer, "(2027-02-09) ligt vóór de ontvangst van het bezwaar (2027-02-10)",
              lambda: stel_bezwaar_uit(rt, referentie=ref, tot=date(2027, 6, 23), grond=UitstelGrond.instemming,
                                       instemming_op=date(2027, 2, 9), nu=at("2027-05-20T10:00"), actor=TL))
    u = stel_bezwaar_uit(rt, referentie=ref, tot=date(2027, 6, 23), grond=UitstelGrond.instemming,
                         instemming_op=date(2027, 5, 20), nu=at("2027-05-20T10:00"), actor=TL)
    assert u["uiterlijk"] == "2027-06-23"
    assert taken(rt, ref, BEZWAAR_TAAK)[0][1].due == date(2027, 6, 23)
    tekst = brief(rt, ref, u["document_id"], "uitstel")
    assert "uiterlijk op 23 juni 2027" in tekst and "20 mei 2027" in tekst and "7:10 lid 4 onder b" in tekst
    assert "eerder verdaagd, tot uiterlijk 2 juni 2027. Wij stellen onze beslissing nu verder uit" in tekst
    # a second uitstel: the letter tells the history as it was (verdaagd to 2-6, uitgesteld to 23-6), not "verdaagd
    # tot 23 juni"
    u2 = stel_bezwaar_uit(rt, referentie=ref, tot=date(2027, 7, 14), grond=UitstelGrond.instemming,
                          instemming_op=date(2027, 6, 10), nu=at("2027-06-10T10:00"), actor=TL)
    tekst = brief(rt, ref, u2["document_id"], "uitstel")
    assert ("eerder verdaagd, tot uiterlijk 2 juni 2027 en daarna verder uitgesteld tot uiterlijk 23 juni 2027. Wij "
            "stellen onze beslissing nu verder uit") in tekst
    assert "verdaagd, tot uiterlijk 23 juni" not in tekst and "uiterlijk op 14 juli 2027" in tekst


# -- item 6: ingebrekestelling and dwangsom -------------------------------------------------------------
def test_ingebrekestelling_dwangsom_runs_stops_at_the_beslissing_and_is_fixed(rt, sim) -> None:  # type: ignore[no-untyped-def]
    from tasks.maatregel import beslis_op_bezwaar, dwangsommen, registreer_ingebrekestelling, stel_dwangsom_vast
    from tasks.maatregel.bezwaar_dwangsom import Over

    ref, _ = bezwaar(rt, sim)  # decide by Wed 21-4-2027
    geweigerd(rt, TransitionRefused, "te vroeg en heeft geen gevolg", lambda: registreer_ingebrekestelling(
        rt, referentie=ref, over=Over.bezwaar, ontvangen_op=date(2027, 4, 21), nu=at("2027-04-21T10:00"), actor=TL))
    geweigerd(rt, TransitionRefused, "er is geen ingebrekestelling geregistreerd", lambda: stel_dwangsom_vast(
        rt, referentie=ref, over=Over.bezwaar, nu=at("2027-04-22T10:00"), actor=TL))
    i = registreer_ingebrekestelling(rt, referentie=ref, over=Over.bezwaar, ontvangen_op=date(2027, 4, 26),
                                     nu=at("2027-04-26T10:00"), actor=TL)
    # received Mon 26-4 (no KB day): two weeks to Mon 10-5, a werkdag (the feestdagen 5-5, 6-5 and KB day 7-5
    # inside the two weeks move nothing, Atw art. 1 looks at the last day); dwangsom from Tue 11-5, at most 42
    # days to Mon 21-6 (Awb 4:17 lid 1 and 3, no Atw)
    assert (i["beslissen_zonder_dwangsom"], i["eerste_dag"], i["laatste_mogelijke_dag"]) == (
        "2027-05-10", "2027-05-11", "2027-06-21")
    [im] = mails(rt, ref, "maatregel_ingebrekestelling")
    assert im.payload["aan"] == TL and im.payload["eerste_dag"] == "2027-05-11" and im.payload["max_bedrag"] == "€ 1.442"
    from notifications.render import render
    tekst = " ".join(render("maatregel_ingebrekestelling", im.payload).text.split())
    assert "Beslis uiterlijk maandag 10 mei 2027" in tekst and "4:17 jo. 7:14" in tekst and "€ 23 per dag" in tekst
    [(tk, tk_d)] = taken(rt, ref, DWANGSOM_TAAK)
    # the 4:18 beschikking within two weeks after the last possible day: Mon 21-6 + 14 = Mon 5-7
    assert tk.eigenaar_email == TL and tk_d.due == date(2027, 7, 5) and "dwangsom vanaf 2027-05-11" in tk.titel
    geweigerd(rt, TransitionRefused, "de dwangsom loopt nog", lambda: stel_dwangsom_vast(
        rt, referentie=ref, over=Over.bezwaar, nu=at("2027-05-20T10:00"), actor=TL))
    # the teamleider sees the running amount: day 10 (11-5 … 20-5) on Thu 20-5, 10 × € 23
    [d] = dwangsommen(rt, ref, at("2027-05-20T12:00"))
    assert (d["dagen"], d["bedrag"], d["per_dag_nu"], d["laatste_dag"]) == (10, 230, 23, None)
    r = beslis_op_bezwaar(rt, referentie=ref, uitkomst=BezwaarUitkomst.ongegrond, nu=at("2027-05-27T10:00"), actor=TL)
    # sent Thu 27-5: 11-5 … 27-5 = 17 days (14 × 23 + 3 × 35 = 427, Awb 4:17 lid 2); 4:18 by Thu 10-6 (27-5 + 14)
    assert (r["dwangsom"]["dagen"], r["dwangsom"]["bedrag"]) == (17, 427)
    assert r["dwangsom"]["vaststellen_uiterlijk"] == "2027-06-10"
    assert taken(rt, ref, DWANGSOM_TAAK)[0][1].due == date(2027, 6, 10)
    [d] = dwangsommen(rt, ref, at("2027-06-08T12:00"))
    assert (d["dagen"], d["bedrag"], d["laatste_dag"]) == (17, 427, "2027-05-27")
    v = stel_dwangsom_vast(rt, referentie=ref, over=Over.bezwaar, nu=at("2027-05-31T10:00"), actor=TL)
    assert (v["bedrag"], v["dagen"], v["te_laat"]) == (427, 17, False)
    assert taken(rt, ref, DWANGSOM_TAAK)[0][0].status == "afgerond"
    tekst = brief(rt, ref, v["document_id"], "dwangsom")
    assert "€ 427" in tekst or "EUR 427" in tekst
    assert "11 mei 2027 tot en met 27 mei 2027" in tekst and "4:18" in tekst and "7:14" in tekst
    geweigerd(rt, TransitionRefused, "al bij beschikking vastgesteld", lambda: stel_dwangsom_vast(
        rt, referentie=ref, over=Over.bezwaar, nu=at("2027-06-01T10:00"), actor=TL))
    assert_geen_persoonsgegevens(rt, ref)


def test_ingebrekestelling_on_the_inkeer_request(rt, sim) -> None:  # type: ignore[no-untyped-def]
    from domain.maatregel import InkeerUitkomst
    from tasks.maatregel import (
        beslis_inkeer,
        dwangsommen,
        ontvang_inkeerverzoek,
        registreer_ingebrekestelling,
        stel_dwangsom_vast,
    )
    from tasks.maatregel.bezwaar_dwangsom import Over
    from tests.tasks.test_maatregel import _tabel

    _tabel(rt, "M100:2", "M100:3", "M100:3")
    ref = lopend(rt, sim)
    tot_beschikking(rt, ref, "M100", gedraging="arbeid")  # February and March 2027, 100%
    # the request follows the beschikking of Wed 27-1: received Thu 28-1, decided within eight weeks, by Thu 25-3
    # (Awb 4:13 lid 2; a werkdag, Good Friday is 26-3)
    r = ontvang_inkeerverzoek(rt, referentie=ref, ontvangen_op=date(2027, 1, 28), nu=at("2027-01-28T10:00"),
                              actor=COACH)
    assert r["uiterlijk"] == "2027-03-25"
    i = registreer_ingebrekestelling(rt, referentie=ref, over=Over.inkeer, ontvangen_op=date(2027, 3, 30),
                                     nu=at("2027-03-30T10:00"), actor=TL)
    # received Tue 30-3 (after Easter): two weeks to Tue 13-4, a werkdag; dwangsom from Wed 14-4, at most 42 days
    # to Tue 25-5 (Awb 4:17 lid 1 and 3, no Atw)
    assert (i["eerste_dag"], i["laatste_mogelijke_dag"]) == ("2027-04-14", "2027-05-25")
    [d] = dwangsommen(rt, ref, at("2027-06-08T10:00"))  # not decided: the maximum, € 1442 (Awb 4:17 lid 2)
    # the 4:18 beschikking within two weeks after the last day: Tue 25-5 + 14 = Tue 8-6
    assert (d["proces"], d["dagen"], d["bedrag"], d["vaststellen_uiterlijk"]) == ("maatregel_inkeer", 42, 1442,
                                                                                  "2027-06-08")
    assert taken(rt, ref, DWANGSOM_TAAK)[0][1].due == date(2027, 6, 8)
    # decided on Mon 19-4 (day 6 of 14-4 … 19-4: 6 × 23 = 138): the 4:18 date moves to Mon 3-5 (19-4 + 14)
    beslis_inkeer(rt, referentie=ref, uitkomst=InkeerUitkomst.afgewezen, nu=at("2027-04-19T10:00"), actor=TL)
    [d] = dwangsommen(rt, ref, at("2027-06-08T10:00"))
    assert (d["dagen"], d["bedrag"], d["laatste_dag"]) == (6, 138, "2027-04-19")
    assert taken(rt, ref, DWANGSOM_TAAK)[0][1].due == date(2027, 5, 3)
    v = stel_dwangsom_vast(rt, referentie=ref, over=Over.inkeer, nu=at("2027-04-20T10:00"), actor=TL)
    assert (v["bedrag"], v["dagen"]) == (138, 6)
    assert "verzoek om herziening" in brief(rt, ref, v["document_id"], "dwangsom")
