"""The door of the historical import (`werkpad import gebeurtenissen FILE.csv`): bad files refused
with a `Fout:` line (and the bad lines), nothing written — every row of every table compared,
gebeurtenisimport included — no BSN echoed, nothing at the gemeente."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from casestore.db import make_engine
from domain.historie import KOP
from tests.badinput.test_catalogue import (  # noqa: F401 (fixtures)
    BSN_OPEN,
    TABELLEN,
    gemeente,
    seed,
    werkpad,
    world,
)

MET_IMPORT = (*TABELLEN, "gebeurtenisimport")
GOED = "H-1,velsen,2021-01-04,aanmelding,"


def inhoud(url: str) -> dict[str, list[tuple[Any, ...]]]:
    e = make_engine(url)
    try:
        with e.connect() as c:
            return {t: [tuple(r) for r in c.execute(text(f"SELECT * FROM {t} ORDER BY 1"))] for t in MET_IMPORT}
    finally:
        e.dispose()


def csv(*rijen: str) -> str:
    return "\n".join([KOP, *rijen]) + "\n"


# (id, file content — str (formatted with the seeded ids) or bytes, expected part of the output)
CASES: list[tuple[str, str | bytes, str]] = [
    ("referentie-is-live-traject", csv(GOED, "{ref_open},velsen,2021-01-04,aanmelding,"), "regel 3: deze referentie is "
                                                                                          "een traject in werkpad zelf"),
    ("referentie-is-bsn", csv(GOED, f"{BSN_OPEN},velsen,2021-01-04,aanmelding,"), "regel 3: referentie bevat negen"),
    ("bsn-in-gemeente", csv(GOED, f"H-2,{BSN_OPEN},2021-01-04,aanmelding,"), "regel 3: onbekende gemeente '•••••••••'"),
    ("bsn-in-waarde-gegroepeerd", csv(GOED, "H-2,velsen,2021-01-04,fase,999 90 0109"), "regel 3: onbekende waarde '•"),
    ("datum-morgen", csv(GOED, "H-2,velsen,{morgen},aanmelding,"), "regel 3: datum {morgen} ligt in de toekomst"),
    ("datum-1999", csv(GOED, "H-2,velsen,1999-12-31,aanmelding,"), "regel 3: datum 1999-12-31 ligt vóór 2000"),
    ("datum-30-februari", csv(GOED, "H-2,velsen,2021-02-30,aanmelding,"), "regel 3: datum 2021-02-30 bestaat niet"),
    ("uitgeest-2022", csv(GOED, "H-2,uitgeest,2022-01-03,aanmelding,"), "regel 3: Uitgeest was deelnemende gemeente"),
    ("gemeente-onbekend", csv(GOED, "H-2,haarlem,2021-01-04,aanmelding,"), "regel 3: onbekende gemeente 'haarlem'"),
    ("gebeurtenis-onbekend", csv(GOED, "H-2,velsen,2021-01-04,ontslag,"), "regel 3: onbekende gebeurtenis 'ontslag'"),
    ("na-uitstroom", csv("H-2,velsen,2021-01-04,uitstroom,garantiebaan", "H-2,velsen,2021-02-01,fase,werk-vinden"),
     "regel 3: het traject is al beëindigd (uitstroom op 2021-01-04)"),
    ("dubbele-regel", csv(GOED, GOED), "regel 3: dubbele regel: dezelfde als regel 2"),
    ("andere-gemeente", csv(GOED, "H-1,heemskerk,2021-02-01,nbw_plaatsing,"), "regel 3: gemeente Heemskerk wijkt af"),
    ("waarde-bij-aanmelding", csv("H-2,velsen,2021-01-04,aanmelding,ja"), "regel 2: onbekende waarde 'ja' voor aanmelding"),
    ("intake-zonder-waarde", csv("H-2,velsen,2021-01-04,intake_afgerond,"), "regel 2: waarde ontbreekt"),
    ("referentie-html", csv("<script>x</script>,velsen,2021-01-04,aanmelding,"), "regel 2: referentie mag alleen"),
    ("referentie-formule", csv("=HYPERLINK(1),velsen,2021-01-04,aanmelding,"), "regel 2: referentie mag alleen"),
    ("veld-10000-tekens", csv("H-2,velsen,2021-01-04,fase," + "x" * 10_000), "regel 2: waarde is te lang"),
    ("nul-teken", csv("H-2,vel\x00sen,2021-01-04,aanmelding,"), "regel 2: bevat stuurtekens"),
    ("bidi-teken", csv("H-2\u202e,velsen,2021-01-04,aanmelding,"), "regel 2: bevat een onzichtbaar teken (U+202E"),
    ("vier-velden", csv("H-2,velsen,2021-01-04,aanmelding"), "regel 2: 4 velden, verwacht 5"),
    ("open-aanhalingsteken", csv(GOED, 'H-2,"velsen,2021-01-04,aanmelding,'), "regel 3: geen geldige CSV-regel"),
    ("puntkomma", "referentie;gemeente;datum;gebeurtenis;waarde\nH-1;velsen;2021-01-04;aanmelding;\n",
     "lijkt puntkomma-gescheiden"),
    ("andere-kop", "traject,gemeente,datum,soort,waarde\n" + GOED + "\n", f"regel 1 moet de kop '{KOP}' zijn"),
    ("alleen-kop", KOP + "\n", "alleen de kopregel"),
    ("uitgeest-open-in-fase", csv("H-3,uitgeest,2021-03-01,fase,werk-vinden"),
     "regel 2: Uitgeest nam deel tot en met 2021-12-31, maar dit traject staat daarna nog in fase 'Werk vinden'"),
    ("referentie-live-kleine-letters", csv(GOED, "{ref_open_klein},velsen,2021-01-04,aanmelding,"),
     "regel 3: deze referentie is een traject in werkpad zelf"),
    ("leeg", b"", "het bestand is leeg"),
    ("utf16", csv(GOED).encode("utf-16"), "het bestand is geen UTF-8"),
    ("latin1", csv("H-2,v\xe9lsen,2021-01-04,aanmelding,").encode("latin-1"), "geen UTF-8 (regel 2)"),
]


def _schrijf(tmp_path: Path, inhoud_: str | bytes, ids: dict[str, str]) -> str:
    p = tmp_path / "historie.csv"
    if isinstance(inhoud_, bytes):
        p.write_bytes(inhoud_)
    else:
        p.write_text(inhoud_.format(**ids) if "{" in inhoud_ else inhoud_, encoding="utf-8")
    return str(p)


def _geweigerd(w: dict[str, Any], args: list[str], msg: str) -> None:
    voor, sim_voor = inhoud(w["url"]), gemeente(w["sim"])
    code, output = werkpad(args)
    assert code == 1, output
    assert output.startswith("Fout: ") and msg in output, output
    assert "Traceback" not in output and "Usage" not in output and BSN_OPEN not in output
    assert inhoud(w["url"]) == voor  # not a single row or value changed, no gebeurtenisimport row
    assert gemeente(w["sim"]) == sim_voor


@pytest.mark.parametrize(("bestand", "msg"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_import_refuses(world: dict[str, Any], tmp_path: Path, bestand: str | bytes, msg: str) -> None:  # noqa: F811
    ids = {**world["ids"], "ref_open_klein": world["ids"]["ref_open"].lower()}
    _geweigerd(world, ["import", "gebeurtenissen", _schrijf(tmp_path, bestand, ids)], msg.format(**ids))


def test_import_refuses_missing_file_directory_and_a_second_import(world: dict[str, Any],  # noqa: F811
                                                                    tmp_path: Path) -> None:
    _geweigerd(world, ["import", "gebeurtenissen", str(tmp_path / "weg.csv")], "bestaat niet")
    _geweigerd(world, ["import", "gebeurtenissen", str(tmp_path)], "is een map, geen CSV-bestand")
    pad = _schrijf(tmp_path, csv(GOED, "H-1,velsen,2021-02-01,fase,kennismaking"), world["ids"])
    code, output = werkpad(["import", "gebeurtenissen", pad])
    assert code == 0 and "2 gebeurtenissen geïmporteerd uit historie.csv (import 1;" in output, output
    _geweigerd(world, ["import", "gebeurtenissen", pad], "dit bestand is al geïmporteerd op")
    # a continuation that contradicts the first file is refused, also line by line
    vervolg = tmp_path / "vervolg.csv"
    vervolg.write_text(csv("H-1,velsen,2021-03-01,fase,kennismaking", "H-1,velsen,2021-01-01,nbw_plaatsing,"))
    _geweigerd(world, ["import", "gebeurtenissen", str(vervolg)], "regel 2: het traject staat al in fase 'Kennismaking'")
    _geweigerd(world, ["import", "gebeurtenissen", str(vervolg)], "regel 3: datum ligt vóór de laatste eerder")


def _vooruit(dagen: int) -> str:
    from datetime import datetime, timedelta

    from domain.herinneringen import TZ

    return (datetime.now(TZ) + timedelta(days=dagen)).strftime("%Y-%m-%dT%H:%M")


# The report's own doors: `werkpad rapport` (read-only) and `kwartaalrapportage verstuur` (once-only mail).
RAPPORT_DEUREN: list[tuple[str, list[str], str]] = [
    ("rapport-periode-onbekend", ["rapport", "--periode", "2026Q5", "--tabel", "fasen"], "Onbekende periode"),
    ("rapport-periode-1999", ["rapport", "--periode", "1999", "--tabel", "fasen"], "vóór 2000"),
    ("rapport-periode-bsn", ["rapport", "--periode", BSN_OPEN, "--tabel", "fasen"], "Onbekende periode"),
    ("rapport-periode-niet-begonnen", ["rapport", "--periode", "2099Q1", "--tabel", "fasen"], "nog niet begonnen"),
    ("rapport-tabel-onbekend", ["rapport", "--periode", "2025", "--tabel", "personen"], "Onbekende tabel 'personen'"),
    ("rapport-formaat-onbekend", ["rapport", "--periode", "2025", "--tabel", "fasen", "--formaat", "pdf"],
     "Onbekend formaat 'pdf'"),
    ("verstuur-periode-onbekend", ["kwartaalrapportage", "verstuur", "--periode", "2026H3"], "Onbekende periode"),
    ("verstuur-periode-loopt-nog", ["kwartaalrapportage", "verstuur", "--periode", "2099"], "nog niet afgelopen"),
    ("verstuur-klok-vooruit", ["kwartaalrapportage", "verstuur", "--periode", "2025Q3", "--nu", "{vooruit}"],
     "ligt na de echte tijd"),
    ("import-klok-vooruit", ["import", "gebeurtenissen", "{bestand}", "--nu", "{vooruit}"], "ligt na de echte tijd"),
]


@pytest.mark.parametrize(("args", "msg"), [c[1:] for c in RAPPORT_DEUREN], ids=[c[0] for c in RAPPORT_DEUREN])
def test_report_doors_refuse(world: dict[str, Any], tmp_path: Path, args: list[str], msg: str) -> None:  # noqa: F811
    vul = {"vooruit": _vooruit(2), "bestand": _schrijf(tmp_path, csv(GOED), world["ids"])}
    _geweigerd(world, [a.format(**vul) for a in args], msg)


def test_aanmelden_in_uitgeest_is_refused(world: dict[str, Any]) -> None:  # noqa: F811
    """History only: the former member takes no new cases (one line, nothing written, no zaak)."""
    _geweigerd(world, ["aanmelden", "--gemeente", "Uitgeest", "--bsn", "999900134", "--geboortedatum", "1990-01-01",
                       "--naam", "Nieuwe Persoon", "--werkcoach", "wc@ijw.example"],
               "Fout: Uitgeest is sinds 2022 geen deelnemende gemeente meer: nieuwe trajecten worden geweigerd.")


def test_catalogue_size() -> None:
    ids = [c[0] for c in CASES] + [c[0] for c in RAPPORT_DEUREN]
    assert len(ids) == len(set(ids)) and len(ids) >= 35
