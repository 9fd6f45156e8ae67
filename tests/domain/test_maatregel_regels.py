"""The maatregel steps' rules as pure functions (domain/maatregel/): each decides on plain values (dates,
statuses, names) what the step's task read from the case store, and refuses with the step's own Dutch
message. One case that passes and one that is refused per rule; the messages are compared whole."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime

import pytest

from domain.errors import TransitionRefused
from domain.invoer import OngeldigeInvoer
from domain.maatregel import (
    BEOORDELEN,
    GEMELD,
    HOREN,
    VERDAAGD,
    VIER_OGEN,
    BeschikkingType,
    controleer_adres,
    controleer_beschikking,
    controleer_bezwaar_ontvangst,
    controleer_concept,
    controleer_document,
    controleer_een_lopend,
    controleer_na_gesprek,
    controleer_nieuw_bezwaar,
    controleer_nieuw_onderzoek,
    controleer_onderzoek,
    controleer_persoon,
    controleer_postcode,
    controleer_reactietermijn_verstreken,
    controleer_traject,
    controleer_type,
    controleer_verdagen,
    controleer_verzoek_om_herziening,
    controleer_verzuim,
    controleer_vier_ogen,
    persoon_sleutel,
)
from domain.traject import Status

REF = "IJW-2026-0001"
WC, TL = "wc@ijmondwerkt.nl", "tl@ijmondwerkt.nl"


def weigert(exc: type[Exception], bericht: str, fn: object, *args: object, **kw: object) -> None:
    with pytest.raises(exc) as e:
        fn(*args, **kw)  # type: ignore[operator]
    assert str(e.value) == bericht


# -- the traject and the onderzoek ----------------------------------------------------------------
def test_traject_open_of_na_afsluiten() -> None:
    controleer_traject(REF, Status.traject, "horen")
    controleer_traject(REF, Status.afgesloten, "een bezwaar registreren", na_afsluiten=True)
    weigert(TransitionRefused, f"{REF} is afgesloten; horen kan niet meer.", controleer_traject, REF,
            Status.afgesloten, "horen")


def test_verzuim_na_toekenning_en_binnen_het_traject() -> None:
    controleer_verzuim(REF, Status.traject, date(2026, 11, 23), date(2026, 12, 1), date(2026, 12, 2))
    weigert(TransitionRefused, f"{REF}: er is nog geen uitkering toegekend (wacht op uitkering); een maatregel "
            "verlaagt de bijstand en kan pas daarna.", controleer_verzuim, REF, Status.wacht_op_uitkering,
            date(2026, 11, 23), date(2026, 12, 1), date(2026, 12, 2))
    weigert(OngeldigeInvoer, "De datum van het verzuim (2026-12-03) ligt in de toekomst.", controleer_verzuim, REF,
            Status.traject, date(2026, 11, 23), date(2026, 12, 3), date(2026, 12, 2))
    weigert(OngeldigeInvoer, "De datum van het verzuim (2026-11-20) ligt vóór de aanmelding (2026-11-23).",
            controleer_verzuim, REF, Status.traject, date(2026, 11, 23), date(2026, 11, 20), date(2026, 12, 2))


def test_een_onderzoek_tegelijk_en_een_maatregel_per_gedraging() -> None:
    controleer_nieuw_onderzoek(REF, lopend_status=None, dubbel_id=None, gedraging="afspraak", verzuim_op=date(2026, 12, 1))
    weigert(TransitionRefused, f"{REF}: maatregelonderzoek loopt al (Horen (wacht op toelichting)); rond dat eerst af "
            "(zie de status van de maatregel).", controleer_nieuw_onderzoek, REF, lopend_status=HOREN, dubbel_id=None,
            gedraging="afspraak", verzuim_op=date(2026, 12, 1))
    weigert(TransitionRefused, f"{REF}: voor dit verzuim (afspraak op 2026-12-01) is al een maatregelonderzoek (#7); "
            "één gedraging geeft één maatregel.", controleer_nieuw_onderzoek, REF, lopend_status=None, dubbel_id=7,
            gedraging="afspraak", verzuim_op=date(2026, 12, 1))


def test_onderzoek_in_de_juiste_stand() -> None:
    controleer_onderzoek(REF, BEOORDELEN, (BEOORDELEN,), "een maatregel voorstellen")
    weigert(TransitionRefused, f"{REF}: er loopt geen maatregelonderzoek; goedkeuren kan alleen na een melding van "
            f"verzuim (de stap 'maatregel melden'). De laatste beschikking (MR-{REF}-1) is genomen op 2027-01-21.",
            controleer_onderzoek, REF, None, (VIER_OGEN,), "goedkeuren",
            laatste_besluit=(f"MR-{REF}-1", date(2027, 1, 21)))
    weigert(TransitionRefused, f"{REF}: er loopt geen maatregelonderzoek; horen kan alleen na een melding van "
            "verzuim (de stap 'maatregel melden').", controleer_onderzoek, REF, None, (GEMELD,), "horen")
    weigert(TransitionRefused, f"{REF}: het horen is nog niet afgerond (reactietermijn tot en met 2027-01-15); "
            "goedkeuren kan pas als de toelichting is vastgelegd of de reactietermijn zonder toelichting verstreek.",
            controleer_onderzoek, REF, HOREN, (VIER_OGEN,), "goedkeuren", reageren_uiterlijk=date(2027, 1, 15))
    weigert(TransitionRefused, f"{REF}: het maatregelonderzoek staat op 'Voorstel bij teamleider'; horen kan nu niet.",
            controleer_onderzoek, REF, VIER_OGEN, (GEMELD,), "horen")


def test_geen_toelichting_pas_na_de_reactietermijn() -> None:
    controleer_reactietermijn_verstreken(REF, date(2027, 1, 15), date(2027, 1, 18))
    weigert(TransitionRefused, f"{REF}: de reactietermijn loopt nog tot en met 2027-01-15.",
            controleer_reactietermijn_verstreken, REF, date(2027, 1, 15), date(2027, 1, 15))


def test_voorstel_pas_na_het_gesprek() -> None:
    gesprek = datetime(2027, 1, 12, 9, 0, tzinfo=UTC)  # 10:00 in Amsterdam
    controleer_na_gesprek(REF, None, datetime(2027, 1, 11, 9, 0, tzinfo=UTC))
    controleer_na_gesprek(REF, gesprek, datetime(2027, 1, 12, 9, 0, tzinfo=UTC))
    weigert(TransitionRefused, f"{REF}: het gesprek (horen) is gepland op 2027-01-12 10:00; een voorstel kan pas daarna, "
            "ook als er al een schriftelijke toelichting is.", controleer_na_gesprek, REF, gesprek,
            datetime(2027, 1, 12, 8, 59, tzinfo=UTC))


def test_voorstel_vraagt_het_correspondentieadres() -> None:
    controleer_adres(REF, "Kerkstraat 1", "1961AA", "Heemskerk")
    weigert(TransitionRefused, f"{REF}: het correspondentieadres van de deelnemer ontbreekt; de beschikking is een "
            "brief. Leg het correspondentieadres vast (deelnemer adres: adres, postcode, woonplaats).",
            controleer_adres, REF, "Kerkstraat 1", None, "Heemskerk")


def test_postcode() -> None:
    assert controleer_postcode(" 1941 ab ") == "1941AB"
    weigert(OngeldigeInvoer, "--postcode is geen Nederlandse postcode (vier cijfers, niet met 0 beginnend, en twee "
            "letters, bijv. 1941AB).", controleer_postcode, "0941AB")
    weigert(OngeldigeInvoer, "--postcode 1941SS bestaat niet (de letters SA, SD en SS komen in postcodes niet voor).",
            controleer_postcode, "1941 ss")


# -- vier ogen and the beschikking ------------------------------------------------------------------
def test_vier_ogen_vraagt_een_persoon() -> None:
    assert controleer_persoon(" " + TL, "Goedkeuren (vier ogen)") == TL
    weigert(OngeldigeInvoer, "Goedkeuren (vier ogen) vraagt om een persoon: geef je e-mailadres bij 'door' (niet de "
            "rol 'teamleider'); het vier-ogenprincipe vergelijkt wie voorstelt en wie goedkeurt.", controleer_persoon,
            "teamleider", "Goedkeuren (vier ogen)")


def test_vier_ogen_een_ander_dan_de_voorsteller() -> None:
    assert persoon_sleutel(" WC+vier@IJmondWerkt.nl") == WC
    controleer_vier_ogen(WC, TL, REF)
    controleer_vier_ogen(WC, TL, REF, terugsturen=True)
    weigert(TransitionRefused, f"{REF}: wc+alias@ijmondwerkt.nl deed zelf het voorstel; een ander moet het goedkeuren "
            "(vier-ogenprincipe).", controleer_vier_ogen, WC, "wc+alias@ijmondwerkt.nl", REF)
    weigert(TransitionRefused, f"{REF}: {WC} deed zelf het voorstel; een ander (de teamleider) beoordeelt het "
            "(vier-ogenprincipe).", controleer_vier_ogen, WC, WC, REF, terugsturen=True)


def test_goedkeuren_het_type_uit_het_concept() -> None:
    controleer_type("M100", BeschikkingType.M100, REF)
    weigert(TransitionRefused, f"{REF}: het voorstel is M100 (Beschikking maatregel 100%), niet M1M10; bekijk het "
            "concept opnieuw (maatregel concept) of stuur het voorstel terug.", controleer_type, "M100",
            BeschikkingType.M1M10, REF)


def test_concept_van_een_voorstel_of_de_laatste_beschikking() -> None:
    controleer_concept(REF, VIER_OGEN, beschikking=False)
    controleer_concept(REF, None, beschikking=True)
    weigert(TransitionRefused, f"{REF}: het maatregelonderzoek staat op 'Verwijtbaarheid en omstandigheden "
            "beoordelen'; er ligt geen voorstel, dus ook geen concept.", controleer_concept, REF, BEOORDELEN,
            beschikking=True)
    weigert(TransitionRefused, f"{REF}: er ligt geen voorstel voor een maatregel klaar (en geen beschikking).",
            controleer_concept, REF, None, beschikking=False)


def test_er_is_een_beschikking() -> None:
    controleer_beschikking(REF, gevonden=True, wat="heroverwegen")
    weigert(TransitionRefused, f"{REF}: er is nog geen beschikking over een maatregel; een bezwaar registreren kan "
            "niet.", controleer_beschikking, REF, gevonden=False, wat="een bezwaar registreren")
    weigert(OngeldigeInvoer, f"{REF}: maatregel 9 is geen beschikking in dit traject (de status van de "
            "maatregel toont de nummers).", controleer_beschikking, REF, gevonden=False, wat="een bezwaar registreren",
            maatregel_id=9)


def test_precies_een_lopend_bezwaar_of_heroverweging() -> None:
    controleer_een_lopend(REF, "Bezwaar tegen maatregel", [3], None, "verdagen")
    weigert(TransitionRefused, f"{REF}: er loopt geen bezwaar tegen maatregel bij maatregel 4; verdagen kan niet.",
            controleer_een_lopend, REF, "Bezwaar tegen maatregel", [], 4, "verdagen")
    weigert(OngeldigeInvoer, f"{REF}: er lopen 2 (heroverweging maatregel) bij de maatregelen 3, 5; kies er een met "
            "--maatregel (in het formulier: maatregel).", controleer_een_lopend, REF, "Heroverweging maatregel",
            [3, 5], None, "heroverwegen")


def test_het_bewaarde_document_is_heel() -> None:
    pdf = b"%PDF-1.7 beschikking"
    controleer_document(REF, pdf, hashlib.sha256(pdf).hexdigest())
    weigert(TransitionRefused, f"{REF}: bij de beschikking is geen document bewaard.", controleer_document, REF, None,
            None)
    weigert(TransitionRefused, f"{REF}: het bewaarde document is beschadigd (controlegetal klopt niet).",
            controleer_document, REF, pdf + b"!", hashlib.sha256(pdf).hexdigest())


# -- bezwaar ------------------------------------------------------------------------------------
def test_bezwaar_ontvangen_na_het_besluit_en_niet_in_de_toekomst() -> None:
    controleer_bezwaar_ontvangst(date(2027, 1, 21), date(2027, 1, 21), date(2027, 1, 21))  # before sending: fine
    weigert(OngeldigeInvoer, "De ontvangstdatum van het bezwaar (2027-01-22) ligt in de toekomst.",
            controleer_bezwaar_ontvangst, date(2027, 1, 22), date(2027, 1, 21), date(2027, 1, 20))
    weigert(OngeldigeInvoer, "Het bezwaar (2027-01-19) is ontvangen vóór de beschikking bestond (besluit 2027-01-20).",
            controleer_bezwaar_ontvangst, date(2027, 1, 19), date(2027, 1, 21), date(2027, 1, 20))


def test_een_bezwaar_tegelijk_per_beschikking() -> None:
    controleer_nieuw_bezwaar(REF, f"MR-{REF}-1", lopend=False)
    weigert(TransitionRefused, f"{REF}: er loopt al een bezwaar tegen MR-{REF}-1; leg een tweede bezwaarschrift bij "
            "dat bezwaar (aanvulling), niet als nieuw bezwaar.", controleer_nieuw_bezwaar, REF, f"MR-{REF}-1",
            lopend=True)


def test_verdagen_eenmaal_en_binnen_de_termijn() -> None:
    controleer_verdagen("ontvangen", date(2027, 4, 14), date(2027, 4, 14), REF)
    weigert(TransitionRefused, f"{REF}: de beslissing op bezwaar is al eens verdaagd; de Awb (7:10 lid 3) staat één "
            "verdaging toe.", controleer_verdagen, VERDAAGD, date(2027, 5, 26), date(2027, 4, 20), REF)
    weigert(TransitionRefused, f"{REF}: de beslistermijn is al verstreken (2027-04-14); verdagen moet binnen de "
            "termijn.", controleer_verdagen, "ontvangen", date(2027, 4, 14), date(2027, 4, 15), REF)


# -- inkeer -------------------------------------------------------------------------------------
MAANDEN = [{"maand": "2027-02", "percentage": 100}, {"maand": "2027-03", "percentage": 100}]


def _inkeer(ontvangen_op: date, vandaag: date = date(2027, 2, 10), **kw: object) -> None:
    waarden: dict[str, object] = {"besluit_datum": date(2027, 1, 21), "type_": "M100", "status": "actief",
                                  "kortingsmaanden": MAANDEN, "lopend": False, **kw}
    controleer_verzoek_om_herziening(REF, ontvangen_op, vandaag, **waarden)  # type: ignore[arg-type]


def test_verzoek_om_herziening() -> None:
    _inkeer(date(2027, 2, 10))
    weigert(OngeldigeInvoer, "De ontvangstdatum van het verzoek (2027-02-11) ligt in de toekomst.", _inkeer,
            date(2027, 2, 11), besluit_datum=None)
    weigert(TransitionRefused, f"{REF}: er is nog geen beschikking over een maatregel; een verzoek om herziening kan "
            "niet.", _inkeer, date(2027, 2, 10), besluit_datum=None)
    weigert(TransitionRefused, f"{REF}: er is geen lopende verlaging om te herzien (M100, herroepen).", _inkeer,
            date(2027, 2, 10), status="herroepen")
    weigert(OngeldigeInvoer, "Het verzoek (2027-01-20) ligt vóór de beschikking (2027-01-21).", _inkeer,
            date(2027, 1, 20))
    weigert(TransitionRefused, f"{REF}: de verlaging loopt af vóór 2027-04; er valt niets te herzien.", _inkeer,
            date(2027, 3, 5), vandaag=date(2027, 3, 5))
    weigert(TransitionRefused, f"{REF}: verzoek om herziening (inkeer) loopt al.", _inkeer, date(2027, 2, 10),
            lopend=True)


def test_a_summary_with_a_reduced_month_is_not_masked_as_a_bsn() -> None:
    """"2028-02 100%" is nine digits with only a dash and a space between: the one BSN rule masks it in a run's
    message (found by a trial: "bezwaar tot en met 2028-02-22; *********%"). The summary writes "2028-02: 100%"."""
    from domain.maatregel.stappen import HEROVERWEGEN
    from domain.stap import klaar

    r = {"referentie": "IJW-2026-000001", "uitkomst": "handhaven",
         "kortingsmaanden": [{"maand": "2028-02", "percentage": 100}, {"maand": "2028-03", "percentage": 100}]}
    tekst = klaar("maatregel heroverwegen", HEROVERWEGEN.samenvatting(r), r).tekst
    assert "2028-02: 100%, 2028-03: 100%" in tekst and "*" not in tekst
