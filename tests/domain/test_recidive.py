"""Issue 20 item 7: recidive per gedraging or per categorie as the verordening says (Pw art. 8 lid 1 onder a,
art. 18 lid 2), the law's ladder of art. 18 lid 5-8 as versioned data, and the versions of 2027-01-01
(Participatiewet in balans: no tegenprestatie)."""

from __future__ import annotations

import tomllib
from datetime import date
from typing import Any

import pytest

from domain.gemeenten import Gemeente
from domain.invoer import OngeldigeInvoer
from domain.maatregel import (
    BeschikkingType,
    EerdereMaatregel,
    RegeltabelFout,
    bepaal_maatregel,
    recidive_groep,
    recidive_stap,
    regeltabel_uit,
)
from tasks.config import WET_FILE, load_maatregelen
from tasks.settings import DEFAULT_MAATREGELEN_FILE

WET = tomllib.loads(WET_FILE.read_text(encoding="utf-8"))["wet"]


def ged(code: str, uitkomsten: list[str], **extra: Any) -> dict[str, Any]:
    return {"code": code, "label": code, "grondslag": f"Verordening art. 9 ({code})", "uitkomsten": uitkomsten,
            **extra}


def tabel(*gedragingen: dict[str, Any], vanaf: date = date(2023, 7, 1), wet: Any = None,
          extra: tuple[dict[str, Any], ...] = (), **versie: Any) -> dict[str, Any]:
    return {"versie": [{"gemeente": g.value, "geldig_vanaf": vanaf, "verordening": "Testverordening",
                        "gedraging": list(gedragingen), **versie} for g in Gemeente] + list(extra),
            "wet": WET if wet is None else wet}


PER_CATEGORIE = tabel(ged("afspraak", ["M1M10", "M2M10", "M2M20"], categorie="1"),
                      ged("uwv", ["M1M10", "M2M10"], categorie="1"),
                      ged("plan", ["M1M20", "M2M20"], categorie="2"),
                      ged("arbeid", ["M100:1", "M100:2", "M100:3"], arbeidsverplichting=True),
                      recidive="categorie")


def eerder(groep: str, op: date = date(2027, 1, 20), stap: int = 1) -> EerdereMaatregel:
    return EerdereMaatregel(besluit_datum=op, groep=groep, recidive_stap=stap)


def test_per_categorie_a_different_gedraging_of_the_same_categorie_is_recidive() -> None:
    v = regeltabel_uit(PER_CATEGORIE).op(Gemeente.velsen, date(2027, 3, 1))
    afspraak, uwv, plan = v.gedraging("afspraak"), v.gedraging("uwv"), v.gedraging("plan")
    assert recidive_groep(afspraak) == recidive_groep(uwv) == "categorie:1" != recidive_groep(plan)
    # a missed appointment in January, then not registered at UWV in March: the second time in categorie 1
    n = recidive_stap(date(2027, 3, 1), recidive_groep(uwv), [eerder(recidive_groep(afspraak))])
    assert n == 2
    assert bepaal_maatregel(v, "uwv", verwijtbaar=True, stap=n).uitkomst.type == BeschikkingType.M2M10
    # categorie 2 is another group: first time
    assert recidive_stap(date(2027, 3, 1), recidive_groep(plan), [eerder(recidive_groep(afspraak))]) == 1
    assert "per categorie (1)" in uwv.recidive_uitleg


def test_per_gedraging_stays_the_default() -> None:
    """Old files (no recidive, no categorie) read as before: recidive per gedraging."""
    data = tabel(ged("afspraak", ["M1M10", "M2M10"]), ged("uwv", ["M1M10", "M2M10"]))
    v = regeltabel_uit(data).op(Gemeente.velsen, date(2027, 3, 1))
    assert v.recidive == "gedraging" and recidive_groep(v.gedraging("uwv")) == "uwv"
    assert recidive_stap(date(2027, 3, 1), "uwv", [eerder("afspraak")]) == 1
    # a gedraging may count per categorie in a version that counts per gedraging, and the other way round
    data = tabel(ged("afspraak", ["M1M10"], categorie="1", recidive="categorie"), ged("uwv", ["M1M10"], categorie="1"))
    v = regeltabel_uit(data).op(Gemeente.velsen, date(2027, 3, 1))
    assert recidive_groep(v.gedraging("afspraak")) == "categorie:1" and recidive_groep(v.gedraging("uwv")) == "uwv"


def test_arbeidsverplichtingen_count_together_whatever_the_verordening_says() -> None:
    """Pw art. 18 lid 6: recidive is "wederom een verplichting als bedoeld in het vierde lid"."""
    v = regeltabel_uit(PER_CATEGORIE).op(Gemeente.velsen, date(2027, 3, 1))
    assert recidive_groep(v.gedraging("arbeid")) == "arbeidsverplichting"
    msg = _fout(tabel(ged("arbeid", ["M100:1", "M100:2", "M100:3"], arbeidsverplichting=True, recidive="gedraging")))
    assert "alle verplichtingen van lid 4 samen" in msg


def test_the_version_of_the_new_verzuim_decides_for_the_earlier_ones() -> None:
    """A verordening that counts per categorie from 2027: an earlier maatregel (per gedraging when it was
    imposed) is grouped by the new version's categorie, so a change of version loses no recidive."""
    oud = tabel(ged("afspraak", ["M1M10", "M2M10"], categorie="1"), ged("uwv", ["M1M10", "M2M10"], categorie="1"))
    nieuw = tabel(ged("afspraak", ["M1M10", "M2M10"], categorie="1"), ged("uwv", ["M1M10", "M2M10"], categorie="1"),
                  vanaf=date(2027, 1, 1), recidive="categorie")
    t = regeltabel_uit({"versie": oud["versie"] + nieuw["versie"], "wet": WET})
    toen, nu = t.op(Gemeente.velsen, date(2026, 10, 1)), t.op(Gemeente.velsen, date(2027, 2, 1))
    opgeslagen = recidive_groep(toen.gedraging("afspraak"))  # what the maatregel row got at its melding
    assert opgeslagen == "afspraak"
    assert nu.recidive_groep_van("afspraak") == "categorie:1" and nu.recidive_groep_van("weg") is None
    groep = nu.recidive_groep_van("afspraak") or opgeslagen
    assert recidive_stap(date(2027, 2, 1), recidive_groep(nu.gedraging("uwv")),
                         [eerder(groep, op=date(2026, 10, 20))]) == 2


@pytest.mark.parametrize(("g", "melding"), [
    (ged("afspraak", ["M1M10"], recidive="categorie"), "noem de categorie"),
    (ged("afspraak", ["M1M10"], recidive="soort"), 'recidive is "gedraging" of "categorie"'),
    (ged("afspraak", ["M1M10"], categroie="1"), "onbekende sleutel 'categroie' (bedoelt u 'categorie'?)"),
])
def test_recidive_settings_refused_with_one_line(g: dict[str, Any], melding: str) -> None:
    assert melding in _fout(tabel(g))
    assert 'recidive is "gedraging" of "categorie"' in _fout(tabel(ged("a", ["M1M10"]), recidive="per_soort"))


def _fout(data: dict[str, Any]) -> str:
    with pytest.raises(RegeltabelFout) as exc:
        regeltabel_uit(data, bron="test.toml")
    assert len(str(exc.value).splitlines()) == 1
    return str(exc.value)


# -- the ladder of art. 18 lid 5-8 is data ---------------------------------------------------------------
def test_the_ladder_comes_from_the_data_with_its_citation() -> None:
    t = load_maatregelen(DEFAULT_MAATREGELEN_FILE)  # werkpad/arbeidsverplichtingen.toml
    v = t.op(Gemeente.velsen, date(2027, 3, 1))
    assert v.ladder is not None and v.ladder.percentage == 100 and (v.ladder.maanden_min, v.ladder.maanden_max) == (1, 3)
    assert [v.ladder.lid(n) for n in (1, 2, 3, 4, 7)] == ["lid 5", "lid 6", "lid 7", "lid 8", "lid 8"]
    grond = bepaal_maatregel(v, "arbeid_niet_aanvaard", verwijtbaar=True, stap=4).grondslagen
    assert "Participatiewet art. 18 lid 4 en lid 8" in grond


def test_a_new_version_of_the_law_is_checked_and_cited_from_its_date() -> None:
    """A (made-up, for the test) text of the law from 2028 with a ladder of two steps: the verordening's
    lid 4 gedraging must fit both texts while its version holds; the citation follows the verzuim's day."""
    nieuw = {"geldig_vanaf": date(2028, 1, 1), "bron": "Testwet", "percentage": 100, "maanden_min": 1,
             "maanden_max": 3, "trede": [{"lid": "lid 5", "omschrijving": "de eerste keer"},
                                         {"lid": "lid 6", "omschrijving": "recidive", "langer": True,
                                          "herhaald": "lid 6a"}]}
    arbeid = ged("arbeid", ["M100:1", "M100:2", "M100:3"], arbeidsverplichting=True)
    msg = _fout(tabel(arbeid, wet=[*WET, nieuw]))
    assert "geef twee treden" in msg  # the 2023 verordening still holds in 2028
    # a verordening version of 2028 with two steps, beside the 2023 one with three: both fit their law
    v2028 = tabel(ged("arbeid", ["M100:1", "M100:3"], arbeidsverplichting=True), vanaf=date(2028, 1, 1))["versie"]
    t = regeltabel_uit(tabel(arbeid, wet=[*WET, nieuw], extra=tuple(v2028)))
    assert t.op(Gemeente.velsen, date(2027, 12, 31)).ladder_grondslag(3) == "Participatiewet art. 18 lid 4 en lid 7"
    assert t.op(Gemeente.velsen, date(2028, 1, 1)).ladder_grondslag(3) == "Participatiewet art. 18 lid 4 en lid 6a"
    # no version of the law at all: a lid 4 gedraging cannot be checked, so it is refused
    assert "geen versie van de wet" in _fout(tabel(arbeid, wet=[]))


# -- Participatiewet in balans: versions of 2027-01-01 ----------------------------------------------------
@pytest.mark.parametrize("gemeente", list(Gemeente))
def test_from_2027_the_tegenprestatie_is_no_gedraging(gemeente: Gemeente) -> None:
    t = load_maatregelen(DEFAULT_MAATREGELEN_FILE)
    assert t.op(gemeente, date(2026, 12, 31)).gedraging("tegenprestatie").categorie == "2"  # verzuim before: old rules
    v = t.op(gemeente, date(2027, 1, 1))
    assert v.geldig_vanaf == date(2027, 1, 1) and "Participatiewet in balans" in v.verordening
    with pytest.raises(OngeldigeInvoer, match="Onbekende gedraging 'tegenprestatie'"):
        v.gedraging("tegenprestatie")
    assert {g.code: g.categorie for g in v.gedragingen.values() if not g.arbeidsverplichting} == {
        "afspraak_niet_nagekomen": "1", "niet_ingeschreven_uwv": "1", "plan_van_aanpak": "2"}
