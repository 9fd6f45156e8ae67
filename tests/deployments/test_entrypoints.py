"""Every deployment serve offers points at a flow that loads from its entrypoint, as the runner loads it for a run
(found in the issue-19 trial: two scheduled deployments of generated flows pointed at flows/_stap.py and crashed
on every run)."""

from __future__ import annotations

import pytest


def test_every_entrypoint_loads_its_flow() -> None:
    from prefect.flows import load_flow_from_entrypoint

    from deployments.serve import deployments

    fout = []
    for d in deployments():
        try:
            flow = load_flow_from_entrypoint(d.entrypoint)
        except Exception as exc:  # noqa: BLE001 - collect every broken one
            fout.append(f"{d.flow_name}/{d.name}: {d.entrypoint}: {exc}")
            continue
        if flow.name != d.flow_name:
            fout.append(f"{d.flow_name}/{d.name}: {d.entrypoint} loads flow {flow.name}")
    assert not fout, "\n".join(fout)


@pytest.mark.parametrize("naam", ["indicatie-controle/werkdagen-elk-uur", "doelgroepregister-controle/werkdagen-0800"])
def test_the_scheduled_steps_point_at_their_process_module(naam: str) -> None:
    from deployments.serve import deployments

    d = next(d for d in deployments() if f"{d.flow_name}/{d.name}" == naam)
    assert d.entrypoint.startswith("flows/") and "_stap" not in d.entrypoint and d.schedules


def test_every_form_is_closed_and_holds_no_personal_data() -> None:
    """Every form serve offers, the new step forms included (deadline-verplaatsen, traject-parttime, the lookups'
    `controle`): no clock, no extra parameters, no field for personal data."""
    from deployments.serve import deployments

    for d in deployments():
        schema = d._parameter_openapi_schema.model_dump()
        naam = f"{d.flow_name}/{d.name}"
        assert schema.get("additionalProperties") is False, naam
        assert not {"nu", "bsn", "naam", "geboortedatum", "adres", "postcode", "woonplaats"} & set(
            schema["properties"]), naam
        if "referentie" in schema["properties"]:
            ref = schema["properties"]["referentie"]
            patroon = ref.get("pattern") or next((a.get("pattern") for a in ref.get("anyOf", []) if a.get("pattern")),
                                                 None)
            assert patroon == r"^IJW-[0-9]{4}-[0-9]{6}$", naam


def test_a_test_stack_keeps_the_clock_in_its_forms(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """WERKPAD_TESTKLOK=1 (test and benchmark stacks, never productie): a run may take the moved clock `nu`, so a
    driver walks cases through weeks of steps on real workers; the form stays closed to anything else."""
    from deployments.serve import deployments
    from tasks import runtime

    monkeypatch.setenv("WERKPAD_TESTKLOK", "1")
    runtime.configure(None)
    try:
        for d in deployments():
            schema = d._parameter_openapi_schema.model_dump()
            assert "nu" in schema["properties"] and schema.get("additionalProperties") is False, d.name
    finally:
        monkeypatch.delenv("WERKPAD_TESTKLOK")
        runtime.configure(None)
