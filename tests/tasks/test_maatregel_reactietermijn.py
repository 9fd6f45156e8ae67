"""Issue 20, items 1, 2, 3 and 9 on the real case store: no beschikking while the reaction term of the invitation
runs (Awb 4:8) unless the deelnemer gave it up or horen is omitted on a statutory ground (Awb 4:11, 4:12); afzien
om dringende redenen (Pw art. 18 lid 10) as its own outcome; inkeer (lid 11) only for a verlaging under lid 5–8;
and the letter's details (the college's postal address, "% van de bijstandsnorm", "1972 EB", the signer)."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from sqlmodel import select

from casestore.db import session
from casestore.models import Document
from domain.errors import TransitionRefused
from domain.invoer import OngeldigeInvoer
from domain.maatregel import HorenAchterwege
from tests.conftest import at
from tests.tasks.test_maatregel import (
    ADRES,
    COACH,
    TL,
    _tabel,
    beschikt,
    gebeurtenissen,
    gehoord,
    gemeld,
    geweigerd,
    lopend,
    maatregelen,
    mails,
    voorgesteld,
)


def brief(rt: Any) -> str:
    """The text of the newest stored beschikking PDF, whitespace folded."""
    from pypdf import PdfReader

    with session(rt.engine) as s:
        doc = s.exec(select(Document).order_by(Document.id.desc())).first()  # type: ignore[union-attr]
        assert doc is not None
        reader = PdfReader(io.BytesIO(doc.inhoud))
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def afzien(rt: Any, ref: str, verklaard: date, dag: str) -> dict[str, Any]:
    from tasks.maatregel import leg_afzien_reactie_vast

    return leg_afzien_reactie_vast(rt, referentie=ref, verklaard_op=verklaard, nu=at(f"{dag}T09:30"), actor=COACH)


# -- item 1: the reaction term (Awb 4:8) ---------------------------------------------------------
def test_goedkeuren_waits_until_the_reaction_term_has_passed(rt, sim) -> None:  # type: ignore[no-untyped-def]
    ref = lopend(rt, sim)
    gemeld(rt, ref)
    assert gehoord(rt, ref)["reageren_uiterlijk"] == "2027-01-26"  # toelichting in the gesprek on 18-1
    v = voorgesteld(rt, ref)  # a voorstel may be drafted while the term runs
    # the teamleider's taak is not due before approving is allowed, and the mail says from when
    [vm] = mails(rt, ref, "maatregel_vier_ogen")
    assert v["due"] == "2027-01-27" and vm.payload["goedkeuren_vanaf"] == "2027-01-27"
    assert vm.payload["reageren_uiterlijk"] == "2027-01-26"
    for dag in ("2027-01-20", "2027-01-26"):
        msg = geweigerd(rt, TransitionRefused, "de reactietermijn loopt nog tot en met 2027-01-26; goedkeuren en "
                        "verzenden kan vanaf 2027-01-27 (Awb art. 4:8)", lambda d=dag: beschikt(rt, ref, dag=d))
        assert "afzien-reactie" in msg and "horen-achterwege" in msg
    b = beschikt(rt, ref, dag="2027-01-27")
    assert b["verzenddatum"] == "2027-01-27"
    tekst = brief(rt)
    assert "U kon mondeling of schriftelijk reageren tot en met 26 januari 2027" in tekst


def test_afzien_reactie_lets_the_beschikking_go_before_the_end(rt, sim) -> None:  # type: ignore[no-untyped-def]
    ref = lopend(rt, sim)
    gemeld(rt, ref)
    gehoord(rt, ref)  # invited 12-1, term until 26-1, toelichting 18-1
    geweigerd(rt, OngeldigeInvoer, "ligt in de toekomst", lambda: afzien(rt, ref, date(2027, 1, 20), "2027-01-19"))
    geweigerd(rt, OngeldigeInvoer, "ligt vóór de uitnodiging om te horen (2027-01-12)",
              lambda: afzien(rt, ref, date(2027, 1, 11), "2027-01-19"))
    r = afzien(rt, ref, date(2027, 1, 18), "2027-01-19")
    assert r["verklaard_op"] == "2027-01-18" and r["status"] == "beoordelen"
    geweigerd(rt, TransitionRefused, "afzien van reactie is al vastgelegd (2027-01-18)",
              lambda: afzien(rt, ref, date(2027, 1, 18), "2027-01-19"))
    voorgesteld(rt, ref)
    b = beschikt(rt, ref, dag="2027-01-20")  # before the end of the term: allowed, the deelnemer gave it up
    assert b["bezwaar_uiterlijk"] == "2027-03-03"
    tekst = brief(rt)
    assert "Op 18 januari 2027 heeft u ons laten weten dat u niets meer wilt toevoegen" in tekst
    assert "U kon" not in tekst and "tot en met 26 januari 2027" in tekst
    [mr] = maatregelen(rt, ref)
    assert any("afgezien van de rest van de reactietermijn" in g and "2027-01-18" in g for g in mr.grondslagen)
    assert ("maatregelonderzoek.reactie_afgezien", COACH) in gebeurtenissen(rt, ref)


def test_afzien_reactie_while_horen_waits_moves_on_and_after_the_term_is_refused(rt, sim) -> None:  # type: ignore[no-untyped-def]
    ref = lopend(rt, sim)
    gemeld(rt, ref)
    gehoord(rt, ref, toelichting=None)
    r = afzien(rt, ref, date(2027, 1, 14), "2027-01-14")
    assert r["status"] == "beoordelen" and r["toelichting_ontvangen"] is False
    voorgesteld(rt, ref, dag="2027-01-15")  # the gesprek planned on 18-1 no longer holds the voorstel
    beschikt(rt, ref, dag="2027-01-20")
    tekst = brief(rt)
    assert "Op 14 januari 2027 heeft u ons laten weten dat u niet wilt reageren" in tekst and "U kon" not in tekst

    ref2 = lopend(rt, sim, "999905016", naam="Tweede Proefpersoon")
    gemeld(rt, ref2)
    gehoord(rt, ref2)
    voorgesteld(rt, ref2)
    geweigerd(rt, TransitionRefused, "de reactietermijn is al verstreken (tot en met 2027-01-26)",
              lambda: afzien(rt, ref2, date(2027, 1, 25), "2027-01-27"))


@pytest.mark.parametrize("grond, citaat, brieftekst", [
    (HorenAchterwege.spoed, "Awb art. 4:11, aanhef en onder a", "artikel 4:11, onder a"),
    (HorenAchterwege.eerder_gehoord, "Awb art. 4:11, aanhef en onder b", "artikel 4:11, onder b"),
    (HorenAchterwege.verrassing, "Awb art. 4:11, aanhef en onder c", "artikel 4:11, onder c"),
    (HorenAchterwege.financieel, "Awb art. 4:12 lid 1", "artikel 4:12, eerste lid"),
])
def test_horen_achterwege_on_a_statutory_ground(rt, sim, grond, citaat, brieftekst) -> None:  # type: ignore[no-untyped-def]
    from tasks.maatregel import laat_horen_achterwege, nodig_uit

    ref = lopend(rt, sim)
    gemeld(rt, ref)
    feiten = "De deelnemer vertrekt morgen voor lange tijd naar het buitenland; besluit nu nodig"
    r = laat_horen_achterwege(rt, referentie=ref, grond=grond, feiten=feiten, nu=at("2027-01-12T09:00"), actor=COACH)
    assert r["status"] == "beoordelen" and r["grondslag"].startswith(citaat)
    geweigerd(rt, TransitionRefused, "er is al een wettelijke grond vastgelegd", lambda: laat_horen_achterwege(
        rt, referentie=ref, grond=grond, feiten=feiten, nu=at("2027-01-12T09:05"), actor=COACH))
    geweigerd(rt, TransitionRefused, "kan nu niet", lambda: nodig_uit(
        rt, referentie=ref, gesprek_op=at("2027-01-18T10:00"), locatie="Kantoor IJmuiden", nu=at("2027-01-12T10:00"),
        actor=COACH))
    voorgesteld(rt, ref, dag="2027-01-12")
    b = beschikt(rt, ref, dag="2027-01-13")  # no term to wait for: horen omitted on a recorded ground
    assert b["verzenddatum"] == "2027-01-13"
    [mr] = maatregelen(rt, ref)
    assert any(g.startswith(citaat) for g in mr.grondslagen)
    assert not any("in de gelegenheid gesteld een toelichting te geven" in g for g in mr.grondslagen)
    tekst = brief(rt)
    assert brieftekst in tekst and citaat in tekst and "lange tijd naar het buitenland" in tekst
    assert "U kon" not in tekst and "Wij hebben u daarvoor uitgenodigd" not in tekst


def test_horen_achterwege_after_the_invitation_lifts_the_wait(rt, sim) -> None:  # type: ignore[no-untyped-def]
    from tasks.maatregel import laat_horen_achterwege

    ref = lopend(rt, sim)
    gemeld(rt, ref)
    gehoord(rt, ref)
    voorgesteld(rt, ref)
    geweigerd(rt, TransitionRefused, "de reactietermijn loopt nog", lambda: beschikt(rt, ref, dag="2027-01-20"))
    laat_horen_achterwege(rt, referentie=ref, grond=HorenAchterwege.spoed, feiten="Spoed: de uitkering stopt morgen",
                          nu=at("2027-01-20T09:00"), actor=COACH)
    beschikt(rt, ref, dag="2027-01-20")
    assert "artikel 4:11, onder a" in brief(rt)


# -- item 2: afzien om dringende redenen (Pw art. 18 lid 10) ---------------------------------------
def test_afzien_om_dringende_redenen_is_its_own_outcome(rt, sim) -> None:  # type: ignore[no-untyped-def]
    ref = lopend(rt, sim)
    gemeld(rt, ref)
    gehoord(rt, ref)
    geweigerd(rt, OngeldigeInvoer, "vraagt om de dringende redenen",
              lambda: voorgesteld(rt, ref, afzien_dringend=True))
    geweigerd(rt, OngeldigeInvoer, "Kies één van beide", lambda: voorgesteld(
        rt, ref, verwijtbaar=False, afzien_dringend=True, dringende_redenen="Mantelzorg voor een ernstig ziek kind"))
    v = voorgesteld(rt, ref, afzien_dringend=True, dringende_redenen="Mantelzorg voor een ernstig ziek kind")
    assert v["type"] == "AFZIEN" and v["grondslagen"][-1].startswith("Participatiewet art. 18 lid 10")
    assert not any("lid 9" in g for g in v["grondslagen"])
    beschikt(rt, ref, "AFZIEN", dag="2027-01-27")
    [mr] = maatregelen(rt, ref)
    assert (mr.type, mr.verwijtbaar) == ("AFZIEN", True)
    tekst = brief(rt)
    assert "De reden is dat er dringende redenen zijn om van een maatregel af te zien (artikel 18, tiende lid" in tekst
    assert "Deze redenen zijn zo dringend dat wij afzien van een maatregel" in tekst
    assert "wij u het verzuim niet kunnen verwijten" not in tekst


# -- item 3: inkeer only under lid 5–8 (Pw art. 18 lid 11) ------------------------------------------
def test_inkeer_refused_for_a_maatregel_outside_lid_5_to_8(rt, sim) -> None:  # type: ignore[no-untyped-def]
    from tasks.maatregel import ontvang_inkeerverzoek

    ref = lopend(rt, sim)
    gemeld(rt, ref)  # afspraak niet nagekomen: the verordening's own gedraging (art. 8 lid 1 onder a)
    gehoord(rt, ref)
    voorgesteld(rt, ref)
    beschikt(rt, ref, dag="2027-01-27")
    tekst = brief(rt)
    assert "alleen mogelijk bij een verlaging wegens de arbeidsverplichtingen van artikel 18, vierde lid" in tekst
    assert "Dan kunt u ons vragen dit besluit te herzien" not in tekst
    msg = geweigerd(rt, TransitionRefused, "herziening wegens inkeer (Pw art. 18 lid 11) geldt alleen voor een "
                    "verlaging wegens de geüniformeerde arbeidsverplichtingen", lambda: ontvang_inkeerverzoek(
                        rt, referentie=ref, ontvangen_op=date(2027, 1, 28), nu=at("2027-01-28T10:00"), actor=COACH))
    assert "Maatregelverordening art. 9 lid 1 onder a" in msg and "bezwaar" in msg
    [bm] = mails(rt, ref, "maatregel_beschikt")  # the werkcoach is not told to register an inkeer either
    assert bm.payload["inkeer_mogelijk"] is False


def test_inkeer_offered_and_accepted_under_lid_5(rt, sim) -> None:  # type: ignore[no-untyped-def]
    from tasks.maatregel import ontvang_inkeerverzoek

    _tabel(rt, "M100:1", "M100:2", "M100:3")
    ref = lopend(rt, sim)
    gemeld(rt, ref, gedraging="arbeid")
    gehoord(rt, ref)
    voorgesteld(rt, ref)
    beschikt(rt, ref, "M100", dag="2027-01-27")
    assert "Dan kunt u ons vragen dit besluit te herzien (artikel 18, elfde lid" in brief(rt)
    assert mails(rt, ref, "maatregel_beschikt")[0].payload["inkeer_mogelijk"] is True
    r = ontvang_inkeerverzoek(rt, referentie=ref, ontvangen_op=date(2027, 1, 28), nu=at("2027-01-28T10:00"),
                              actor=COACH)
    assert r["uiterlijk"]


# -- item 9: the letter's details -------------------------------------------------------------------
def test_the_letter_names_the_college_address_the_norm_the_postcode_and_the_signer(rt, sim) -> None:  # type: ignore[no-untyped-def]
    ref = lopend(rt, sim)
    gemeld(rt, ref)
    gehoord(rt, ref)
    voorgesteld(rt, ref)
    geweigerd(rt, TransitionRefused, "staat niet bij de ondertekenaars van Velsen",
              lambda: __import__("tasks.maatregel", fromlist=["keur_goed"]).keur_goed(
                  rt, referentie=ref, type="M1M10", nu=at("2027-01-27T14:00"), actor="onbekend@ijmondwerkt.example"))
    beschikt(rt, ref, dag="2027-01-27")
    tekst = brief(rt)
    g = rt.gemeenten[next(k for k in rt.gemeenten if k.value == "velsen")]
    onder = g.ondertekenaar(TL)
    assert onder is not None
    assert f"{ADRES} 1972 EB IJmuiden" in tekst  # postcode written with its space
    assert "met 10% van de bijstandsnorm" in tekst
    assert "Stuur uw bezwaarschrift naar: Het college van burgemeester en wethouders van Velsen" in tekst
    for regel in g.college_postadres:
        assert regel in tekst, regel
    assert tekst.rstrip().endswith(f"{onder.naam} {onder.functie} pagina 1 van 2") or \
        f"{onder.naam} {onder.functie}" in tekst
    assert "de teamleider pagina" not in tekst
