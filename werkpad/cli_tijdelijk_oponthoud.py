"""`werkpad tijdelijk-oponthoud …`: pause a traject until a re-check date, and end the pause."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import typer

from domain.invoer import controleer_door, controleer_tekst, parse_referentie
from werkpad.commando import guarded, out, parse_datum, parse_nu, require_prefect, runtime, settings

app = typer.Typer(help="Tijdelijk oponthoud: het traject staat stil tot een herbeoordelingsdatum.", no_args_is_help=True)


@app.command("start")
def start(referentie: str = typer.Argument(..., help="Trajectnummer, bijv. IJW-2026-000123"),
          reden: str = typer.Option(..., help="Waarom (geen persoonsgegevens, geen medische details)"),
          tot: str | None = typer.Option(None, help="Herbeoordelingsdatum JJJJ-MM-DD (leeg: over 13 weken)"),
          door: str = typer.Option("werkcoach", help="Wie legt vast (e-mailadres of rol)"),
          nu: str | None = typer.Option(None, help="Tijdstip voor demo en test")) -> None:
    """Zet een traject tijdelijk stil; op de herbeoordelingsdatum krijgt de werkcoach een taak."""
    ref = guarded(lambda: parse_referentie(referentie))
    reden = guarded(lambda: controleer_tekst(reden, "--reden", min_len=5))
    door = guarded(lambda: controleer_door(door))
    vandaag = date.today()
    # The same window as the rule in domain/tijdelijk_oponthoud.py, checked before a run exists.
    datum = parse_datum(tot, "--tot", vroegst=vandaag + timedelta(days=1), laatst=vandaag + timedelta(weeks=52)) \
        if tot else None
    moment = parse_nu(nu)

    def check() -> None:  # refuse before a run exists: unknown case, closed case, a pause already running
        from casestore import repo
        from casestore.db import session
        from domain.errors import TransitionRefused
        from domain.tijdelijk_oponthoud import TIJDELIJK_OPONTHOUD

        with session(runtime().engine) as db:
            t = repo.get_traject(db, referentie=ref)
            if t.status == "afgesloten":
                raise TransitionRefused(f"{ref} is afgesloten; tijdelijk oponthoud kan niet meer.")
            if repo.get_open_stap(db, traject=t, proces=TIJDELIJK_OPONTHOUD) is not None:
                raise TransitionRefused(f"{ref}: tijdelijk oponthoud loopt al.")

    guarded(check)
    require_prefect(settings())

    def run() -> Any:
        from flows.tijdelijk_oponthoud import tijdelijk_oponthoud_starten

        return tijdelijk_oponthoud_starten(referentie=ref, reden=reden, tot=datum, door=door, nu=moment)

    res = guarded(run)
    out.print(f"{ref}: tijdelijk oponthoud tot herbeoordeling op {res['herbeoordeling']}", highlight=False)


@app.command("verlengen")
def verlengen(referentie: str = typer.Argument(..., help="Trajectnummer"),
              tot: str = typer.Option(..., help="Nieuwe herbeoordelingsdatum JJJJ-MM-DD"),
              reden: str = typer.Option(..., help="Waarom het oponthoud doorloopt (geen persoonsgegevens)"),
              door: str = typer.Option("werkcoach", help="Wie legt vast (e-mailadres of rol)"),
              nu: str | None = typer.Option(None, help="Tijdstip voor demo en test")) -> None:
    """Zet het tijdelijk oponthoud voort tot een nieuwe herbeoordelingsdatum (na het heroverwegen)."""
    ref = guarded(lambda: parse_referentie(referentie))
    reden = guarded(lambda: controleer_tekst(reden, "--reden", min_len=5))
    door = guarded(lambda: controleer_door(door))
    vandaag = date.today()
    datum = parse_datum(tot, "--tot", vroegst=vandaag + timedelta(days=1), laatst=vandaag + timedelta(weeks=52))
    moment = parse_nu(nu)

    def check() -> None:  # refuse before a run exists: unknown case, no pause running
        from casestore import repo
        from casestore.db import session
        from domain.tijdelijk_oponthoud import TIJDELIJK_OPONTHOUD

        with session(runtime().engine) as db:
            repo.get_stap(db, traject=repo.get_traject(db, referentie=ref), proces=TIJDELIJK_OPONTHOUD)

    guarded(check)
    require_prefect(settings())

    def run() -> Any:
        from flows.tijdelijk_oponthoud import tijdelijk_oponthoud_verlengen

        return tijdelijk_oponthoud_verlengen(referentie=ref, reden=reden, tot=datum, door=door, nu=moment)

    res = guarded(run)
    out.print(f"{ref}: tijdelijk oponthoud verlengd tot herbeoordeling op {res['herbeoordeling']}", highlight=False)


@app.command("beeindigen")
def beeindigen(referentie: str = typer.Argument(..., help="Trajectnummer"),
               toelichting: str = typer.Option(..., help="Waarom het oponthoud eindigt"),
               door: str = typer.Option("werkcoach", help="Wie legt vast (e-mailadres of rol)"),
               nu: str | None = typer.Option(None, help="Tijdstip voor demo en test")) -> None:
    """Beëindig het tijdelijk oponthoud; de taak en de wekker vervallen."""
    ref = guarded(lambda: parse_referentie(referentie))
    toelichting = guarded(lambda: controleer_tekst(toelichting, "--toelichting", min_len=5))
    door = guarded(lambda: controleer_door(door))
    moment = parse_nu(nu)

    def check() -> None:  # refuse before a run exists: unknown case, no pause running
        from casestore import repo
        from casestore.db import session
        from domain.tijdelijk_oponthoud import TIJDELIJK_OPONTHOUD

        with session(runtime().engine) as db:
            repo.get_stap(db, traject=repo.get_traject(db, referentie=ref), proces=TIJDELIJK_OPONTHOUD)

    guarded(check)
    require_prefect(settings())

    def run() -> Any:
        from flows.tijdelijk_oponthoud import tijdelijk_oponthoud_beeindigen

        return tijdelijk_oponthoud_beeindigen(referentie=ref, toelichting=toelichting, door=door, nu=moment)

    guarded(run)
    out.print(f"{ref}: tijdelijk oponthoud beëindigd", highlight=False)
