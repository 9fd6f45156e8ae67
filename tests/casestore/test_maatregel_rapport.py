"""maatregelen_per_gemeente: onderzoeken afgerond, opgelegd, afgezien and the gemeente × type matrix
per period (by besluit_datum, [van, tot)), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from casestore import repo
from casestore.db import session
from casestore.models import Maatregel, ProcesStap
from casestore.reports import maatregelen_per_gemeente
from domain.invoer import OngeldigeInvoer
from domain.maatregel import BeschikkingType
from tests.conftest import at

BSNS = {"velsen": "999905016", "beverwijk": "999905028", "heemskerk": "999905041"}


def _trajecten(engine: Any) -> dict[str, tuple[int, int]]:
    out = {}
    with session(engine) as s:
        for g, bsn in BSNS.items():
            t = repo.registreer_aanmelding(s, bsn=bsn, naam="Rapport Persoon", geboortedatum=date(1990, 1, 1),
                                           gemeente=g, werkcoach_email="wc@ijw.example",
                                           nu=at("2026-09-01T09:00"), actor="test")
            assert t.id is not None
            out[g] = (t.id, t.deelnemer_id)
        s.commit()
    return out


def _maatregel(engine: Any, ids: dict[str, tuple[int, int]], gemeente: str, type: str | None,
               besluit: date | None, status: str = "actief") -> None:
    traject_id, deelnemer_id = ids[gemeente]
    nu = at("2026-09-02T09:00")
    with session(engine) as s:
        stap = ProcesStap(traject_id=traject_id, proces="maatregelonderzoek", status="beschikt" if besluit else "horen",
                          data={}, geopend_op=nu)
        s.add(stap)
        s.flush()
        assert stap.id is not None
        s.add(Maatregel(traject_id=traject_id, deelnemer_id=deelnemer_id, proces_stap_id=stap.id, gemeente=gemeente,
                        gedraging="afspraak_niet_nagekomen", verzuim_op=date(2026, 9, 1), feiten="Niet verschenen",
                        gemeld_op=nu, gemeld_door="wc@ijw.example", type=type, besluit_datum=besluit, status=status,
                        aangemaakt_op=nu, gewijzigd_op=nu))
        s.commit()


def test_counts_per_gemeente_and_type(engine) -> None:  # type: ignore[no-untyped-def]
    ids = _trajecten(engine)
    q1 = (date(2027, 1, 1), date(2027, 4, 1))
    for g, t, d, st in [
        ("velsen", "M1M10", date(2027, 1, 1), "actief"),  # the first day counts
        ("velsen", "AFZIEN", date(2027, 2, 15), "actief"),
        ("velsen", "AFZIEN", date(2027, 3, 31), "actief"),  # the last day counts
        ("velsen", "M100", date(2027, 3, 2), "herroepen"),  # undone in bezwaar later: still afgerond
        ("heemskerk", "MGEMATIGD", date(2027, 2, 1), "herzien"),
        ("heemskerk", "M2M20", date(2027, 2, 2), "actief"),
        ("velsen", "M2M10", date(2027, 4, 1), "actief"),  # 'tot' is not in the period
        ("velsen", "M1M20", date(2026, 12, 31), "actief"),  # before
        ("beverwijk", None, None, "actief"),  # still running: not afgerond
        ("beverwijk", "M1M10", None, "ingetrokken"),  # never decided
    ]:
        _maatregel(engine, ids, g, t, d, st)
    with session(engine) as s:
        r = maatregelen_per_gemeente(s, *q1)
    assert (r["van"], r["tot"]) == ("2027-01-01", "2027-04-01")
    assert set(r["gemeenten"]) == {"velsen", "beverwijk", "heemskerk"}
    v, b, h = (r["gemeenten"][g] for g in ("velsen", "beverwijk", "heemskerk"))
    assert (v["onderzoeken_afgerond"], v["opgelegd"], v["afgezien"], v["herroepen"]) == (4, 2, 2, 1)
    assert v["per_type"] == {"AFZIEN": 2, "M100": 1, "M1M10": 1, "M1M20": 0, "M2M10": 0, "M2M20": 0, "MGEMATIGD": 0}
    assert (h["onderzoeken_afgerond"], h["opgelegd"], h["afgezien"]) == (2, 2, 0)
    assert h["per_type"]["MGEMATIGD"] == 1 and h["per_type"]["M2M20"] == 1
    assert b == {"onderzoeken_afgerond": 0, "opgelegd": 0, "afgezien": 0, "herroepen": 0,
                 "per_type": {t.value: 0 for t in BeschikkingType}}
    assert r["totaal"]["onderzoeken_afgerond"] == 6 and r["totaal"]["opgelegd"] == 4 and r["totaal"]["afgezien"] == 2
    assert r["totaal"]["per_type"]["AFZIEN"] == 2
    for d in (v, h, r["totaal"]):  # the matrix adds up
        assert sum(d["per_type"].values()) == d["onderzoeken_afgerond"] == d["opgelegd"] + d["afgezien"]
    with session(engine) as s:
        q2 = maatregelen_per_gemeente(s, date(2027, 4, 1), date(2027, 7, 1))
        assert q2["gemeenten"]["velsen"]["per_type"]["M2M10"] == 1 and q2["totaal"]["onderzoeken_afgerond"] == 1
        jaar = maatregelen_per_gemeente(s, date(2026, 1, 1), date(2028, 1, 1))
        assert jaar["totaal"]["onderzoeken_afgerond"] == 8


def test_empty_period_refused(engine) -> None:  # type: ignore[no-untyped-def]
    with session(engine) as s:
        with pytest.raises(OngeldigeInvoer, match="De periode is leeg"):
            maatregelen_per_gemeente(s, date(2027, 4, 1), date(2027, 4, 1))
        leeg = maatregelen_per_gemeente(s, date(2027, 1, 1), date(2027, 4, 1))
        assert leeg["totaal"]["onderzoeken_afgerond"] == 0 and len(leeg["gemeenten"]) == 3
