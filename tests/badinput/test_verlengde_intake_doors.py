"""The doors of the verlengde intake (CLI and Prefect forms): refused with one Dutch line (or a 409
before a run exists), nothing written.

A command checks its input model (formats, limits, choices) and starts the step; every check on the case is the
step's guard, inside the run (the flow in this process, on the session's Prefect test server)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.badinput.test_catalogue import assert_unchanged, gemeente, inhoud, seed, world  # noqa: F401 (fixtures)

T = ["--toelichting", "Korte toelichting"]
CASES = [
    ("start-referentie-is-bsn", ["start", "999900006"], "trajectnummer"),
    ("start-afgesloten-traject", ["start", "{ref_dicht}"], "afgesloten"),
    ("start-onbekend-traject", ["start", "IJW-2026-999999"], "Onbekend traject"),
    ("start-door-bsn", ["start", "{ref_open}", "--door", "999900006"], "negen cijfers"),
    ("start-voor-uitkeringsbesluit", ["start", "{ref_open}"], "start pas na het uitkeringsbesluit"),
    ("onderzoek-zonder-verlengde-intake", ["onderzoek", "{ref_open}", "--soort", "melba"], "geen verlengde intake"),
    ("onderzoek-soort-onbekend", ["onderzoek", "{ref_open}", "--soort", "iq-test"], "--soort"),
    ("advies-onbekend", ["advies", "{ref_open}", "--advies", "misschien", *T], "--advies"),
    ("advies-traject-zonder-fase", ["advies", "{ref_open}", "--advies", "traject", *T], "noemt de fase"),
    ("advies-fase-bij-ander-advies", ["advies", "{ref_open}", "--advies", "beschut-werk", "--fase", "werk-vinden", *T],
     "hoort alleen bij advies 'traject'"),
    ("advies-fase-onbekend", ["advies", "{ref_open}", "--advies", "traject", "--fase", "fase-7", *T], "--fase"),
    ("advies-toelichting-te-kort", ["advies", "{ref_open}", "--advies", "medisch-onderzoek", "--toelichting", "ok"],
     "--toelichting"),
    ("advies-zonder-verlengde-intake", ["advies", "{ref_open}", "--advies", "medisch-onderzoek", *T],
     "geen verlengde intake"),
    ("besluit-onbekend", ["besluit", "{ref_open}", "--besluit", "misschien", *T], "--besluit"),
    ("besluit-toelichting-regeleinde", ["besluit", "{ref_open}", "--besluit", "volgen", "--toelichting", "Twee\nregels"],
     "--toelichting: bevat stuurtekens"),
    ("besluit-zonder-verlengde-intake", ["besluit", "{ref_open}", "--besluit", "volgen", *T], "geen verlengde intake"),
]

# With a verlengde intake running on the open case (started before the snapshot).
LOPEND = [
    ("start-tweede-keer", ["start", "{ref_open}"], "loopt al"),
    ("onderzoek-na-advies-datum", ["onderzoek", "{ref_open}", "--soort", "abc", "--uiterlijk", "{na_2_jaar}"],
     "voor het onderzoek ligt na de adviesdatum"),
    ("onderzoek-in-verleden", ["onderzoek", "{ref_open}", "--soort", "abc", "--uiterlijk", "2020-01-01"],
     "De datum 2020-01-01 voor het onderzoek moet na vandaag liggen"),
    ("onderzoek-datum-bestaat-niet", ["onderzoek", "{ref_open}", "--soort", "abc", "--uiterlijk", "2027-02-30"],
     "--uiterlijk: 2027-02-30 is geen geldige datum"),
    ("besluit-voor-advies", ["besluit", "{ref_open}", "--besluit", "volgen", *T],
     "besluiten kan pas na het advies van AD&A"),
    ("advies-anders-zonder-afwijken", ["advies", "{ref_open}", "--advies", "traject", *T], "noemt de fase"),
]


def _invoke(world: dict[str, Any], args: list[str], msg: str) -> None:  # noqa: F811
    from werkpad.cli import app

    voor, sim_voor = inhoud(world["url"]), gemeente(world["sim"])
    r = CliRunner().invoke(app, ["verlengde-intake", *(a.format(**world["ids"]) if "{" in a else a for a in args)])
    regels = r.output.strip().splitlines()
    assert r.exit_code == 1 and len(regels) == 1 and regels[0].startswith("Fout: ") and msg in regels[0], r.output
    assert_unchanged(world, voor, sim_voor)


@pytest.fixture()
def stapdeur(world: dict[str, Any], prefect: None, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    """A step's command runs its flow in this process (WERKPAD_STAPPEN_IN_PROCES) on the session's Prefect test
    server, on the world's store: its guard refuses inside the run."""
    import werkpad.deur as deur

    monkeypatch.setattr(deur, "require_prefect", lambda s: None)


@pytest.mark.parametrize(("args", "msg"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_verlengde_intake_refuses(world: dict[str, Any], stapdeur: None, args: list[str],  # noqa: F811
                                  msg: str) -> None:
    _invoke(world, args, msg)


@pytest.mark.parametrize(("args", "msg"), [c[1:] for c in LOPEND], ids=[c[0] for c in LOPEND])
def test_verlengde_intake_refuses_while_running(world: dict[str, Any], stapdeur: None, args: list[str],  # noqa: F811
                                                msg: str) -> None:
    from casestore import repo
    from casestore.db import session
    from tasks.verlengde_intake import start

    with session(world["rt"].engine) as s:  # setup: as if the gemeente granted the uitkering (route verlengde intake)
        t = repo.get_traject(s, referentie=world["ids"]["ref_open"])
        t.status = "verlengde_intake"
        s.add(t)
        s.commit()
    start(world["rt"], referentie=world["ids"]["ref_open"], nu=datetime.now(UTC), actor="werkcoach")
    _invoke(world, args, msg)


def test_a_second_advies_is_refused_inside_the_step(world: dict[str, Any], stapdeur: None) -> None:  # noqa: F811
    from casestore import repo
    from casestore.db import session
    from domain.verlengde_intake import Advies
    from tasks.verlengde_intake import leg_advies_vast, start

    ref = world["ids"]["ref_open"]
    with session(world["rt"].engine) as s:
        t = repo.get_traject(s, referentie=ref)
        t.status = "verlengde_intake"
        s.add(t)
        s.commit()
    start(world["rt"], referentie=ref, nu=datetime.now(UTC), actor="werkcoach")
    leg_advies_vast(world["rt"], referentie=ref, advies=Advies.medisch_onderzoek, fase=None,
                    toelichting="Eerst medisch onderzoek", nu=datetime.now(UTC), actor="ada")
    _invoke(world, ["advies", "{ref_open}", "--advies", "hulpverlening", *T],
            f"{ref}: het advies van AD&A is al vastgelegd.")


REF = "IJW-2026-000001"
BSN_IN_FORMULIER = "999900006"
TOEL = {"toelichting": "Korte toelichting"}
FORMULIER: list[tuple[str, str, dict[str, Any], str]] = [
    ("starten-bsn-als-referentie", "verlengde-intake-starten", {"referentie": BSN_IN_FORMULIER}, "does not match"),
    ("starten-verschoven-klok", "verlengde-intake-starten", {"referentie": REF, "nu": "9999-12-31T00:00:00"},
     "Additional properties"),
    ("starten-door-bsn", "verlengde-intake-starten", {"referentie": REF, "door": BSN_IN_FORMULIER}, "does not match"),
    ("onderzoek-soort-onbekend", "verlengde-intake-onderzoek", {"referentie": REF, "soort": "iq-test"},
     "is not one of"),
    ("onderzoek-uiterlijk-geen-datum", "verlengde-intake-onderzoek",
     {"referentie": REF, "soort": "melba", "uiterlijk": "volgende week"}, "does not match"),
    ("advies-onbekend", "verlengde-intake-advies", {"referentie": REF, "advies": "misschien", **TOEL}, "is not one of"),
    ("advies-fase-onbekend", "verlengde-intake-advies", {"referentie": REF, "advies": "traject", "fase": "fase-7", **TOEL},
     "is not one of"),
    ("advies-toelichting-regeleinde", "verlengde-intake-advies",
     {"referentie": REF, "advies": "medisch-onderzoek", "toelichting": "Twee\nregels"}, "does not match"),
    ("besluit-onbekend", "verlengde-intake-besluit", {"referentie": REF, "besluit": "misschien", **TOEL},
     "is not one of"),
    ("besluit-anders-onbekend", "verlengde-intake-besluit",
     {"referentie": REF, "besluit": "afwijken", "anders": "ergens-heen", **TOEL}, "is not one of"),
    ("advies-verlopen-bsn", "verlengde-intake-advies-verlopen", {"referentie": BSN_IN_FORMULIER}, "does not match"),
    ("advies-toelichting-met-bsn", "verlengde-intake-advies",
     {"referentie": REF, "advies": "medisch-onderzoek", "toelichting": f"Zie BSN {BSN_IN_FORMULIER}"}, "does not match"),
]


@pytest.fixture(scope="module")
def formulieren(prefect: None) -> dict[str, Any]:
    from deployments.serve import deployments

    return {d.flow_name: d.apply() for d in deployments() if d.flow_name.startswith("verlengde-intake")}


@pytest.mark.parametrize(("flow", "params", "msg"), [c[1:] for c in FORMULIER], ids=[c[0] for c in FORMULIER])
def test_verlengde_intake_form_refused_by_the_server(world: dict[str, Any], formulieren: dict[str, Any],  # noqa: F811
                                                    flow: str, params: dict[str, Any], msg: str) -> None:
    from prefect import get_client
    from prefect.exceptions import PrefectHTTPStatusError

    voor, sim_voor = inhoud(world["url"]), gemeente(world["sim"])
    with get_client(sync_client=True) as c:
        runs_voor = c.count_flow_runs()
        with pytest.raises(PrefectHTTPStatusError) as exc:
            c.create_flow_run_from_deployment(formulieren[flow], parameters=params)
        assert exc.value.response.status_code == 409 and msg in exc.value.response.text
        assert c.count_flow_runs() == runs_voor
    assert_unchanged(world, voor, sim_voor)


def test_forms_offer_only_valid_choices(formulieren: dict[str, Any]) -> None:
    from prefect import get_client

    with get_client(sync_client=True) as c:
        schema = c.read_deployment(formulieren["verlengde-intake-besluit"]).parameter_openapi_schema
        defs = schema.get("definitions") or schema.get("$defs")
        assert defs["Besluit"]["enum"] == ["volgen", "afwijken"] and len(defs["Advies"]["enum"]) == 6
        assert len(defs["Fase"]["enum"]) == 6 and "nu" not in schema["properties"]
        onderzoek = c.read_deployment(formulieren["verlengde-intake-onderzoek"]).parameter_openapi_schema
        assert "melba" in (onderzoek.get("definitions") or onderzoek.get("$defs"))["Onderzoek"]["enum"]
        for dep_id in formulieren.values():  # no personal data field in any of the forms
            props = c.read_deployment(dep_id).parameter_openapi_schema["properties"]
            assert not {"bsn", "naam", "geboortedatum"} & set(props)
