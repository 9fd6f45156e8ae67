"""The historical import's rules (domain/historie.py): every refusal with its line number, and the
events in exactly the live shape."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from domain.errors import UnknownGemeente
from domain.gemeenten import Gemeente, historische_gemeente, parse_gemeente
from domain.historie import (
    KOP,
    ImportGeweigerd,
    Stand,
    al_geimporteerd,
    decodeer,
    lees,
)
from domain.historie_plan import plan, stand_uit
from domain.rapport import rapportvelden

VANDAAG = date(2026, 11, 24)


def csv(*rijen: str, kop: str = KOP) -> str:
    return "\n".join([kop, *rijen]) + "\n"


def gebeurtenissen(tekst: str, bestaand: dict[str, Stand] | None = None, live: set[str] | None = None
                   ) -> list[dict[str, Any]]:
    return list(plan(lees(tekst, vandaag=VANDAAG), bestaand=bestaand or {}, live=live or set()))


def geweigerd(tekst: str, bestaand: dict[str, Stand] | None = None, live: set[str] | None = None) -> dict[int, str]:
    with pytest.raises(ImportGeweigerd) as e:
        gebeurtenissen(tekst, bestaand, live)
    return dict(e.value.fouten)


TRAJECT = [
    "H-1,velsen,2020-01-06,aanmelding,",
    "H-1,velsen,2020-01-20,intake_afgerond,positief",
    "H-1,velsen,2020-02-01,fase,Kennismaking",
    "H-1,velsen,2020-03-01,fase,Ontwikkeling door werkervaring",
    "H-1,velsen,2020-04-01,parttime_werk,",
    "H-1,velsen,2020-04-15,maatregel_beschikking,1m10%",
    "H-1,velsen,2020-05-01,uitstroom,passende_plek",
]


def test_a_traject_becomes_events_in_the_live_shape() -> None:
    p = plan(lees(csv(*TRAJECT), vandaag=VANDAAG), bestaand={}, live=set())
    es = list(p)
    assert len(p) == len(es) == 8 and list(p) == es  # built lazily, the same each time
    assert [(e["gebeurtenis"], e["waarde"], e["fase"]) for e in es] == [
        ("traject.aangemeld", None, None),
        ("brede_intake.afgerond", "positief", None),
        ("traject.fase", "kennismaking", None),
        ("traject.fase", "ontwikkeling-werkervaring", "kennismaking"),
        ("traject.deels_uitgestroomd", None, "ontwikkeling-werkervaring"),
        ("maatregelonderzoek.beschikt", "M1M10", None),
        ("traject.fase", None, "ontwikkeling-werkervaring"),  # uitstroom: out of the fase…
        ("traject.uitstroom", "passende-plek", "ontwikkeling-werkervaring"),  # …and the outcome
    ]
    for e in es:
        # the report columns follow from the data exactly as repo.audit derives them for live events
        assert rapportvelden(e["gebeurtenis"], e["data"]) == (e["waarde"], e["fase"]), e
        assert e["proces"] == e["gebeurtenis"].split(".")[0] and e["gemeente"] == "velsen"
        assert e["actor"] == "import" and e["soort"].startswith("import:") and e["traject_id"] is None
        assert e["referentie"] == "H-1" and e["op"].tzinfo is not None
        assert "H-1" not in e["omschrijving"]
    assert es[0]["op"] == datetime(2020, 1, 6, 11, 0, tzinfo=UTC)  # 12:00 in Amsterdam (CET)
    assert es[4]["op"] == datetime(2020, 4, 1, 10, 0, tzinfo=UTC)  # 12:00 in Amsterdam (CEST)
    assert es[0]["datum"] == date(2020, 1, 6)
    assert es[2]["data"] == {"van": None, "naar": "kennismaking", "trede": None}
    assert es[6]["data"] == {"van": "ontwikkeling-werkervaring", "naar": None, "trede": None}
    assert es[7]["data"] == {"uitkomst": "passende-plek", "fase": "ontwikkeling-werkervaring"}
    assert es[5]["data"] == {"type": "M1M10"}


@pytest.mark.parametrize(("waarde", "data"), [
    ("positief", {"advies": "positief", "route": "traject"}),
    ("negatief", {"advies": "negatief", "route": "terug-naar-gemeente"}),
    ("verlengde_intake", {"advies": "positief", "route": "verlengde-intake"}),
])
def test_intake_data_is_what_the_live_step_writes(waarde: str, data: dict[str, str]) -> None:
    (e,) = gebeurtenissen(csv(f"H-1,heemskerk,2021-01-04,intake_afgerond,{waarde.upper()}"))
    assert e["data"] == data and e["waarde"] == waarde and rapportvelden(e["gebeurtenis"], e["data"])[0] == waarde


@pytest.mark.parametrize(("getypt", "opgeslagen"), [
    ("kennismaking", "kennismaking"), ("Werk vinden", "werk-vinden"), ("WERK-HOUDEN", "werk-houden"),
    ("ontwikkeling door werkervaring", "ontwikkeling-werkervaring"), ("persoonlijke_ontwikkeling",
                                                                      "persoonlijke-ontwikkeling"),
    ("ontwikkeling_door_werkervaring", "ontwikkeling-werkervaring"),
    ("Ontwikkeling-door-werkervaring", "ontwikkeling-werkervaring"),
])
def test_fase_spellings(getypt: str, opgeslagen: str) -> None:
    (e,) = gebeurtenissen(csv(f"H-1,velsen,2021-01-04,fase,{getypt}"))
    assert e["waarde"] == opgeslagen and e["fase"] is None


@pytest.mark.parametrize(("getypt", "opgeslagen"), [
    ("afzien", "AFZIEN"), ("100%", "M100"), ("1m20%", "M1M20"), ("2m10%", "M2M10"), ("2M20%", "M2M20"),
    ("gematigd", "MGEMATIGD"),
])
def test_beschikking_spellings(getypt: str, opgeslagen: str) -> None:
    (e,) = gebeurtenissen(csv(f"H-1,velsen,2021-01-04,maatregel_beschikking,{getypt}"))
    assert e["waarde"] == opgeslagen


@pytest.mark.parametrize(("getypt", "opgeslagen"), [
    ("werkaanvaarding", "werkaanvaarding"), ("passende_plek", "passende-plek"),
    ("voortijdig_afgebroken", "voortijdig-afgebroken"), ("maximale_participatie", "maximale-participatie"),
    ("garantiebaan", "garantiebaan"), ("nbw", "nbw-dienstverband"), ("terugmelding_gemeente", "terugmelding-gemeente"),
])
def test_uitstroom_spellings_and_no_fase_event_without_a_fase(getypt: str, opgeslagen: str) -> None:
    (e,) = gebeurtenissen(csv(f"H-1,velsen,2021-01-04,uitstroom,{getypt}"))
    assert (e["gebeurtenis"], e["waarde"], e["fase"]) == ("traject.uitstroom", opgeslagen, None)


def test_bom_whitespace_crlf_and_blank_lines_are_accepted() -> None:
    tekst = "\ufeff referentie , gemeente,datum,gebeurtenis,waarde \r\n\r\n H-1 , Velsen , 2021-01-04 , Aanmelding , \r\n"
    (e,) = gebeurtenissen(decodeer(tekst.encode("utf-8")))
    assert (e["referentie"], e["gemeente"], e["gebeurtenis"]) == ("H-1", "velsen", "traject.aangemeld")


@pytest.mark.parametrize(("tekst", "melding"), [
    ("", "leeg"),
    ("   \n", "leeg"),
    (KOP + "\n", "alleen de kopregel"),
    ("referentie;gemeente;datum;gebeurtenis;waarde\nH-1;velsen;2021-01-04;aanmelding;\n", "puntkomma"),
    ("ref,gemeente,datum,gebeurtenis,waarde\nH-1,velsen,2021-01-04,aanmelding,\n", KOP),
    ("referentie,gemeente,datum,gebeurtenis\nH-1,velsen,2021-01-04,aanmelding\n", KOP),
    ("H-1,velsen,2021-01-04,aanmelding,\n", KOP),
])
def test_file_level_refusals(tekst: str, melding: str) -> None:
    with pytest.raises(ImportGeweigerd, match=melding):
        lees(tekst, vandaag=VANDAAG)


def test_not_utf8_names_the_line() -> None:
    with pytest.raises(ImportGeweigerd, match=r"geen UTF-8 \(regel 3\)"):
        decodeer((KOP + "\nH-1,velsen,2021-01-04,aanmelding,\nH-2,v\xe9lsen,2021-01-04,aanmelding,\n").encode("latin-1"))


BAD: list[tuple[str, str, str]] = [
    # (id, row, part of the reason)
    ("gebeurtenis-onbekend", "H-9,velsen,2021-01-04,verhuizing,", "onbekende gebeurtenis 'verhuizing'"),
    ("gebeurtenis-leeg", "H-9,velsen,2021-01-04,,", "gebeurtenis ontbreekt"),
    ("gemeente-onbekend", "H-9,haarlem,2021-01-04,aanmelding,", "onbekende gemeente 'haarlem'"),
    ("gemeente-leeg", "H-9,,2021-01-04,aanmelding,", "gemeente ontbreekt"),
    ("uitgeest-na-2021", "H-9,uitgeest,2022-01-01,aanmelding,", "Uitgeest was deelnemende gemeente tot en met 2021-12-31"),
    ("datum-30-februari", "H-9,velsen,2021-02-30,aanmelding,", "datum 2021-02-30 bestaat niet"),
    ("datum-nl-vorm", "H-9,velsen,04-01-2021,aanmelding,", "geen datum JJJJ-MM-DD"),
    ("datum-leeg", "H-9,velsen,,aanmelding,", "datum ontbreekt"),
    ("datum-arabische-cijfers", "H-9,velsen,٢٠٢١-٠١-٠٤,aanmelding,", "geen datum JJJJ-MM-DD"),
    ("datum-toekomst", "H-9,velsen,2026-11-25,aanmelding,", "in de toekomst"),
    ("datum-voor-2000", "H-9,velsen,1999-12-31,aanmelding,", "vóór 2000"),
    ("waarde-bij-aanmelding", "H-9,velsen,2021-01-04,aanmelding,ja",
     "onbekende waarde 'ja' voor aanmelding; kies uit leeg of de leeftijd bij aanmelding: <16, 16/17, 18-49, 50+"),
    ("waarde-bij-parttime", "H-9,velsen,2021-01-04,parttime_werk,50%", "een parttime_werk heeft geen waarde"),
    ("waarde-bij-nbw", "H-9,velsen,2021-01-04,nbw_plaatsing,x", "een nbw_plaatsing heeft geen waarde"),
    ("intake-zonder-waarde", "H-9,velsen,2021-01-04,intake_afgerond,", "waarde ontbreekt; kies uit positief"),
    ("intake-onbekend", "H-9,velsen,2021-01-04,intake_afgerond,misschien", "onbekende waarde 'misschien'"),
    ("beschikking-onbekend", "H-9,velsen,2021-01-04,maatregel_beschikking,50%", "kies uit afzien, 100%"),
    ("fase-onbekend", "H-9,velsen,2021-01-04,fase,stage", "kies uit kennismaking"),
    ("uitstroom-onbekend", "H-9,velsen,2021-01-04,uitstroom,pensioen", "kies uit werkaanvaarding"),
    ("uitstroom-parttime", "H-9,velsen,2021-01-04,uitstroom,parttime_werk", "onbekende waarde"),
    ("te-weinig-velden", "H-9,velsen,2021-01-04,aanmelding", "4 velden, verwacht 5"),
    ("te-veel-velden", "H-9,velsen,2021-01-04,aanmelding,,", "6 velden, verwacht 5"),
    ("referentie-leeg", ",velsen,2021-01-04,aanmelding,", "referentie ontbreekt"),
    ("referentie-bsn", "999900134,velsen,2021-01-04,aanmelding,", "negen cijfers op rij (een BSN?)"),
    ("referentie-met-bsn", "IJW-999900134,velsen,2021-01-04,aanmelding,", "negen cijfers op rij"),
    ("referentie-te-lang", "H" * 41 + ",velsen,2021-01-04,aanmelding,", "te lang (41 tekens); hoogstens 40"),
    ("referentie-html", "<b>H</b>,velsen,2021-01-04,aanmelding,", "alleen letters, cijfers"),
    ("referentie-spatie", "H 1,velsen,2021-01-04,aanmelding,", "alleen letters, cijfers"),
    ("waarde-te-lang", "H-9,velsen,2021-01-04,fase," + "x" * 61, "waarde is te lang (61 tekens)"),
    ("tab-in-veld", "H-9,velsen,2021-01-04,aanmelding,\t", "stuurtekens"),
    ("nul-teken", "H-9,vel\x00sen,2021-01-04,aanmelding,", "stuurtekens"),
    ("regeleinde-in-veld", 'H-9,"vel\nsen",2021-01-04,aanmelding,', "stuurtekens"),
    ("onzichtbaar-teken", "H-9,vel\u200bsen,2021-01-04,aanmelding,", "onzichtbaar teken (U+200B"),
    ("tekstrichting", "H-9,velsen,2021-01-04,aanmelding,\u202e", "onzichtbaar teken (U+202E"),
]


@pytest.mark.parametrize(("rij", "reden"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_row_is_refused_with_its_line_number(rij: str, reden: str) -> None:
    fouten = geweigerd(csv("H-1,velsen,2021-01-04,aanmelding,", rij, "H-2,velsen,2021-01-04,aanmelding,"))
    assert list(fouten) == [3] and reden in fouten[3], fouten


def test_a_bsn_is_never_echoed() -> None:
    fouten = geweigerd(csv("H-1,999900134,2021-01-04,aanmelding,", "H-2,velsen,2021-01-04,fase,x999900134",
                           "999900134,velsen,2021-01-04,aanmelding,", "H-3,velsen,2021-01-04,999-90-0134,"))
    assert list(fouten) == [2, 3, 4, 5]
    assert all("999900134" not in f and "999-90-0134" not in f for f in fouten.values()), fouten


def test_every_bad_line_is_listed_and_nothing_planned() -> None:
    rijen = ["H-1,velsen,2021-01-04,aanmelding,"] + [f"H-{i},velsen,2021-13-01,aanmelding," for i in range(2, 80)]
    with pytest.raises(ImportGeweigerd) as e:
        gebeurtenissen(csv(*rijen))
    assert [n for n, _ in e.value.fouten] == list(range(3, 81))
    assert "78 regels zijn fout" in e.value.samenvatting and "niets geïmporteerd" in e.value.samenvatting
    regels = e.value.regels()
    assert len(regels) == 51 and regels[0].startswith("regel 3: ") and regels[-1] == "en 28 meer"


def test_line_numbers_are_editor_lines_across_blank_lines_and_quoted_fields() -> None:
    tekst = csv("", "H-1,velsen,2021-01-04,aanmelding,", '"H-2","velsen","2021-01-04","aanmelding",""', "",
                "H-3,velsen,2021-01-04,onzin,")
    assert geweigerd(tekst) == {6: "onbekende gebeurtenis 'onzin'; kies uit aanmelding, intake_afgerond, "
                                   "maatregel_beschikking, fase, uitstroom, parttime_werk, nbw_plaatsing, trede, "
                                   "verlengde_intake_start, verlengde_intake_einde"}


def test_a_broken_quote_is_one_bad_line() -> None:
    assert 3 in geweigerd(csv("H-1,velsen,2021-01-04,aanmelding,", 'H-2,"velsen,2021-01-04,aanmelding,'))


def test_events_after_the_closing_uitstroom_are_refused_in_date_order() -> None:
    fouten = geweigerd(csv(
        "H-1,velsen,2021-03-01,fase,werk-vinden",  # 2: after the uitstroom by date, though earlier in the file
        "H-1,velsen,2021-02-01,uitstroom,werkaanvaarding",  # 3
        "H-1,velsen,2021-01-01,fase,kennismaking",  # 4: before it: fine
        "H-1,velsen,2021-02-01,nbw_plaatsing,",  # 5: same day, later in the file: after the uitstroom
        "H-2,velsen,2021-02-01,nbw_plaatsing,",  # 6: same day, earlier in the file: before
        "H-2,velsen,2021-02-01,uitstroom,garantiebaan",  # 7
    ))
    assert fouten == {2: "het traject is al beëindigd (uitstroom op 2021-02-01)",
                      5: "het traject is al beëindigd (uitstroom op 2021-02-01)"}


def test_parttime_keeps_the_traject_open_and_a_second_one_is_refused() -> None:
    es = gebeurtenissen(csv("H-1,velsen,2021-01-01,fase,werk-vinden", "H-1,velsen,2021-02-01,parttime_werk,",
                            "H-1,velsen,2021-03-01,fase,werk-houden"))
    assert [e["gebeurtenis"] for e in es] == ["traject.fase", "traject.deels_uitgestroomd", "traject.fase"]
    fouten = geweigerd(csv("H-1,velsen,2021-01-01,parttime_werk,", "H-1,velsen,2021-02-01,parttime_werk,"))
    assert fouten == {3: "het traject is al deels uitgestroomd (sinds 2021-01-01)"}


def test_the_same_fase_again_is_refused() -> None:
    assert geweigerd(csv("H-1,velsen,2021-01-01,fase,werk-vinden", "H-1,velsen,2021-02-01,fase,Werk vinden")) == {
        3: "het traject staat al in fase 'Werk vinden'"}


def test_duplicate_rows_compare_the_stored_values() -> None:
    fouten = geweigerd(csv("H-1,velsen,2021-01-01,maatregel_beschikking,100%",
                           "H-1,Velsen,2021-01-01,maatregel_beschikking,M100",
                           "H-1,velsen,2021-01-01,maatregel_beschikking,100%"))
    assert fouten == {3: "dubbele regel: dezelfde als regel 2", 4: "dubbele regel: dezelfde als regel 2"}


def test_a_referentie_keeps_its_gemeente() -> None:
    fouten = geweigerd(csv("H-1,velsen,2021-02-01,fase,werk-vinden", "H-1,beverwijk,2021-01-01,aanmelding,"))
    assert fouten == {2: "gemeente Velsen wijkt af van regel 3 (Beverwijk)"}


def test_a_live_traject_is_refused() -> None:
    fouten = geweigerd(csv("IJW-2026-000001,velsen,2021-01-01,aanmelding,", "H-1,velsen,2021-01-01,aanmelding,"),
                       live={"IJW-2026-000001"})
    assert list(fouten) == [2] and "traject in werkpad zelf" in fouten[2]


def test_uitgeest_until_2021() -> None:
    (e,) = gebeurtenissen(csv("H-1,Uitgeest,2021-12-31,aanmelding,"))
    assert e["gemeente"] == "uitgeest"
    assert historische_gemeente("velsen", date(2026, 1, 1)) == "velsen"
    with pytest.raises(UnknownGemeente, match="tot en met 2021-12-31"):
        historische_gemeente("uitgeest", date(2022, 1, 1))


def test_uitgeest_is_no_live_gemeente() -> None:
    assert "uitgeest" not in {g.value for g in Gemeente}
    with pytest.raises(UnknownGemeente, match="^Uitgeest is sinds 2022 geen deelnemende gemeente meer: nieuwe "
                                              "trajecten worden geweigerd.$"):
        parse_gemeente(" Uitgeest ")


# -- continuing the history of an earlier file -------------------------------------------------------

def _stand(*rijen: tuple[str, str | None, date, str | None, str | None]) -> Stand:
    s = stand_uit(rijen)
    assert s is not None
    return s


def test_state_from_stored_events() -> None:
    s = _stand(("velsen", "traject.aangemeld", date(2021, 1, 1), None, None),
               ("velsen", "traject.fase", date(2021, 2, 1), "kennismaking", None),
               ("velsen", "traject.deels_uitgestroomd", date(2021, 3, 1), None, "kennismaking"))
    assert (s.gemeente, s.fase, s.afgesloten, s.deels, s.laatste) == ("velsen", "kennismaking", None,
                                                                      date(2021, 3, 1), date(2021, 3, 1))
    dicht = _stand(("velsen", "traject.fase", date(2021, 2, 1), "kennismaking", None),
                   ("velsen", "traject.fase", date(2021, 4, 1), None, "kennismaking"),
                   ("velsen", "traject.uitstroom", date(2021, 4, 1), "werkaanvaarding", "kennismaking"))
    assert dicht.fase is None and dicht.afgesloten == date(2021, 4, 1)
    assert dicht.rijen == {("velsen", date(2021, 2, 1), "fase", "kennismaking"),
                           ("velsen", date(2021, 4, 1), "uitstroom", "werkaanvaarding")}
    assert stand_uit([]) is None


def test_a_continuation_file_continues_the_fase_and_refuses_what_does_not_fit() -> None:
    s = _stand(("velsen", "traject.aangemeld", date(2021, 1, 1), None, None),
               ("velsen", "traject.fase", date(2021, 2, 1), "kennismaking", None))
    es = gebeurtenissen(csv("H-1,velsen,2021-03-01,fase,werk-vinden", "H-1,velsen,2021-04-01,uitstroom,nbw"),
                        bestaand={"H-1": s})
    assert [(e["gebeurtenis"], e["waarde"], e["fase"]) for e in es] == [
        ("traject.fase", "werk-vinden", "kennismaking"), ("traject.fase", None, "werk-vinden"),
        ("traject.uitstroom", "nbw-dienstverband", "werk-vinden")]
    fouten = geweigerd(csv("H-1,beverwijk,2021-03-01,nbw_plaatsing,",  # 2
                           "H-1,velsen,2021-02-01,fase,kennismaking",  # 3: imported before
                           "H-1,velsen,2021-01-15,nbw_plaatsing,"),  # 4: before the last stored event
                       bestaand={"H-1": s})
    assert fouten == {2: "gemeente Beverwijk wijkt af van de eerder geïmporteerde gebeurtenissen (Velsen)",
                      3: "dubbele regel: al geïmporteerd uit een eerder bestand",
                      4: "datum ligt vóór de laatste eerder geïmporteerde gebeurtenis (2021-02-01); vul de "
                         "geschiedenis alleen aan"}
    dicht = _stand(("velsen", "traject.uitstroom", date(2021, 4, 1), "werkaanvaarding", None))
    assert geweigerd(csv("H-1,velsen,2021-05-01,nbw_plaatsing,"), bestaand={"H-1": dicht}) == {
        2: "het traject is al beëindigd (uitstroom op 2021-04-01)"}


def test_the_reimport_message_names_when() -> None:
    assert al_geimporteerd(datetime(2026, 7, 1, 8, 30, tzinfo=UTC), 3, "oud.csv", 1_000_000) == (
        "dit bestand is al geïmporteerd op 2026-07-01 om 10:30 Nederlandse tijd (import 3, oud.csv, 1.000.000 "
        "regels); er is niets gewijzigd.")


def test_progress_is_reported_while_reading() -> None:
    gezien: list[int] = []
    rijen = [f"H-{i},velsen,2021-01-04,aanmelding," for i in range(25_000)]
    g = lees(csv(*rijen), vandaag=VANDAAG, voortgang=gezien.append)
    assert gezien == [10_000, 20_000, 25_000] and g.aantal == 25_000 and len(g.referenties) == 25_000


def test_referenties_are_one_traject_whatever_their_case() -> None:
    """Trial: 'ijw-2026-000001' passed the live check, and r1 and R1 were two trajecten."""
    fouten = geweigerd(csv("ijw-2026-000001,velsen,2021-01-01,aanmelding,"), live={"IJW-2026-000001"})
    assert list(fouten) == [2] and "traject in werkpad zelf" in fouten[2]
    assert geweigerd(csv("r1,velsen,2021-01-01,fase,werk-vinden", "R1,velsen,2021-02-01,fase,werk-vinden")) == {
        3: "het traject staat al in fase 'Werk vinden'"}
    assert {e["referentie"] for e in gebeurtenissen(csv("h-1,velsen,2021-01-01,aanmelding,"))} == {"H-1"}


def test_a_former_members_traject_must_end_by_the_end_of_its_membership() -> None:
    """Trial: an Uitgeest traject left in a fase stayed in the fasen stock of every period after 2021."""
    fouten = geweigerd(csv("U-1,uitgeest,2021-03-01,fase,werk-vinden", "U-1,uitgeest,2021-01-04,aanmelding,",
                           "U-2,uitgeest,2021-01-04,aanmelding,"))
    assert fouten == {2: "Uitgeest nam deel tot en met 2021-12-31, maar dit traject staat daarna nog in fase "
                         "'Werk vinden'; sluit het uiterlijk 2021-12-31 af met een uitstroom (bijvoorbeeld "
                         "terugmelding_gemeente), anders telt het in elke latere periode mee"}  # U-2 never entered a fase
    assert len(gebeurtenissen(csv("U-1,uitgeest,2021-03-01,fase,werk-vinden",
                                  "U-1,uitgeest,2021-12-31,uitstroom,terugmelding_gemeente"))) == 3
    open_in_store = _stand(("uitgeest", "traject.fase", date(2021, 3, 1), "werk-vinden", None))
    assert len(gebeurtenissen(csv("U-1,uitgeest,2021-12-31,uitstroom,terugmelding_gemeente"),
                              bestaand={"U-1": open_in_store})) == 2  # a continuation file may close it


def test_a_header_from_a_spreadsheet_may_be_capitalised() -> None:
    (e,) = gebeurtenissen(csv("H-1,velsen,2021-01-04,aanmelding,", kop="Referentie,Gemeente,Datum,Gebeurtenis,Waarde"))
    assert e["gebeurtenis"] == "traject.aangemeld"


def test_a_broken_quote_names_no_stray_full_stop() -> None:
    fouten = geweigerd(csv('H-1,velsen,2021-01-04,"aanmelding,'))
    assert fouten[2].startswith("geen geldige CSV-regel (een aanhalingsteken dat niet sluit, of een veld van meer dan ")
