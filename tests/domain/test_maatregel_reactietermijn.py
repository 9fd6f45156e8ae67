"""Issue 20 (items 1, 2, 3, 9), the pure rules: the reaction term before the beschikking (Awb 4:8, 4:11, 4:12),
afzien om dringende redenen (Pw art. 18 lid 10) apart from lid 9, inkeer only under lid 5–8 (lid 11), the
postcode as written in a letter, and the signer from the gemeente's configuration."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from domain.errors import TransitionRefused
from domain.gemeenten import Gemeente
from domain.invoer import OngeldigeInvoer
from domain.maatregel import (
    GROND_LID_9,
    GROND_LID_10_AFZIEN,
    BeschikkingType,
    HorenAchterwege,
    HorenVastgelegd,
    bepaal_maatregel,
    controleer_afzien_reactie,
    controleer_horen_achterwege,
    controleer_inkeer_bereik,
    controleer_ondertekenaar,
    controleer_reactietermijn_voor_besluit,
    grondslagen_met_horen,
    inkeer_mogelijk,
    regeltabel_uit,
)

REF = "IJW-2026-000001"
TERMIJN = date(2027, 1, 26)


def _versie():  # type: ignore[no-untyped-def]
    gedragingen = [
        {"code": "afspraak", "label": "Afspraak", "grondslag": "Testverordening art. 9", "uitkomsten": ["M1M10"]},
        {"code": "arbeid", "label": "Arbeid", "grondslag": "Testverordening art. 10", "arbeidsverplichting": True,
         "uitkomsten": ["M100:1", "M100:2", "M100:3"]}]
    import tomllib

    from tasks.config import WET_FILE

    tabel = regeltabel_uit({"versie": [{"gemeente": g.value, "geldig_vanaf": date(2023, 7, 1),
                                        "verordening": "Testverordening", "gedraging": gedragingen} for g in Gemeente],
                            "wet": tomllib.loads(WET_FILE.read_text(encoding="utf-8"))["wet"]})
    return tabel.op(Gemeente.velsen, date(2027, 1, 1))


# -- item 1 ------------------------------------------------------------------------------------
@pytest.mark.parametrize("vandaag", [date(2027, 1, 20), TERMIJN])
def test_no_beschikking_while_the_term_runs(vandaag: date) -> None:
    with pytest.raises(TransitionRefused, match="de reactietermijn loopt nog tot en met 2027-01-26; goedkeuren en "
                                                "verzenden kan vanaf 2027-01-27 \\(Awb art. 4:8\\)"):
        controleer_reactietermijn_voor_besluit(REF, TERMIJN, vandaag, afgezien_op=None, achterwege=None)


def test_the_term_ends_by_time_by_afzien_or_by_a_statutory_ground() -> None:
    controleer_reactietermijn_voor_besluit(REF, TERMIJN, date(2027, 1, 27), afgezien_op=None, achterwege=None)
    controleer_reactietermijn_voor_besluit(REF, TERMIJN, date(2027, 1, 20), afgezien_op=date(2027, 1, 19),
                                           achterwege=None)
    for grond in HorenAchterwege:
        controleer_reactietermijn_voor_besluit(REF, None, date(2027, 1, 12), afgezien_op=None, achterwege=grond.value)
    with pytest.raises(TransitionRefused, match="niet uitgenodigd"):
        controleer_reactietermijn_voor_besluit(REF, None, date(2027, 1, 12), afgezien_op=None, achterwege=None)


def test_afzien_reactie_rules() -> None:
    kw: dict[str, Any] = {"reageren_uiterlijk": TERMIJN, "uitgenodigd_op": date(2027, 1, 12), "al_afgezien": None,
                          "achterwege": None}
    controleer_afzien_reactie(REF, "beoordelen", verklaard_op=date(2027, 1, 18), vandaag=date(2027, 1, 19), **kw)
    with pytest.raises(OngeldigeInvoer, match="in de toekomst"):
        controleer_afzien_reactie(REF, "beoordelen", verklaard_op=date(2027, 1, 20), vandaag=date(2027, 1, 19), **kw)
    with pytest.raises(OngeldigeInvoer, match="vóór de uitnodiging"):
        controleer_afzien_reactie(REF, "horen", verklaard_op=date(2027, 1, 11), vandaag=date(2027, 1, 19), **kw)
    with pytest.raises(TransitionRefused, match="al verstreken"):
        controleer_afzien_reactie(REF, "vier_ogen", verklaard_op=date(2027, 1, 25), vandaag=date(2027, 1, 27), **kw)
    with pytest.raises(TransitionRefused, match="er loopt geen reactietermijn"):
        controleer_afzien_reactie(REF, "gemeld", verklaard_op=date(2027, 1, 12), vandaag=date(2027, 1, 12),
                                  **{**kw, "reageren_uiterlijk": None})
    with pytest.raises(TransitionRefused, match="al vastgelegd"):
        controleer_afzien_reactie(REF, "beoordelen", verklaard_op=date(2027, 1, 18), vandaag=date(2027, 1, 19),
                                  **{**kw, "al_afgezien": date(2027, 1, 18)})


def test_horen_achterwege_rules_and_the_letters_citation() -> None:
    controleer_horen_achterwege(REF, "gemeld", al_afgezien=None, achterwege=None)
    with pytest.raises(TransitionRefused, match="alleen vóór de beschikking"):
        controleer_horen_achterwege(REF, "beschikt", al_afgezien=None, achterwege=None)
    with pytest.raises(TransitionRefused, match="Awb art. 4:11, aanhef en onder a"):
        controleer_horen_achterwege(REF, "horen", al_afgezien=None, achterwege="spoed")
    basis = ["Participatiewet art. 18 lid 2", "Awb art. 4:8 (de deelnemer is in de gelegenheid gesteld een "
             "toelichting te geven)"]
    assert grondslagen_met_horen(basis, achterwege="verrassing", afgezien_op=None) == [
        "Participatiewet art. 18 lid 2", f"{HorenAchterwege.verrassing.grondslag}: het horen (Awb art. 4:8) is "
        "achterwege gelaten"]
    assert grondslagen_met_horen(basis, achterwege=None, afgezien_op=date(2027, 1, 18))[1].endswith(
        "afgezien van de rest van de reactietermijn")
    assert grondslagen_met_horen(basis, achterwege=None, afgezien_op=None) == basis
    h = HorenVastgelegd.uit({"uitgenodigd_op": "2027-01-12", "horen_achterwege": {"grond": "financieel",
                                                                                   "feiten": "f"}})
    assert (h.uitgenodigd_op, h.afgezien_op, h.achterwege) == (date(2027, 1, 12), None, "financieel")
    assert HorenAchterwege.financieel.grondslag.startswith("Awb art. 4:12 lid 1")


# -- item 2 ------------------------------------------------------------------------------------
def test_afzien_om_dringende_redenen_cites_lid_10_not_lid_9() -> None:
    v = bepaal_maatregel(_versie(), "afspraak", verwijtbaar=True, stap=1, dringende_redenen="Mantelzorg",
                         afzien_dringend=True)
    assert v.uitkomst.type == BeschikkingType.AFZIEN and v.grondslagen[-1] == GROND_LID_10_AFZIEN
    assert GROND_LID_9 not in v.grondslagen
    assert bepaal_maatregel(_versie(), "afspraak", verwijtbaar=False, stap=1).grondslagen[-1] == GROND_LID_9
    with pytest.raises(OngeldigeInvoer, match="vraagt om de dringende redenen"):
        bepaal_maatregel(_versie(), "afspraak", verwijtbaar=True, stap=1, afzien_dringend=True)
    with pytest.raises(OngeldigeInvoer, match="Kies één van beide"):
        bepaal_maatregel(_versie(), "afspraak", verwijtbaar=False, stap=1, afzien_dringend=True)
    with pytest.raises(OngeldigeInvoer, match="gaat niet samen met een matiging"):
        bepaal_maatregel(_versie(), "afspraak", verwijtbaar=True, stap=1, dringende_redenen="x", afzien_dringend=True,
                         gematigd_percentage=5, gematigd_maanden=1)


# -- item 3 ------------------------------------------------------------------------------------
def test_inkeer_only_for_a_verlaging_under_lid_5_to_8() -> None:
    assert inkeer_mogelijk(True, "M100") and inkeer_mogelijk(True, "MGEMATIGD")
    assert not inkeer_mogelijk(False, "M1M10") and not inkeer_mogelijk(True, "AFZIEN")
    controleer_inkeer_bereik(REF, arbeidsverplichting=True, type_="M100", grondslag="art. 10")
    with pytest.raises(TransitionRefused, match="Pw art. 18 lid 11\\) geldt alleen voor een verlaging wegens de "
                                                "geüniformeerde arbeidsverplichtingen"):
        controleer_inkeer_bereik(REF, arbeidsverplichting=False, type_="M1M10", grondslag="art. 9")


# -- item 9 ------------------------------------------------------------------------------------
def test_postcode_as_written_and_the_signer() -> None:
    from notifications.beschikking import postcode_brief

    assert postcode_brief("1941EE") == "1941 EE" and postcode_brief("1941 ee") == "1941 EE"
    assert postcode_brief("") == "" and postcode_brief("B-1000") == "B-1000"
    controleer_ondertekenaar(REF, "Velsen", "tl@x.nl", bekend=True)
    with pytest.raises(TransitionRefused, match="staat niet bij de ondertekenaars van Velsen"):
        controleer_ondertekenaar(REF, "Velsen", "tl@x.nl", bekend=False)
