"""Deployments: schedules in Europe/Amsterdam and a typed UI form for the brede-intake outcome."""

from __future__ import annotations


def test_deployments_schedules_and_form(prefect) -> None:  # type: ignore[no-untyped-def]
    from prefect import get_client

    from deployments.serve import deployments

    deps = {d.name: d for d in deployments()}
    crons = {n: [(s.schedule.cron, s.schedule.timezone) for s in d.schedules] for n, d in deps.items()}
    assert crons["elk-kwartier"] == [("*/15 * * * *", "Europe/Amsterdam")]
    assert crons["werkdagen-0730"] == [("30 7 * * 1-5", "Europe/Amsterdam")]
    assert crons["werkdagen-elk-uur"] == [("5 8-18 * * 1-5", "Europe/Amsterdam")]

    dep_id = deps["uitkomst-vastleggen"].apply()
    with get_client(sync_client=True) as c:
        schema = c.read_deployment(dep_id).parameter_openapi_schema
    props = schema["properties"]
    assert set(props) >= {"referentie", "uitkomst"}
    defs = schema.get("definitions") or schema.get("$defs")
    assert defs["Advies"]["enum"] == ["positief", "negatief"]
    assert "terug-naar-gemeente" in defs["Route"]["enum"]
    actie = defs["Actie"]["properties"]
    assert actie["deadline"]["format"] == "date" and "eigenaar" in actie
