"""`werkpad brede-intake …`: record the outcome of the brede intake."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial
from typing import Any

import typer

from domain.invoer import controleer_door, controleer_tekst, parse_referentie
from werkpad.commando import fail, guarded, keuze, out, parse_datum, parse_nu, require_prefect, runtime, settings

app = typer.Typer(help="Brede intake: de uitkomst vastleggen.", no_args_is_help=True)


@app.command("uitkomst")
def uitkomst(referentie: str = typer.Argument(..., help="Trajectnummer, bijv. IJW-2026-000123"),
             advies: str = typer.Option(..., help="positief of negatief"),
             route: str = typer.Option(..., help="traject, verlengde-intake, tijdelijk-oponthoud, "
                                                 "voorliggende-voorziening, terug-naar-gemeente"),
             actie: list[str] = typer.Option([], help="'omschrijving;eigenaar;JJJJ-MM-DD' (eigenaar: werkcoach, "
                                                      "consulent, deelnemer); herhaalbaar"),
             door: str = typer.Option("werkcoach", help="Wie legt vast (e-mailadres of rol)"),
             nu: str | None = typer.Option(None, help="Tijdstip voor demo en test")) -> None:
    """Leg de uitkomst van de brede intake vast: advies, route en plan van aanpak."""
    from domain.traject import Actie, Advies, BredeIntakeUitkomst, Eigenaar, Route

    referentie = guarded(lambda: parse_referentie(referentie))
    door = guarded(lambda: controleer_door(door))
    s = settings()
    if len(actie) > 30:
        fail(f"Een plan van aanpak heeft hoogstens 30 acties; dit zijn er {len(actie)}.")
    acties = []
    for i, a in enumerate(actie, 1):
        delen = [d.strip() for d in a.split(";")]
        if len(delen) != 3:
            fail(f"Actie {i} moet de vorm 'omschrijving;eigenaar;JJJJ-MM-DD' hebben.")
        wat = guarded(partial(controleer_tekst, delen[0], f"Actie {i}, omschrijving", min_len=3))
        eig = keuze(Eigenaar, delen[1], f"Actie {i}, eigenaar")
        deadline = parse_datum(delen[2], f"Actie {i}, deadline")
        acties.append(guarded(partial(Actie, omschrijving=wat, eigenaar=eig, deadline=deadline)))
    u = guarded(lambda: BredeIntakeUitkomst(advies=keuze(Advies, advies, "--advies"),
                                            route=keuze(Route, route, "--route"), plan_van_aanpak=acties))
    moment = parse_nu(nu)

    def check() -> None:  # refuse before starting a run: unknown case, wrong step, inconsistent outcome
        from casestore import repo
        from casestore.db import session
        from domain.herinneringen import lokale_datum
        from domain.traject import Status, controleer_uitkomst

        with session(runtime().engine) as db:
            t = repo.get_traject(db, referentie=referentie)
            controleer_uitkomst(Status(t.status), u, lokale_datum(moment or datetime.now(UTC)))

    guarded(check)
    require_prefect(s)

    def run() -> Any:
        from flows.brede_intake import brede_intake_uitkomst

        return brede_intake_uitkomst(referentie=referentie, uitkomst=u, vastgelegd_door=door, nu=moment)

    res = guarded(run)
    from domain.traject import STATUS_LABEL, Status

    out.print(f"{referentie}: {STATUS_LABEL[Status(res['status'])]}", highlight=False)


