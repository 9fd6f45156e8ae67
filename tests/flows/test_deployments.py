"""Deployments: schedules in Europe/Amsterdam and a typed UI form for the brede-intake outcome."""

from __future__ import annotations

import pytest
from prefect.exceptions import ParameterTypeError
from sqlmodel import select


@pytest.fixture()
def db_url(tmp_path) -> str:  # type: ignore[no-untyped-def]
    return f"sqlite:///{tmp_path / 'werkpad.db'}"


def test_deployments_schedules_and_form(prefect) -> None:  # type: ignore[no-untyped-def]
    from prefect import get_client

    from deployments.serve import deployments

    deps = {d.name: d for d in deployments()}
    # by "flow/deployment": two flows may each have a deployment "werkdagen-elk-uur"
    crons = {f"{d.flow_name}/{d.name}": [(s.schedule.cron, s.schedule.timezone) for s in d.schedules]
             for d in deployments()}
    assert crons["deadline-sweep/elk-kwartier"] == [("*/15 * * * *", "Europe/Amsterdam")]
    assert crons["werkvoorraad/werkdagen-0730"] == [("30 7 * * 1-5", "Europe/Amsterdam")]
    assert crons["uitkering-controle/werkdagen-elk-uur"] == [("5 8-18 * * 1-5", "Europe/Amsterdam")]
    assert crons["indicatie-controle/werkdagen-elk-uur"] == [("15 8-18 * * 1-5", "Europe/Amsterdam")]
    # three times a day on days 1-7 after each quarter; the flow picks the first werkdag (domain/rapportage.py)
    assert crons["kwartaalrapportage/kwartaalrapportage"] == [("0 7,11,15 1-7 1,4,7,10 *", "Europe/Amsterdam")]

    dep_id = deps["uitkomst-vastleggen"].apply()
    with get_client(sync_client=True) as c:
        schema = c.read_deployment(dep_id).parameter_openapi_schema
    props = schema["properties"]
    assert set(props) >= {"referentie", "advies", "route", "plan_van_aanpak", "door"}  # the step's input model
    defs = schema.get("definitions") or schema.get("$defs")
    assert defs["Advies"]["enum"] == ["positief", "negatief"]
    assert "terug-naar-gemeente" in defs["Route"]["enum"]
    actie = defs["Actie"]["properties"]
    assert actie["deadline"]["format"] == "date" and "eigenaar" in actie


def test_taak_afronden_form_and_flow(prefect, rt) -> None:  # type: ignore[no-untyped-def]
    """The deployment form every task mail points at: taak_id (positive) and door."""
    from prefect import get_client

    from casestore.db import session
    from casestore.models import Deadline, Taak
    from deployments.serve import deployments
    from flows.taken import taak_afronden
    from tests.conftest import at, wachtend_traject

    dep_id = next(d for d in deployments() if d.name == "afronden").apply()
    with get_client(sync_client=True) as c:
        props = c.read_deployment(dep_id).parameter_openapi_schema["properties"]
    assert props["taak_id"]["type"] == "integer" and props["taak_id"]["exclusiveMinimum"] == 0
    assert {"taak_id", "door"} <= set(props)

    ref = wachtend_traject(rt, "999900195")
    with session(rt.engine) as s:
        taak = s.exec(select(Taak).where(Taak.status == "open")).first()
    assert taak is not None and taak.id is not None
    res = taak_afronden(taak_id=taak.id, door="wc@ijw.example", nu=at("2026-12-10T10:00"))
    assert {k: res[k] for k in ("taak_id", "referentie", "gemeente", "titel", "gewijzigd", "geweigerd")} == {
        "taak_id": taak.id, "referentie": ref, "gemeente": "velsen", "titel": taak.titel, "gewijzigd": True,
        "geweigerd": False}
    assert res["tekst"] == f"Taak {taak.id} afgerond: {taak.titel}"
    again = taak_afronden(taak_id=taak.id, nu=at("2026-12-10T10:01"))  # a double click
    assert again["gewijzigd"] is False and again["tekst"] == f"Taak {taak.id} was al afgerond: {taak.titel}"
    with session(rt.engine) as s:
        assert s.get(Taak, taak.id).status == "afgerond"  # type: ignore[union-attr]
        assert s.get(Deadline, taak.deadline_id).next_reminder_at is None  # type: ignore[union-attr]
    with pytest.raises(ParameterTypeError):
        taak_afronden(taak_id=0)


def test_kwartaalrapportage_schedule_and_override(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The next runs fall on days 1-7 of Jan/Apr/Jul/Oct at 07:00, 11:00, 15:00 Amsterdam (DST included);
    WERKPAD_CRON__KWARTAALRAPPORTAGE replaces the schedule."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from cronsim import CronSim

    from flows.kwartaalrapportage import CRON, deployments
    from tasks import runtime

    tz = ZoneInfo("Europe/Amsterdam")
    it = CronSim(CRON, datetime(2026, 11, 24, tzinfo=tz))
    runs = [next(it) for _ in range(2 * 7 * 3)]
    assert runs[0] == datetime(2027, 1, 1, 7, 0, tzinfo=tz) and runs[2] == datetime(2027, 1, 1, 15, 0, tzinfo=tz)
    assert runs[21] == datetime(2027, 4, 1, 7, 0, tzinfo=tz)  # summer time: still 07:00 on the wall clock
    assert {r.month for r in runs} == {1, 4} and {r.day for r in runs} == set(range(1, 8))
    assert {r.hour for r in runs} == {7, 11, 15} and {r.minute for r in runs} == {0}

    monkeypatch.setenv("WERKPAD_CRON__KWARTAALRAPPORTAGE", "30 6 1-7 1,4,7,10 *")
    runtime.configure(None)  # forget the settings read before: the next read sees the environment
    try:
        [dep] = deployments()
        assert [(s.schedule.cron, s.schedule.timezone) for s in dep.schedules] == [("30 6 1-7 1,4,7,10 *",
                                                                                     "Europe/Amsterdam")]
    finally:
        runtime.configure(None)
