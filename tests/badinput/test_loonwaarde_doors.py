"""The doors of the loonwaardemeting and the doelgroepregister watch (CLI, Prefect forms, the steps
behind the forms): refused with one Dutch line (or a 409 before a run exists), nothing written.

A loonwaarde command checks its input model (formats, limits, choices) and starts the step; every check on
the case is the step's guard, inside the run (the flow in this process, on the session's Prefect test server)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.badinput.test_catalogue import assert_unchanged, gemeente, inhoud, seed, world  # noqa: F401 (fixtures)

BSN_IN_TEKST = "999900006"
W = ["--werkgever", "Bakkerij De Korenbloem"]


def _vandaag() -> date:
    from domain.herinneringen import lokale_datum

    return lokale_datum(datetime.now(UTC))


def _gestart(w: dict[str, Any], route: str = "praktijkroute") -> None:
    from tasks.loonwaarde import start

    start(w["rt"], referentie=w["ids"]["ref_open"], route=route, werkgever="Bakkerij De Korenbloem",  # type: ignore[arg-type]
          nu=datetime.now(UTC), actor="werkcoach")


def _gemeten(w: dict[str, Any], route: str = "praktijkroute") -> None:
    from tasks.loonwaarde import plan_meting

    _gestart(w, route)
    plan_meting(w["rt"], referentie=w["ids"]["ref_open"], deskundige="lwd@ijw.example", op=_vandaag(),
                nu=datetime.now(UTC), actor="wsp")


def _werkgever(w: dict[str, Any], route: str = "praktijkroute") -> None:
    from domain.loonwaarde import Partij
    from tasks.loonwaarde import leg_zienswijze_vast

    _gemeten(w, route)
    leg_zienswijze_vast(w["rt"], referentie=w["ids"]["ref_open"], van=Partij.werkgever, toelichting=None,
                        nu=datetime.now(UTC), actor="lwd")


def _beide(w: dict[str, Any], route: str = "praktijkroute") -> None:
    from domain.loonwaarde import Partij
    from tasks.loonwaarde import leg_zienswijze_vast

    _werkgever(w, route)
    leg_zienswijze_vast(w["rt"], referentie=w["ids"]["ref_open"], van=Partij.werknemer, toelichting=None,
                        nu=datetime.now(UTC), actor="lwd")


def _gemeld(w: dict[str, Any]) -> None:
    from tasks.loonwaarde import leg_rapport_vast

    _beide(w, "regulier")
    leg_rapport_vast(w["rt"], referentie=w["ids"]["ref_open"], loonwaarde=70, rapportdatum=_vandaag(),
                     brief_werkgever=None, nu=datetime.now(UTC), actor="lwd")


def _niets(w: dict[str, Any]) -> None:
    return None


MORGEN = "{morgen}"
VANDAAG = "{vandaag}"
RAPPORT = ["rapport", "{ref_open}", "--rapportdatum", VANDAAG]
CASES: list[tuple[str, Callable[[dict[str, Any]], None], list[str], str]] = [
    ("start-referentie-is-bsn", _niets, ["start", BSN_IN_TEKST, "--route", "praktijkroute", *W], "trajectnummer"),
    ("start-route-onbekend", _niets, ["start", "{ref_open}", "--route", "snelroute", *W], "--route"),
    ("start-afgesloten-traject", _niets, ["start", "{ref_dicht}", "--route", "regulier", *W], "afgesloten"),
    ("start-onbekend-traject", _niets, ["start", "IJW-2026-999999", "--route", "regulier", *W], "Onbekend traject"),
    ("start-werkgever-met-bsn", _niets, ["start", "{ref_open}", "--route", "regulier", "--werkgever",
                                         f"Bakkerij {BSN_IN_TEKST}"], "negen cijfers"),
    ("start-werkgever-regeleinde", _niets, ["start", "{ref_open}", "--route", "regulier", "--werkgever",
                                            "Twee\nregels"], "--werkgever: bevat stuurtekens"),
    ("start-door-bsn", _niets, ["start", "{ref_open}", "--route", "regulier", *W, "--door", BSN_IN_TEKST],
     "negen cijfers"),
    ("meting-zonder-loonwaardemeting", _niets, ["meting", "{ref_open}", "--deskundige", "lwd@ijw.example", "--op",
                                                MORGEN], "er loopt geen loonwaardemeting"),
    ("zienswijze-zonder-loonwaardemeting", _niets, ["zienswijze", "{ref_open}", "--van", "werkgever"],
     "er loopt geen loonwaardemeting"),
    ("rapport-afgesloten-traject", _niets, ["rapport", "{ref_dicht}", "--loonwaarde", "72", "--rapportdatum",
                                            VANDAAG], "afgesloten"),
    ("herbeoordeling-zonder", _niets, ["herbeoordeling", "{ref_open}", "--loonwaarde", "72", "--rapportdatum",
                                       VANDAAG], "er loopt geen loonwaardemeting"),
    ("start-tweede-keer", _gestart, ["start", "{ref_open}", "--route", "regulier", *W], "loopt al"),
    ("meting-in-verleden", _gestart, ["meting", "{ref_open}", "--deskundige", "lwd@ijw.example", "--op",
                                      "2020-01-01"], "verleden"),
    ("meting-geen-datum", _gestart, ["meting", "{ref_open}", "--deskundige", "lwd@ijw.example", "--op",
                                     "volgende week"], "--op"),
    ("meting-deskundige-ongeldig", _gestart, ["meting", "{ref_open}", "--deskundige", "geen-adres", "--op", MORGEN],
     "--deskundige"),
    ("meting-deskundige-bsn", _gestart, ["meting", "{ref_open}", "--deskundige", f"{BSN_IN_TEKST}@ijw.example",
                                         "--op", MORGEN], "negen cijfers"),
    ("zienswijze-voor-meting", _gestart, ["zienswijze", "{ref_open}", "--van", "werkgever"],
     "staat op 'Werkgever benaderen'; een zienswijze vastleggen kan nu niet"),
    ("rapport-voor-meting", _gestart, [*RAPPORT, "--loonwaarde", "72"],
     "staat op 'Werkgever benaderen'; het rapport vastleggen kan nu niet"),
    ("meting-tweede-keer", _gemeten, ["meting", "{ref_open}", "--deskundige", "lwd@ijw.example", "--op", MORGEN],
     "staat op 'Meting gepland'; een meting plannen kan nu niet"),
    ("zienswijze-van-onbekend", _gemeten, ["zienswijze", "{ref_open}", "--van", "buurman"], "--van"),
    ("zienswijze-toelichting-bsn", _gemeten, ["zienswijze", "{ref_open}", "--van", "werkgever", "--toelichting",
                                              f"Zie BSN {BSN_IN_TEKST}"], "negen cijfers"),
    ("rapport-zonder-zienswijzen", _gemeten, [*RAPPORT, "--loonwaarde", "72"], "werkgever, werknemer"),
    ("zienswijze-tweede-keer", _werkgever, ["zienswijze", "{ref_open}", "--van", "werkgever"], "al vastgelegd"),
    ("rapport-na-een-zienswijze", _werkgever, [*RAPPORT, "--loonwaarde", "72", "--brief-werkgever", VANDAAG],
     "nog niet vastgelegd: werknemer"),
    ("rapport-loonwaarde-101", _beide, [*RAPPORT, "--loonwaarde", "101"], "buiten 0 tot en met 100"),
    ("rapport-loonwaarde-min-1", _beide, [*RAPPORT, "--loonwaarde=-1"], "buiten 0 tot en met 100"),
    ("rapport-loonwaarde-72.5", _beide, [*RAPPORT, "--loonwaarde", "72.5"], "geen heel percentage"),
    ("rapport-loonwaarde-abc", _beide, [*RAPPORT, "--loonwaarde", "abc"], "is geen getal"),
    ("rapport-praktijkroute-zonder-brief", _beide, [*RAPPORT, "--loonwaarde", "72"], "--brief-werkgever"),
    ("rapport-brief-in-toekomst", _beide, [*RAPPORT, "--loonwaarde", "72", "--brief-werkgever", MORGEN],
     "in de toekomst"),
    ("rapport-brief-voor-meting", _beide, [*RAPPORT, "--loonwaarde", "72", "--brief-werkgever", "2020-01-01"],
     "vóór de meting"),
    ("rapport-datum-in-toekomst", _beide, ["rapport", "{ref_open}", "--rapportdatum", MORGEN, "--loonwaarde", "100"],
     "in de toekomst"),
    ("rapport-datum-ongeldig", _beide, ["rapport", "{ref_open}", "--rapportdatum", "2026-02-30", "--loonwaarde",
                                        "100"], "--rapportdatum"),
    ("rapport-tweede-keer", _gemeld, [*RAPPORT, "--loonwaarde", "70"],
     "staat op 'Gemeld aan de gemeente (LKS)'; het rapport vastleggen kan nu niet"),
    ("herbeoordeling-niet-na-vorige", _gemeld, ["herbeoordeling", "{ref_open}", "--loonwaarde", "75",
                                                "--rapportdatum", VANDAAG], "na het vorige rapport"),
    ("herbeoordeling-loonwaarde-abc", _gemeld, ["herbeoordeling", "{ref_open}", "--loonwaarde", "veel",
                                                "--rapportdatum", VANDAAG], "is geen getal"),
]


def _invoke(world: dict[str, Any], args: list[str], msg: str) -> None:  # noqa: F811
    from werkpad.cli import app

    voor, sim_voor = inhoud(world["url"]), gemeente(world["sim"])
    r = CliRunner().invoke(app, [a.format(**world["ids"]) if "{" in a else a for a in args])
    regels = r.output.strip().splitlines()
    assert r.exit_code == 1 and len(regels) == 1 and regels[0].startswith("Fout: ") and msg in regels[0], r.output
    assert BSN_IN_TEKST not in regels[0] or "trajectnummer" in regels[0]
    assert_unchanged(world, voor, sim_voor)


@pytest.fixture()
def stapdeur(world: dict[str, Any], prefect: None, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    """A step's command runs its flow in this process (WERKPAD_STAPPEN_IN_PROCES) on the session's Prefect test
    server, on the world's store: its guard refuses inside the run."""
    import werkpad.deur as deur

    monkeypatch.setattr(deur, "require_prefect", lambda s: None)


@pytest.mark.parametrize(("setup", "args", "msg"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_loonwaarde_cli_refuses(world: dict[str, Any], stapdeur: None,  # noqa: F811
                                setup: Callable[[dict[str, Any]], None], args: list[str], msg: str) -> None:
    setup(world)
    _invoke(world, ["loonwaarde", *args], msg)


@pytest.mark.parametrize(("args", "msg"), [
    (["doelgroepregister", "controle", "IJW-2026-999999"], "Onbekend traject"),
    (["doelgroepregister", "controle", "{ref_open}"], "geen registratie doelgroepregister"),
    (["doelgroepregister", "controle", BSN_IN_TEKST], "trajectnummer"),
], ids=["onbekend", "wacht-niet", "bsn"])
def test_doelgroepregister_cli_refuses(prefect: None, world: dict[str, Any], monkeypatch: pytest.MonkeyPatch,  # noqa: F811
                                       args: list[str], msg: str) -> None:
    """The lookup is a step (domain/indicatie_stappen.py): a bad reference is refused by its model, an unknown
    traject or one that waits for nothing by the step itself, inside its run (in-process here)."""
    import werkpad.deur as d

    monkeypatch.setattr(d, "settings", lambda: world["rt"].settings.model_copy(update={"stappen_in_proces": True}))
    monkeypatch.setattr(d, "require_prefect", lambda s: None)
    _invoke(world, args, msg)


# -- values a form lets through (the schema cannot know the case), refused inside the step --------

def _stap(name: str) -> Callable[[dict[str, Any]], object]:
    def run(w: dict[str, Any]) -> object:
        from domain.loonwaarde import Partij
        from tasks import loonwaarde as lw

        ref, nu, vandaag = w["ids"]["ref_open"], datetime.now(UTC), _vandaag()
        return {
            "brief-in-toekomst": lambda: lw.leg_rapport_vast(w["rt"], referentie=ref, loonwaarde=72, rapportdatum=vandaag,
                                                             brief_werkgever=vandaag + timedelta(1), nu=nu, actor="lwd"),
            "brief-voor-meting": lambda: lw.leg_rapport_vast(w["rt"], referentie=ref, loonwaarde=72,
                                                             rapportdatum=vandaag, brief_werkgever=date(2020, 1, 1),
                                                             nu=nu, actor="lwd"),
            "zonder-brief": lambda: lw.leg_rapport_vast(w["rt"], referentie=ref, loonwaarde=72, rapportdatum=vandaag,
                                                        brief_werkgever=None, nu=nu, actor="lwd"),
            "loonwaarde-101": lambda: lw.leg_rapport_vast(w["rt"], referentie=ref, loonwaarde=101,
                                                          rapportdatum=vandaag, brief_werkgever=None, nu=nu,
                                                          actor="lwd"),
            "zienswijze-twee-keer": lambda: lw.leg_zienswijze_vast(w["rt"], referentie=ref, van=Partij.werkgever,
                                                                   toelichting=None, nu=nu, actor="lwd"),
            "gesloten-traject": lambda: lw.start(w["rt"], referentie=w["ids"]["ref_dicht"], route="regulier",  # type: ignore[arg-type]
                                                 werkgever="Bakkerij", nu=nu, actor="werkcoach"),
            "deskundige-bsn": lambda: lw.plan_meting(w["rt"], referentie=ref, deskundige=f"{BSN_IN_TEKST}@ijw.example",
                                                     op=vandaag, nu=nu, actor="wsp"),
        }[name]()
    return run


@pytest.mark.parametrize(("setup", "name", "msg"), [
    (_beide, "brief-in-toekomst", "in de toekomst"), (_beide, "brief-voor-meting", "vóór de meting"),
    (_beide, "zonder-brief", "brief-werkgever"), (_beide, "loonwaarde-101", "buiten 0 tot en met 100"),
    (_beide, "zienswijze-twee-keer", "al vastgelegd"), (_niets, "gesloten-traject", "afgesloten"),
    (_gestart, "deskundige-bsn", "negen cijfers"),
])
def test_loonwaarde_steps_refuse_and_write_nothing(world: dict[str, Any], setup: Callable[[dict[str, Any]], None],  # noqa: F811
                                                   name: str, msg: str) -> None:
    from domain.errors import DomainError

    setup(world)
    voor, sim_voor = inhoud(world["url"]), gemeente(world["sim"])
    with pytest.raises(DomainError, match=msg) as exc:
        _stap(name)(world)
    assert BSN_IN_TEKST not in str(exc.value)
    assert_unchanged(world, voor, sim_voor)


# -- the Prefect forms: refused by the server before a run exists -------------------------------

REF = "IJW-2026-000001"
D = "2026-11-24"
FORMULIER: list[tuple[str, str, dict[str, Any], str]] = [
    ("starten-bsn-als-referentie", "loonwaarde-starten",
     {"referentie": BSN_IN_TEKST, "route": "regulier", "werkgever": "Bakkerij"}, "does not match"),
    ("starten-route-onbekend", "loonwaarde-starten", {"referentie": REF, "route": "snelroute", "werkgever": "Bakkerij"},
     "is not one of"),
    ("starten-werkgever-bsn", "loonwaarde-starten",
     {"referentie": REF, "route": "regulier", "werkgever": f"Bakkerij {BSN_IN_TEKST}"}, "does not match"),
    ("starten-verschoven-klok", "loonwaarde-starten",
     {"referentie": REF, "route": "regulier", "werkgever": "Bakkerij", "nu": "9999-12-31T00:00:00"},
     "Additional properties"),
    ("starten-bsn-veld", "loonwaarde-starten",
     {"referentie": REF, "route": "regulier", "werkgever": "Bakkerij", "bsn": BSN_IN_TEKST}, "Additional properties"),
    ("meting-deskundige-bsn", "loonwaarde-meting",
     {"referentie": REF, "deskundige": f"{BSN_IN_TEKST}@ijw.example", "op": D}, "does not match"),
    ("meting-datum-tekst", "loonwaarde-meting", {"referentie": REF, "deskundige": "lwd@ijw.example", "op": "morgen"},
     "does not match"),
    ("zienswijze-van-onbekend", "loonwaarde-zienswijze", {"referentie": REF, "van": "buurman"}, "is not one of"),
    ("zienswijze-toelichting-bsn", "loonwaarde-zienswijze",
     {"referentie": REF, "van": "werkgever", "toelichting": f"Zie BSN {BSN_IN_TEKST}"}, "does not match"),
    ("rapport-101", "loonwaarde-rapport", {"referentie": REF, "loonwaarde": 101, "rapportdatum": D}, "maximum"),
    ("rapport-min-1", "loonwaarde-rapport", {"referentie": REF, "loonwaarde": -1, "rapportdatum": D}, "minimum"),
    ("rapport-72.5", "loonwaarde-rapport", {"referentie": REF, "loonwaarde": 72.5, "rapportdatum": D},
     "is not of type 'integer'"),
    ("rapport-abc", "loonwaarde-rapport", {"referentie": REF, "loonwaarde": "abc", "rapportdatum": D},
     "is not of type 'integer'"),
    ("rapport-brief-tekst", "loonwaarde-rapport",
     {"referentie": REF, "loonwaarde": 72, "rapportdatum": D, "brief_werkgever": "gisteren"}, "does not match"),
    ("herbeoordeling-101", "loonwaarde-herbeoordeling", {"referentie": REF, "loonwaarde": 101, "rapportdatum": D},
     "maximum"),
    ("controle-bsn", "doelgroepregister-controle", {"referentie": BSN_IN_TEKST}, "does not match"),
]


@pytest.fixture(scope="module")
def formulieren(prefect: None) -> dict[str, Any]:
    from deployments.serve import deployments

    return {d.flow_name: d.apply() for d in deployments()
            if d.flow_name.startswith(("loonwaarde-", "doelgroepregister-"))}


@pytest.mark.parametrize(("flow", "params", "msg"), [c[1:] for c in FORMULIER], ids=[c[0] for c in FORMULIER])
def test_loonwaarde_form_refused_by_the_server(world: dict[str, Any], formulieren: dict[str, Any],  # noqa: F811
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


def test_forms_are_typed_and_hold_no_personal_data(formulieren: dict[str, Any]) -> None:
    from prefect import get_client

    with get_client(sync_client=True) as c:
        start = c.read_deployment(formulieren["loonwaarde-starten"]).parameter_openapi_schema
        defs = start.get("definitions") or start.get("$defs")
        assert defs["Route"]["enum"] == ["regulier", "praktijkroute"]
        assert start["properties"]["referentie"]["pattern"] == r"^IJW-[0-9]{4}-[0-9]{6}$"
        rapport = c.read_deployment(formulieren["loonwaarde-rapport"]).parameter_openapi_schema
        lw = rapport["properties"]["loonwaarde"]
        assert (lw["type"], lw["minimum"], lw["maximum"]) == ("integer", 0, 100)
        ziens = c.read_deployment(formulieren["loonwaarde-zienswijze"]).parameter_openapi_schema
        assert (ziens.get("definitions") or ziens.get("$defs"))["Partij"]["enum"] == ["werkgever", "werknemer"]
        assert len(formulieren) == 6
        for dep_id in formulieren.values():
            schema = c.read_deployment(dep_id).parameter_openapi_schema
            assert not {"bsn", "naam", "geboortedatum", "nu"} & set(schema["properties"])
            assert schema.get("additionalProperties") is False


def test_the_taak_afronden_step_refuses_a_loonwaarde_task_and_names_its_command(world: dict[str, Any]) -> None:  # noqa: F811
    """The form taak-afronden/afronden runs this step: it refuses a task that a loonwaarde step records."""
    from casestore import repo
    from casestore.db import session
    from domain.errors import DomainError
    from domain.loonwaarde import WERKGEVER_TAAK
    from tasks.taken import rond_af

    _gestart(world)
    ref = world["ids"]["ref_open"]
    with session(world["rt"].engine) as s:
        taak = next(k for k in repo.open_taken(s, traject=repo.get_traject(s, referentie=ref))
                    if k.code == WERKGEVER_TAAK)
    voor, sim_voor = inhoud(world["url"]), gemeente(world["sim"])
    with pytest.raises(DomainError, match=r"de stap 'loonwaarde meting' \(in de Prefect UI: loonwaarde-meting/meting\)"):
        rond_af(world["rt"], taak_id=taak.id, nu=datetime.now(UTC), actor="werkcoach")  # type: ignore[arg-type]
    assert_unchanged(world, voor, sim_voor)
