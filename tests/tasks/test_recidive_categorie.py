"""Issue 20 item 7 through the steps: a verordening that counts recidive per categorie makes a second verzuim of
another gedraging in the same categorie the second time (the table's second step), and the version in force on
the day of the new verzuim groups the earlier maatregel (a switch from per gedraging to per categorie loses no
recidive). Real steps, real case store."""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.maatregel import BeschikkingType, regeltabel_uit
from tasks.config import load_ladders
from tests.tasks.test_maatregel import beschikt, gehoord, gemeld, lopend, maatregelen, tot_beschikking, voorgesteld


def _versie(vanaf: date, recidive: str) -> list[dict[str, Any]]:
    return [{"gemeente": g, "geldig_vanaf": vanaf, "verordening": f"Testverordening {vanaf.year}", "recidive": recidive,
             "gedraging": [
                 {"code": "afspraak_niet_nagekomen", "label": "Afspraak", "grondslag": "Testverordening art. 9 (cat. 1)",
                  "categorie": "1", "uitkomsten": ["M1M10", "M2M10", "M2M20"]},
                 {"code": "niet_ingeschreven_uwv", "label": "UWV", "grondslag": "Testverordening art. 9 (cat. 1)",
                  "categorie": "1", "uitkomsten": ["M1M10", "M2M20"]},
                 {"code": "plan_van_aanpak", "label": "Plan", "grondslag": "Testverordening art. 9 (cat. 2)",
                  "categorie": "2", "uitkomsten": ["M1M20", "M2M20"]}]}
            for g in ("velsen", "beverwijk", "heemskerk")]


def _tweede(rt: Any, ref: str, gedraging: str) -> dict[str, Any]:
    gemeld(rt, ref, gedraging=gedraging, dag="2027-02-08", verzuim_op=date(2027, 2, 5))
    gehoord(rt, ref, dag="2027-02-09", gesprek="2027-02-15T10:00")
    return voorgesteld(rt, ref, dag="2027-02-16")


def test_recidive_per_categorie_through_the_steps(rt, sim) -> None:  # type: ignore[no-untyped-def]
    rt.maatregelen = regeltabel_uit({"versie": _versie(date(2023, 7, 1), "categorie")}, wet=load_ladders())
    ref = lopend(rt, sim)
    tot_beschikking(rt, ref, "M1M10")  # afspraak_niet_nagekomen, categorie 1, beschikt 2027-01-27
    v = _tweede(rt, ref, "niet_ingeschreven_uwv")  # another gedraging of categorie 1, within twelve months
    assert (v["recidive_stap"], v["type"]) == (2, BeschikkingType.M2M20.value)
    # invited Tue 9-2-2027: ten werkdagen to react (10-2 … 23-2, no feestdag between), so approving waits for
    # Wed 24-2 (Awb 4:8)
    beschikt(rt, ref, "M2M20", dag="2027-02-24")
    assert [(m.recidive_groep, m.recidive_stap) for m in maatregelen(rt, ref)] == [("categorie:1", 1), ("categorie:1", 2)]


def test_another_categorie_is_no_recidive(rt, sim) -> None:  # type: ignore[no-untyped-def]
    rt.maatregelen = regeltabel_uit({"versie": _versie(date(2023, 7, 1), "categorie")}, wet=load_ladders())
    ref = lopend(rt, sim)
    tot_beschikking(rt, ref, "M1M10")
    v = _tweede(rt, ref, "plan_van_aanpak")  # categorie 2
    assert (v["recidive_stap"], v["type"]) == (1, BeschikkingType.M1M20.value)


def test_per_gedraging_a_different_gedraging_is_the_first_time(rt, sim) -> None:  # type: ignore[no-untyped-def]
    """What werkpad did before, and still does where the verordening counts per gedraging."""
    rt.maatregelen = regeltabel_uit({"versie": _versie(date(2023, 7, 1), "gedraging")}, wet=load_ladders())
    ref = lopend(rt, sim)
    tot_beschikking(rt, ref, "M1M10")
    v = _tweede(rt, ref, "niet_ingeschreven_uwv")
    assert (v["recidive_stap"], v["type"]) == (1, BeschikkingType.M1M10.value)


def test_the_version_of_the_new_verzuim_groups_the_earlier_maatregel(rt, sim) -> None:  # type: ignore[no-untyped-def]
    """Per gedraging until 2027-02-01, per categorie from then on: the January maatregel (stored in the group of
    its own gedraging) counts for a February verzuim of another gedraging of its categorie."""
    rt.maatregelen = regeltabel_uit({"versie": _versie(date(2023, 7, 1), "gedraging")
                                     + _versie(date(2027, 2, 1), "categorie")}, wet=load_ladders())
    ref = lopend(rt, sim)
    tot_beschikking(rt, ref, "M1M10")
    assert maatregelen(rt, ref)[0].recidive_groep == "afspraak_niet_nagekomen"
    v = _tweede(rt, ref, "niet_ingeschreven_uwv")
    assert v["recidive_stap"] == 2
