"""Issue 19's measure of "processes side by side": an example process (a note on a traject) needs only its own
modules and one registration line. Its five modules and its template folder are written to a folder of their own
and registered with one line in the process list; serve then offers its form, the CLI its command, the step runs
and refuses, the settings read its own section and the mail renderer finds its own template."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

MODULES = {
    "vb_stappen": '''
        from typing import Annotated

        from pydantic import Field

        from domain.invoer import Door, Referentie, VrijeTekst
        from domain.stap import Invoer, Stap


        class Notitie(Invoer):
            referentie: Referentie
            tekst: Annotated[VrijeTekst, Field(description="De notitie (geen persoonsgegevens)")]
            door: Annotated[Door, Field(description="Wie legt vast")] = "werkcoach"


        VASTLEGGEN = Stap("notitie", "vastleggen", Notitie, "Leg een korte notitie vast bij het traject.",
                          lambda r: f"{r['referentie']}: notitie vastgelegd.")
        STAPPEN = (VASTLEGGEN,)
    ''',
    "vb_tasks": '''
        from casestore import repo
        from casestore.db import session as new_session
        from domain.errors import TransitionRefused
        from domain.traject import Status
        from tasks.step import step


        @step()
        def leg_notitie_vast(rt, *, referentie, tekst, nu, actor):
            with new_session(rt.engine) as s:
                t = repo.get_traject(s, referentie=referentie)
                if t.status == Status.afgesloten:
                    raise TransitionRefused(f"{referentie} is afgesloten; een notitie kan niet meer.")
                repo.audit(s, traject=t, nu=nu, actor=actor, soort="notitie", omschrijving=tekst)
                s.commit()
                return {"referentie": referentie}
    ''',
    "vb_flows": '''
        import vb_stappen as st
        from flows._stap import deployment, stapflow
        from vb_tasks import leg_notitie_vast

        notitie_vastleggen = stapflow(st.VASTLEGGEN, lambda i, nu: leg_notitie_vast.task(
            referentie=i.referentie, tekst=i.tekst, nu=nu, actor=i.door))


        def deployments():
            return [deployment(st.VASTLEGGEN, notitie_vastleggen, __name__)]
    ''',
    "vb_instellingen": '''
        from pydantic import Field

        from domain.instelling import Emailadres, Sectie


        class NotitieInstellingen(Sectie):
            max_per_dag: int = Field(default=5, ge=1, le=50)
            kopie_aan: Emailadres = "teamleider@ijmondwerkt.example"
    ''',
    "vb_cli": '''
        import typer

        from vb_stappen import STAPPEN
        from werkpad.deur import commandos

        app = typer.Typer(help="Notities bij een traject (voorbeeldproces).", no_args_is_help=True)
        commandos(app, STAPPEN, "vb_flows")
    ''',
}


@pytest.fixture()
def voorbeeldproces(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for naam, bron in MODULES.items():
        (tmp_path / f"{naam}.py").write_text(textwrap.dedent(bron))
    mail = tmp_path / "vb_sjablonen" / "notitie_bevestigd"
    mail.mkdir(parents=True)
    (mail / "subject.txt").write_text("{{ referentie }}: notitie vastgelegd")
    (mail / "body.txt").write_text("De notitie bij {{ referentie }} staat in de tijdlijn.\n")
    (mail / "body.html").write_text("<p>De notitie bij {{ referentie }} staat in de tijdlijn.</p>\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    from domain import processen

    # the one registration line
    monkeypatch.setattr(processen, "PROCESSEN", (*processen.PROCESSEN, processen.P(
        "notitie", tasks=("vb_tasks",), flows="vb_flows", cli="vb_cli",
        instellingen=("notitie", "vb_instellingen:NotitieInstellingen"), sjablonen=str(tmp_path / "vb_sjablonen"))))
    yield
    for naam in MODULES:
        sys.modules.pop(naam, None)


def test_an_example_process_needs_its_modules_and_one_line(voorbeeldproces: None, rt: Any, sim: Any,
                                                           deur: Any) -> None:
    from casestore import repo
    from casestore.db import session
    from deployments.serve import deployments
    from tests.conftest import wachtend_traject
    from werkpad.cli import app

    assert "notitie-vastleggen/vastleggen" in {f"{d.flow_name}/{d.name}" for d in deployments()}
    ref = wachtend_traject(rt, "999900006")
    r = CliRunner().invoke(app, ["notitie", "vastleggen", ref, "--tekst", "Belde over het rooster", "--nu",
                                 "2026-11-24T10:00"])
    assert r.exit_code == 0 and r.output.strip() == f"{ref}: notitie vastgelegd.", r.output
    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        assert "Belde over het rooster" in [e.omschrijving for e in repo.tijdlijn(s, traject=t)]
    r = CliRunner().invoke(app, ["notitie", "vastleggen", "IJW-2026-999999", "--tekst", "Belde over het rooster",
                                 "--nu", "2026-11-24T10:00"])
    assert r.exit_code == 1 and r.output.strip() == "Fout: Onbekend traject 'IJW-2026-999999'.", r.output


def test_the_example_process_owns_its_settings_section_and_its_templates(voorbeeldproces: None,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from pydantic import ValidationError
    from vb_instellingen import NotitieInstellingen  # type: ignore[import-not-found]

    from notifications.render import render
    from tasks.settings import beschrijf, klasse

    assert klasse()().van(NotitieInstellingen).max_per_dag == 5
    monkeypatch.setenv("WERKPAD_NOTITIE__MAX_PER_DAG", "3")
    assert klasse()().van(NotitieInstellingen).max_per_dag == 3
    monkeypatch.setenv("WERKPAD_NOTITIE__KOPIE_AAN", "teamleider")
    with pytest.raises(ValidationError) as exc:
        klasse()()
    assert beschrijf(exc.value).startswith("Ongeldige instellingen: WERKPAD_NOTITIE__KOPIE_AAN: het adres 'teamleider'")
    m = render("notitie_bevestigd", {"referentie": "IJW-2026-000001"})
    assert (m.subject, m.text) == ("IJW-2026-000001: notitie vastgelegd",
                                   "De notitie bij IJW-2026-000001 staat in de tijdlijn.\n")
    from tests.notifications.test_notifications import ctx

    assert render("herinnering", ctx()).subject  # the shared templates are still found
