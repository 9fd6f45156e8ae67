"""The doors of the re-integratietraject (CLI `werkpad traject …`): refused with one Dutch line,
nothing written, nothing at the gemeente. Bad input (formats, limits, choices) is refused by the step's input
model before a run exists; a check on the case's state by the step itself, inside its run (in this process, on
the session's Prefect test server), which ends Completed as "Geweigerd"."""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from tests.badinput.test_catalogue import (  # noqa: F401 (fixtures)
    BSN_IN_FORMULIER,
    REF,
    assert_unchanged,
    deployment_ids,
    gemeente,
    inhoud,
    seed,
    world,
)

R = "Klaar om te solliciteren"


@pytest.fixture()
def stappen(world: dict[str, Any], prefect: None, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:  # noqa: F811
    """The step doors (werkpad/deur.py) run their flow in this process, on the world's store and the session's
    Prefect test server."""
    import werkpad.deur as d

    monkeypatch.setattr(d, "settings", lambda: world["rt"].settings)
    monkeypatch.setattr(d, "require_prefect", lambda s: None)
    return world

CASES = [
    ("fase-bestaat-niet", ["fase", "{ref_open}", "--fase", "stage", "--reden", R], "'stage' is onbekend; kies uit kennismaking"),
    ("fase-trede-7", ["fase", "{ref_wacht}", "--fase", "werk-vinden", "--trede", "7", "--reden", R],
     "treden 1 tot en met 6"),
    ("fase-trede-0", ["fase", "{ref_wacht}", "--fase", "werk-vinden", "--trede", "0", "--reden", R],
     "treden 1 tot en met 6"),
    ("fase-reden-met-bsn", ["fase", "{ref_wacht}", "--fase", "werk-vinden", "--reden", "BSN 999900006 klaar"],
     "negen cijfers"),
    ("fase-reden-te-kort", ["fase", "{ref_wacht}", "--fase", "werk-vinden", "--reden", "ok"], "--reden"),
    ("fase-reden-met-regeleinde", ["fase", "{ref_wacht}", "--fase", "werk-vinden", "--reden", "Twee\nregels"],
     "regeleinde"),
    ("fase-jobcoach-geen-adres", ["fase", "{ref_wacht}", "--fase", "werk-houden", "--reden", R, "--jobcoach", "jan"],
     "--jobcoach"),
    ("fase-afgesloten-traject", ["fase", "{ref_dicht}", "--fase", "werk-vinden", "--reden", R], "afgesloten"),
    ("fase-voor-het-uitkeringsbesluit", ["fase", "{ref_wacht}", "--fase", "werk-vinden", "--reden", R],
     "pas als het re-integratietraject is gestart"),
    ("fase-tijdens-brede-intake", ["fase", "{ref_open}", "--fase", "kennismaking", "--reden", R],
     "pas als het re-integratietraject is gestart"),
    ("fase-onbekend-traject", ["fase", "IJW-2026-999999", "--fase", "werk-vinden", "--reden", R], "Onbekend traject"),
    ("fase-referentie-is-bsn", ["fase", "999900006", "--fase", "werk-vinden", "--reden", R], "trajectnummer"),
    ("vangnet-afgesloten-traject", ["vangnet", "{ref_dicht}", "--fase", "werk-vinden"], "afgesloten"),
    ("vangnet-fase-bestaat-niet", ["vangnet", "{ref_wacht}", "--fase", "ontslag"], "is onbekend; kies uit"),
    ("uitstroom-onbekende-uitkomst", ["uitstroom", "{ref_wacht}", "--uitkomst", "pensioen", "--reden", R],
     "is onbekend; kies uit werkaanvaarding"),
    ("uitstroom-afgesloten-traject", ["uitstroom", "{ref_dicht}", "--uitkomst", "werkaanvaarding", "--reden", R],
     "al afgesloten"),
    ("uitstroom-voor-het-traject", ["uitstroom", "{ref_wacht}", "--uitkomst", "werkaanvaarding", "--reden", R],
     "re-integratietraject loopt"),
    ("uitstroom-reden-met-bsn", ["uitstroom", "{ref_wacht}", "--uitkomst", "garantiebaan", "--reden", "x999900006x"],
     "negen cijfers"),
    ("parttime-afgesloten-traject", ["parttime", "{ref_dicht}"], "al afgesloten"),
    ("parttime-onbekend-traject", ["parttime", "IJW-2026-999999"], "Onbekend traject"),
    # issue 20 item 20: ending a nazorg that does not run (also on a closed traject)
    ("nazorg-beeindigen-zonder-nazorg", ["nazorg-beeindigen", "{ref_wacht}", "--reden", R],
     "er loopt geen nazorg van een jobcoach"),
    ("nazorg-beeindigen-gesloten-zonder-nazorg", ["nazorg-beeindigen", "{ref_dicht}", "--reden", R],
     "er loopt geen nazorg van een jobcoach"),
    ("nazorg-beeindigen-reden-met-bsn", ["nazorg-beeindigen", "{ref_wacht}", "--reden", "x999900006x"],
     "negen cijfers"),
]


@pytest.mark.parametrize(("args", "msg"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_traject_refuses(stappen: dict[str, Any], args: list[str], msg: str) -> None:
    from werkpad.cli import app

    w = stappen
    voor, sim_voor = inhoud(w["url"]), gemeente(w["sim"])
    r = CliRunner().invoke(app, ["traject", *(a.format(**w["ids"]) if "{" in a else a for a in args)])
    regels = r.output.strip().splitlines()
    assert r.exit_code == 1 and len(regels) == 1 and regels[0].startswith("Fout: ") and msg in regels[0], r.output
    assert_unchanged(w, voor, sim_voor)


# The same doors as Prefect forms: the server refuses the parameters before a run exists.
FORMULIEREN = [
    ("form-fase-bestaat-niet", "fase", {"referentie": REF, "fase": "stage", "reden": R}, "is not one of"),
    ("form-fase-trede-7", "fase", {"referentie": REF, "fase": "werk-vinden", "reden": R, "trede": 7},
     "is greater than the maximum"),
    ("form-fase-reden-regeleinde", "fase", {"referentie": REF, "fase": "werk-vinden", "reden": "a\nbcdef"},
     "does not match"),
    ("form-fase-reden-met-bsn", "fase", {"referentie": REF, "fase": "werk-vinden", "reden": "BSN 999900006 gaat werken"},
     "does not match"),
    ("form-contact-toelichting-met-bsn", "contact", {"referentie": REF, "toelichting": "Gebeld met 999900006 erbij"},
     "does not match"),
    ("form-fase-jobcoach-geen-adres", "fase", {"referentie": REF, "fase": "werk-houden", "reden": R, "jobcoach": "jan"},
     "does not match"),
    ("form-fase-jobcoach-is-bsn-adres", "fase", {"referentie": REF, "fase": "werk-houden", "reden": R,
                                                 "jobcoach": "999900006@ijw.example"}, "does not match"),
    ("form-contact-op-geen-datum", "contact", {"referentie": REF, "op": "gisteren"}, "does not match"),
    ("form-contact-op-maand-13", "contact", {"referentie": REF, "op": "2026-13-45"}, "does not match"),
    ("form-fase-reden-bsn-in-groepen", "fase", {"referentie": REF, "fase": "werk-vinden",
                                                "reden": "BSN 999 937 005 van klant"}, "does not match"),
    ("form-uitstroom-reden-bsn-met-streepjes", "uitstroom", {"referentie": REF, "uitkomst": "garantiebaan",
                                                             "reden": "zie BSN 999-93-7005"}, "does not match"),
    ("form-contact-bidi-override", "contact", {"referentie": REF, "toelichting": "Gesprek \u202e kantoor"},
     "does not match"),
    ("form-uitstroom-onbekend", "uitstroom", {"referentie": REF, "uitkomst": "pensioen", "reden": R}, "is not one of"),
    ("form-uitstroom-referentie-is-bsn", "uitstroom", {"referentie": BSN_IN_FORMULIER, "uitkomst": "garantiebaan",
                                                       "reden": R}, "does not match"),
    ("form-vangnet-zonder-fase", "vangnet", {"referentie": REF, "reden": R}, "is a required property"),
]


@pytest.mark.parametrize(("naam", "params", "msg"), [c[1:] for c in FORMULIEREN], ids=[c[0] for c in FORMULIEREN])
def test_traject_forms_refused_by_the_server(world: dict[str, Any], deployment_ids: dict[str, Any],  # noqa: F811
                                             naam: str, params: dict[str, Any], msg: str) -> None:
    from prefect import get_client
    from prefect.exceptions import PrefectHTTPStatusError

    voor, sim_voor = inhoud(world["url"]), gemeente(world["sim"])
    with get_client(sync_client=True) as c:
        runs_voor = c.count_flow_runs()
        with pytest.raises(PrefectHTTPStatusError) as exc:
            c.create_flow_run_from_deployment(deployment_ids[naam], parameters=params)
        assert exc.value.response.status_code == 409 and msg in exc.value.response.text
        assert c.count_flow_runs() == runs_voor
    assert_unchanged(world, voor, sim_voor)


HERBEOORDELING = [
    ("herbeoordeling-afgesloten-traject", ["herbeoordeling", "{ref_dicht}", "--toelichting", R], "afgesloten"),
    ("herbeoordeling-voor-het-traject", ["herbeoordeling", "{ref_wacht}", "--toelichting", R],
     "re-integratietraject loopt"),
    ("herbeoordeling-onbekend-traject", ["herbeoordeling", "IJW-2026-999999", "--toelichting", R], "Onbekend traject"),
    ("herbeoordeling-toelichting-met-bsn", ["herbeoordeling", "{ref_wacht}", "--toelichting", "BSN 999900006 klaar"],
     "negen cijfers"),
    ("herbeoordeling-toelichting-te-kort", ["herbeoordeling", "{ref_wacht}", "--toelichting", "ok"], "--toelichting"),
]


@pytest.mark.parametrize(("args", "msg"), [c[1:] for c in HERBEOORDELING], ids=[c[0] for c in HERBEOORDELING])
def test_herbeoordeling_refused(stappen: dict[str, Any], args: list[str], msg: str) -> None:
    test_traject_refuses(stappen, args, msg)


def test_herbeoordeling_form_refused_by_the_server(world: dict[str, Any],  # noqa: F811
                                                   deployment_ids: dict[str, Any]) -> None:  # noqa: F811
    test_traject_forms_refused_by_the_server(world, deployment_ids, "traject-herbeoordeling/herbeoordeling",
                                             {"referentie": REF, "toelichting": "a\nbcdef"}, "does not match")


CONTACT = [
    ("contact-afgesloten-traject", ["contact", "{ref_dicht}"], "afgesloten"),
    ("contact-voor-het-traject", ["contact", "{ref_wacht}"], "re-integratietraject loopt"),
    ("contact-onbekend-traject", ["contact", "IJW-2026-999999"], "Onbekend traject"),
    ("contact-datum-in-de-toekomst", ["contact", "{ref_wacht}", "--op", "2999-01-01"], "toekomst"),
    ("contact-datum-bestaat-niet", ["contact", "{ref_wacht}", "--op", "2026-02-30"], "bestaat niet"),
    ("contact-datum-geen-datum", ["contact", "{ref_wacht}", "--op", "gisteren"], "JJJJ-MM-DD"),
    ("contact-toelichting-met-bsn", ["contact", "{ref_wacht}", "--toelichting", "BSN 999900006 gebeld"],
     "negen cijfers"),
]


@pytest.mark.parametrize(("args", "msg"), [c[1:] for c in CONTACT], ids=[c[0] for c in CONTACT])
def test_contact_refused(stappen: dict[str, Any], args: list[str], msg: str) -> None:
    test_traject_refuses(stappen, args, msg)
