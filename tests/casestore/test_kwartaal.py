"""The quarterly tables intakes-maatregelen and beschikkingen, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from typer.testing import CliRunner

from casestore.db import session
from casestore.kwartaal import beschikkingen, intakes_maatregelen
from casestore.models import AuditEvent
from domain.rapport import Periode
from tests.casestore.test_maatregel_rapport import _maatregel, _trajecten
from tests.conftest import at


def _intake(engine: Any, traject_id: int, gemeente: str, op: datetime) -> None:
    with session(engine) as s:
        s.add(AuditEvent(traject_id=traject_id, op=op, actor="test", soort="brede_intake",
                         omschrijving="Brede intake afgerond", proces="brede_intake", gemeente=gemeente,
                         gebeurtenis="brede_intake.afgerond"))
        s.commit()


def _data(engine: Any) -> None:
    ids = _trajecten(engine)
    for g, t, d, st in [
        ("velsen", "M1M10", date(2027, 1, 1), "actief"),
        ("velsen", "AFZIEN", date(2027, 3, 31), "actief"),
        ("heemskerk", "MGEMATIGD", date(2027, 2, 1), "herzien"),
        ("velsen", "M2M10", date(2027, 4, 1), "actief"),  # after the period
        ("beverwijk", "M1M10", None, "ingetrokken"),
    ]:
        _maatregel(engine, ids, g, t, d, st)
    _intake(engine, ids["velsen"][0], "velsen", at("2027-01-01T00:00"))
    _intake(engine, ids["beverwijk"][0], "beverwijk", at("2027-03-31T23:59"))
    _intake(engine, ids["beverwijk"][0], "beverwijk", at("2027-04-01T00:00"))  # after
    _intake(engine, ids["heemskerk"][0], "heemskerk", at("2026-12-31T23:59"))  # before


def test_tables(engine: Any) -> None:
    _data(engine)
    p = Periode.parse("2027Q1")
    with session(engine) as s:
        im, b = intakes_maatregelen(s, p), beschikkingen(s, p)
    assert im.als_csv() == ("Intakes en maatregelen 2027Q1,Beverwijk,Heemskerk,Velsen,Totaal\n"
                            "Aantal afgeronde intakes,1,0,1,2\nAantal maatregelen,0,1,2,3\n")
    assert b.kolommen == ["Heemskerk", "Velsen", "Totaal"]
    assert dict(b.rijen) == {
        "Beschikking afzien maatregel": [0, 1, 1], "Beschikking maatregel 100%": [0, 0, 0],
        "Beschikking maatregel 1 maand 10%": [0, 1, 1], "Beschikking maatregel 1 maand 20%": [0, 0, 0],
        "Beschikking maatregel 2 maanden 10%": [0, 0, 0], "Beschikking maatregel 2 maanden 20%": [0, 0, 0],
        "Beschikking gematigde maatregel": [1, 0, 1], "Totaal": [1, 2, 3]}
    assert [label for label, _ in b.rijen][-1] == "Totaal"
    with session(engine) as s:
        q2 = intakes_maatregelen(s, Periode.parse("2027Q2"))
    assert q2.als_csv() == ("Intakes en maatregelen 2027Q2,Beverwijk,Velsen,Totaal\n"
                            "Aantal afgeronde intakes,1,0,1\nAantal maatregelen,0,1,1\n")


def test_cli(rt: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import werkpad.cli_rapport as m
    from werkpad.cli import app

    monkeypatch.setattr(m, "runtime", lambda: rt)
    _data(rt.engine)
    r = CliRunner().invoke(app, ["rapport", "--periode", "2027Q1", "--tabel", "beschikkingen", "--formaat", "csv"])
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[0] == "Beschikkingen 2027Q1,Heemskerk,Velsen,Totaal"
    assert r.stdout.splitlines()[-1] == "Totaal,1,2,3"
    r = CliRunner().invoke(app, ["rapport", "--periode", "2027Q1", "--tabel", "fasen"])
    assert r.exit_code == 1 and "nog niet gebouwd" in r.output
    r = CliRunner().invoke(app, ["rapport", "--periode", "2027Q9", "--tabel", "beschikkingen"])
    assert r.exit_code == 1 and "2023H1" in r.output
