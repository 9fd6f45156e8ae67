"""The doors of the indicatie (CLI and Prefect forms): refused with one Dutch line (or a 409 before a
run exists), nothing written (the process instances included), nothing sent to UWV.

A format, limit or choice is refused by the step's input model before anything starts (no run); a check on the
case (an indicatie running, its state, the twelve months, a letter's date) by the step itself, inside its run
(the generated door runs it in-process here, on the session's Prefect test server), which ends "Geweigerd"."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.badinput.test_catalogue import assert_unchanged, gemeente, inhoud, seed, world  # noqa: F401 (fixtures)

BSN = "999900006"
T = ["--toelichting", "Korte toelichting"]
CASES = [
    ("aanvragen-referentie-is-bsn", ["aanvragen", BSN, "--soort", "banenafspraak"], "trajectnummer"),
    ("aanvragen-soort-onbekend", ["aanvragen", "{ref_open}", "--soort", "wajong"], "--soort"),
    ("aanvragen-afgesloten-traject", ["aanvragen", "{ref_dicht}", "--soort", "banenafspraak"], "afgesloten"),
    ("aanvragen-onbekend-traject", ["aanvragen", "IJW-2026-999999", "--soort", "banenafspraak"], "Onbekend traject"),
    ("aanvragen-omstandigheden-met-bsn", ["aanvragen", "{ref_open}", "--soort", "beschut-werk",
                                         "--omstandigheden-gewijzigd", f"Zie {BSN}"], "negen cijfers"),
    ("aanvragen-omstandigheden-te-kort", ["aanvragen", "{ref_open}", "--soort", "beschut-werk",
                                         "--omstandigheden-gewijzigd", "ok"], "--omstandigheden-gewijzigd: minstens 5"),
    ("aanvragen-door-bsn", ["aanvragen", "{ref_open}", "--soort", "banenafspraak", "--door", BSN], "negen cijfers"),
    ("indienen-zonder-indicatie", ["indienen", "{ref_open}", "--bijlage", "stageverslag"], "er loopt geen indicatie"),
    ("indienen-bijlage-onbekend", ["indienen", "{ref_open}", "--bijlage", "paspoort"], "--bijlage"),
    ("ingediend-geen-datum", ["ingediend", "{ref_open}", "--op", "gisteren"], "--op"),
    ("ontvangen-zonder-indicatie", ["ontvangen", "{ref_open}", "--op", "{vandaag}"], "er loopt geen indicatie"),
    ("beslissing-uitkomst-onbekend", ["beslissing", "{ref_open}", "--uitkomst", "misschien", "--op", "{vandaag}"],
     "--uitkomst"),
    ("beslissing-toelichting-regeleinde", ["beslissing", "{ref_open}", "--uitkomst", "positief", "--op", "{vandaag}",
                                          "--toelichting", "Twee\nregels"], "--toelichting: bevat tekens die hier niet zijn "
                                                                            "toegestaan (zoals een regeleinde, < of >)"),
    ("gemeentebesluit-onbekend", ["gemeentebesluit", "{ref_open}", "--besluit", "misschien", *T], "--besluit"),
    ("gemeentebesluit-toelichting-bsn", ["gemeentebesluit", "{ref_open}", "--besluit", "toekennen", "--toelichting",
                                         f"BSN {BSN}"], "negen cijfers"),
    ("plaatsen-zonder-indicatie", ["plaatsen", "{ref_open}"], "er loopt geen indicatie"),
]

# With an indicatie being prepared on the open case (started before the snapshot).
LOPEND = [
    ("aanvragen-tweede-keer", ["aanvragen", "{ref_open}", "--soort", "banenafspraak"], "loopt al"),
    ("ingediend-voor-indienen", ["ingediend", "{ref_open}", "--op", "{vandaag}"], "staat op 'Voorbereiden'"),
    ("ontvangen-voor-indienen", ["ontvangen", "{ref_open}", "--op", "{vandaag}"], "staat op 'Voorbereiden'"),
    ("beslissing-voor-ontvangst", ["beslissing", "{ref_open}", "--uitkomst", "positief", "--op", "{vandaag}"],
     "leg eerst de ontvangst vast"),
    ("gemeentebesluit-zonder-advies", ["gemeentebesluit", "{ref_open}", "--besluit", "toekennen", *T], "kan nu niet"),
    ("plaatsen-zonder-wachtlijst", ["plaatsen", "{ref_open}"], "kan nu niet"),
]


@pytest.fixture()
def stappen(prefect: None, world: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:  # noqa: F811
    """The generated doors on the world's store, running the step in-process on the Prefect test server."""
    import werkpad.deur as d

    monkeypatch.setattr(d, "settings", lambda: world["rt"].settings.model_copy(update={"stappen_in_proces": True}))
    monkeypatch.setattr(d, "require_prefect", lambda s: None)
    return world


def _invoke(world: dict[str, Any], args: list[str], msg: str) -> None:  # noqa: F811
    from werkpad.cli import app

    voor, sim_voor = inhoud(world["url"]), gemeente(world["sim"])
    r = CliRunner().invoke(app, ["indicatie", *(a.format(**world["ids"]) if "{" in a else a for a in args)])
    regels = r.output.strip().splitlines()
    assert r.exit_code == 1 and len(regels) == 1 and regels[0].startswith("Fout: ") and msg in regels[0], r.output
    assert_unchanged(world, voor, sim_voor)


@pytest.mark.parametrize(("args", "msg"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_indicatie_refuses(stappen: dict[str, Any], args: list[str], msg: str) -> None:
    _invoke(stappen, args, msg)


@pytest.mark.parametrize(("args", "msg"), [c[1:] for c in LOPEND], ids=[c[0] for c in LOPEND])
def test_indicatie_refuses_while_running(stappen: dict[str, Any], args: list[str], msg: str) -> None:
    from domain.indicatie import Soort
    from tasks.indicatie import aanvragen

    aanvragen(stappen["rt"], referentie=stappen["ids"]["ref_open"], soort=Soort.banenafspraak,
              omstandigheden_gewijzigd=None, nu=datetime.now(UTC), actor="werkcoach")
    _invoke(stappen, args, msg)


def test_twelve_months_after_a_negative_advies_beschut_werk_refused_by_the_step(
        stappen: dict[str, Any], world: dict[str, Any]) -> None:  # noqa: F811
    """A negative advies beschut werk today: a new aanvraag is refused by the step with the date it is
    possible again, nothing written; a BSN typed as --door is refused by the door's model first."""
    from casestore import repo
    from casestore.db import session
    from domain.herinneringen import lokale_datum
    from domain.indicatie import Soort, Uitkomst
    from tasks.indicatie import aanvragen, beslist, na_indienen

    rt, ref, nu = world["rt"], world["ids"]["ref_open"], datetime.now(UTC)
    aanvragen(rt, referentie=ref, soort=Soort.beschut_werk, omstandigheden_gewijzigd=None, nu=nu, actor="werkcoach")
    with session(rt.engine) as s:  # walked to a negative advies through the process's own steps
        from domain.indicatie import IN_TE_DIENEN, INDICATIE

        t = repo.get_traject(s, referentie=ref)
        stap = repo.get_stap(s, traject=t, proces=INDICATIE)
        repo.overgang(s, traject=t, stap=stap, proces=INDICATIE, naar=IN_TE_DIENEN, nu=nu, actor="test", omschrijving="")
        na_indienen(rt, s, t, stap, uwv_id=None, ingediend_op=lokale_datum(nu), ontvangen_op=lokale_datum(nu),
                    kanaal="handmatig", nu=nu, actor="test")
        beslist(rt, s, t, stap, uitkomst=Uitkomst.negatief, op=lokale_datum(nu), toelichting="", nu=nu, actor="test")
        s.commit()
        tot = stap.data["blokkade_tot"]
    _invoke(world, ["aanvragen", "{ref_open}", "--soort", "beschut-werk"], f"pas vanaf {tot}")
    _invoke(world, ["aanvragen", "{ref_open}", "--soort", "beschut-werk", "--door", BSN], "negen cijfers")


REF = "IJW-2026-000001"
TOEL = {"toelichting": "Korte toelichting"}
FORMULIER: list[tuple[str, str, dict[str, Any], str]] = [
    ("aanvragen-bsn-als-referentie", "indicatie-aanvragen", {"referentie": BSN, "soort": "banenafspraak"},
     "does not match"),
    ("aanvragen-soort-onbekend", "indicatie-aanvragen", {"referentie": REF, "soort": "wajong"}, "is not one of"),
    ("aanvragen-verschoven-klok", "indicatie-aanvragen", {"referentie": REF, "soort": "banenafspraak",
                                                          "nu": "9999-12-31T00:00:00"}, "Additional properties"),
    ("aanvragen-omstandigheden-met-bsn", "indicatie-aanvragen",
     {"referentie": REF, "soort": "beschut-werk", "omstandigheden_gewijzigd": f"Zie {BSN}"}, "does not match"),
    ("aanvragen-door-bsn", "indicatie-aanvragen", {"referentie": REF, "soort": "banenafspraak", "door": BSN},
     "does not match"),
    ("indienen-bijlage-onbekend", "indicatie-indienen", {"referentie": REF, "bijlagen": ["paspoort"]}, "is not one of"),
    ("indienen-zonder-bijlagen", "indicatie-indienen", {"referentie": REF, "bijlagen": []}, "bijlagen"),
    ("ingediend-geen-datum", "indicatie-ingediend", {"referentie": REF, "op": "gisteren"}, "does not match"),
    ("ontvangen-geen-datum", "indicatie-ontvangen", {"referentie": REF, "op": "volgende week"}, "does not match"),
    ("beslissing-uitkomst-onbekend", "indicatie-beslissing", {"referentie": REF, "uitkomst": "misschien",
                                                             "op": "2026-11-01"}, "is not one of"),
    ("beslissing-toelichting-met-bsn", "indicatie-beslissing",
     {"referentie": REF, "uitkomst": "positief", "op": "2026-11-01", "toelichting": f"Zie {BSN}"}, "does not match"),
    ("gemeentebesluit-onbekend", "indicatie-gemeentebesluit", {"referentie": REF, "besluit": "misschien", **TOEL},
     "is not one of"),
    ("gemeentebesluit-toelichting-regeleinde", "indicatie-gemeentebesluit",
     {"referentie": REF, "besluit": "toekennen", "toelichting": "Twee\nregels"}, "does not match"),
    ("plaatsen-bsn", "indicatie-plaatsen", {"referentie": BSN}, "does not match"),
    ("termijn-verlopen-bsn", "indicatie-termijn-verlopen", {"referentie": BSN}, "does not match"),
    ("controle-verschoven-klok", "indicatie-controle", {"nu": "9999-12-31T00:00:00"}, "Additional properties"),
]


@pytest.fixture(scope="module")
def formulieren(prefect: None) -> dict[str, Any]:
    from deployments.serve import deployments

    return {d.flow_name: d.apply() for d in deployments() if d.flow_name.startswith("indicatie")}


@pytest.mark.parametrize(("flow", "params", "msg"), [c[1:] for c in FORMULIER], ids=[c[0] for c in FORMULIER])
def test_indicatie_form_refused_by_the_server(world: dict[str, Any], formulieren: dict[str, Any],  # noqa: F811
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
        schema = c.read_deployment(formulieren["indicatie-aanvragen"]).parameter_openapi_schema
        defs = schema.get("definitions") or schema.get("$defs")
        assert defs["Soort"]["enum"] == ["banenafspraak", "beschut-werk"] and "nu" not in schema["properties"]
        assert schema["properties"]["referentie"]["pattern"] == r"^IJW-[0-9]{4}-[0-9]{6}$"
        indienen = c.read_deployment(formulieren["indicatie-indienen"]).parameter_openapi_schema
        assert "stageverslag" in (indienen.get("definitions") or indienen.get("$defs"))["BijlageSoort"]["enum"]
        besluit = c.read_deployment(formulieren["indicatie-gemeentebesluit"]).parameter_openapi_schema
        assert (besluit.get("definitions") or besluit.get("$defs"))["GemeenteBesluit"]["enum"] == ["toekennen",
                                                                                                   "afwijzen"]
        for dep_id in formulieren.values():  # no personal data field in any of the forms
            props = c.read_deployment(dep_id).parameter_openapi_schema["properties"]
            assert not {"bsn", "naam", "geboortedatum"} & set(props)
    assert len(formulieren) == 9


def test_uwv_dates_in_the_wrong_order_are_one_line(stappen: dict[str, Any], world: dict[str, Any]) -> None:  # noqa: F811
    """Found in a fresh-clone trial: a receipt before the submission (or a decision before the
    receipt) was refused inside the run with tracebacks; now the step's refusal is one line, nothing written."""
    from datetime import timedelta

    from casestore import repo
    from casestore.db import session
    from domain.indicatie import INDICATIE, Soort
    from tasks.indicatie import aanvragen

    rt, ref, nu = world["rt"], world["ids"]["ref_open"], datetime.now(UTC)
    aanvragen(rt, referentie=ref, soort=Soort.banenafspraak, omstandigheden_gewijzigd=None, nu=nu, actor="werkcoach")
    with session(rt.engine) as s:  # setup: submitted today (whatever the channel)
        t = repo.get_traject(s, referentie=ref)
        stap = repo.get_stap(s, traject=t, proces=INDICATIE)
        for naar in ("in_te_dienen", "ingediend"):
            repo.overgang(s, traject=t, stap=stap, proces=INDICATIE, naar=naar, nu=nu, actor="test", omschrijving="setup")
        repo.set_stap_data(s, stap=stap, ingediend_op=nu.date().isoformat())
        s.commit()
    gisteren = (nu.date() - timedelta(days=1)).isoformat()
    _invoke(world, ["ontvangen", ref, "--op", gisteren], f"de ontvangst {gisteren} ligt vóór het indienen")
    _invoke(world, ["beslissing", ref, "--uitkomst", "positief", "--op", gisteren], "de indicatie staat op")


def test_a_letter_date_in_the_future_or_over_a_year_back_is_refused_by_the_step(stappen: dict[str, Any]) -> None:
    """Manual channel, the form to be sent: the date of indienen may not lie in the future nor more than a
    year back (the rule the CLI used to check before the run; now the step's, for every door)."""
    from datetime import timedelta

    from casestore import repo
    from casestore.db import session
    from domain.herinneringen import lokale_datum
    from domain.indicatie import IN_TE_DIENEN, INDICATIE, Soort
    from tasks.indicatie import aanvragen

    rt, ref, nu = stappen["rt"], stappen["ids"]["ref_open"], datetime.now(UTC)
    aanvragen(rt, referentie=ref, soort=Soort.banenafspraak, omstandigheden_gewijzigd=None, nu=nu, actor="werkcoach")
    with session(rt.engine) as s:  # setup: the manual channel's task to send the form
        t = repo.get_traject(s, referentie=ref)
        stap = repo.get_stap(s, traject=t, proces=INDICATIE)
        repo.overgang(s, traject=t, stap=stap, proces=INDICATIE, naar=IN_TE_DIENEN, nu=nu, actor="test",
                      omschrijving="setup")
        repo.set_stap_data(s, stap=stap, kanaal="handmatig")
        s.commit()
    vandaag = lokale_datum(nu)
    morgen, te_oud = (vandaag + timedelta(days=1)).isoformat(), (vandaag - timedelta(days=367)).isoformat()
    _invoke(stappen, ["ingediend", ref, "--op", morgen], f"De datum van indienen {morgen} ligt in de toekomst.")
    _invoke(stappen, ["ingediend", ref, "--op", te_oud], f"De datum van indienen {te_oud} ligt te ver terug")
    _invoke(stappen, ["ingediend", ref, "--op", "2100-01-01"], "ligt in de toekomst")


def test_dates_before_the_aanvraag_are_refused_with_both_dates(stappen: dict[str, Any]) -> None:
    """Issue 20 (25): `ingediend --op` and `ontvangen --op` before the aanvraag (made ready today; the aanmelding
    was today too) used to be accepted, starting UWV's term in the past; refused by the step, nothing written.
    The ontvangst is checked against the aanvraag itself, also where UWV's link gave an earlier date of indienen."""
    from datetime import timedelta

    from casestore import repo
    from casestore.db import session
    from domain.herinneringen import lokale_datum
    from domain.indicatie import IN_TE_DIENEN, INDICATIE, INGEDIEND, Soort
    from tasks.indicatie import aanvragen

    rt, ref, nu = stappen["rt"], stappen["ids"]["ref_open"], datetime.now(UTC)
    vandaag = lokale_datum(nu)
    gisteren, eergisteren = (vandaag - timedelta(days=1)).isoformat(), (vandaag - timedelta(days=2)).isoformat()
    aanvragen(rt, referentie=ref, soort=Soort.banenafspraak, omstandigheden_gewijzigd=None, nu=nu, actor="werkcoach")
    with session(rt.engine) as s:  # setup: the manual channel's task to send the form, the aanvraag ready today
        t = repo.get_traject(s, referentie=ref)
        stap = repo.get_stap(s, traject=t, proces=INDICATIE)
        repo.overgang(s, traject=t, stap=stap, proces=INDICATIE, naar=IN_TE_DIENEN, nu=nu, actor="test",
                      omschrijving="setup")
        repo.set_stap_data(s, stap=stap, kanaal="handmatig", klaar_op=vandaag.isoformat())
        s.commit()
    _invoke(stappen, ["ingediend", ref, "--op", gisteren],
            f"de datum van indienen {gisteren} ligt vóór de aanvraag van {vandaag.isoformat()} (klaar voor UWV)")
    with session(rt.engine) as s:  # setup: UWV's link reported the aanvraag as submitted the day before yesterday
        t = repo.get_traject(s, referentie=ref)
        stap = repo.get_stap(s, traject=t, proces=INDICATIE)
        repo.overgang(s, traject=t, stap=stap, proces=INDICATIE, naar=INGEDIEND, nu=nu, actor="test",
                      omschrijving="setup")
        repo.set_stap_data(s, stap=stap, kanaal="http", ingediend_op=eergisteren)
        s.commit()
    _invoke(stappen, ["ontvangen", ref, "--op", gisteren],
            f"de ontvangstdatum {gisteren} ligt vóór de aanvraag van {vandaag.isoformat()}")
