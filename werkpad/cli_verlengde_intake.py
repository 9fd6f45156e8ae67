"""`werkpad verlengde-intake …`: three months at AD&A, onderzoeken, the advies and the decision on it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import typer

from domain.invoer import controleer_door, controleer_tekst, parse_referentie
from werkpad.commando import guarded, keuze, out, parse_datum, parse_nu, require_prefect, runtime, settings

app = typer.Typer(help="Verlengde intake bij AD&A (De Passage): onderzoeken, advies en besluit.", no_args_is_help=True)

REF_HELP = "Trajectnummer, bijv. IJW-2026-000123"
DOOR_HELP = "Wie legt vast (e-mailadres of rol)"
NU_HELP = "Tijdstip voor demo en test"


def _stap(ref: str, *, nieuw: bool = False) -> Any:
    """Refuse before a run exists: unknown or closed case; no instance running (or one already)."""
    from casestore import repo
    from casestore.db import session
    from domain.errors import TransitionRefused
    from domain.verlengde_intake import VERLENGDE_INTAKE

    with session(runtime().engine) as db:
        t = repo.get_traject(db, referentie=ref)
        if t.status == "afgesloten":
            raise TransitionRefused(f"{ref} is afgesloten; een verlengde intake kan niet meer.")
        if nieuw:
            from domain.tijdelijk_oponthoud import controleer_geen_oponthoud
            from domain.traject import Status
            from domain.verlengde_intake import controleer_start_mogelijk
            from tasks.tijdelijk_oponthoud import loopt_tot

            if repo.get_open_stap(db, traject=t, proces=VERLENGDE_INTAKE) is not None:
                raise TransitionRefused(f"{ref}: verlengde intake AD&A loopt al.")
            controleer_start_mogelijk(ref, Status(t.status))
            controleer_geen_oponthoud(ref, loopt_tot(db, t), "een verlengde intake")
            return None
        stap = repo.get_stap(db, traject=t, proces=VERLENGDE_INTAKE)
        return stap.status, dict(stap.data or {})


@app.command("start")
def start(referentie: str = typer.Argument(..., help=REF_HELP),
          door: str = typer.Option("werkcoach", help=DOOR_HELP),
          nu: str | None = typer.Option(None, help=NU_HELP)) -> None:
    """Start de verlengde intake: advies uiterlijk over drie maanden, tussenevaluatie halverwege."""
    ref = guarded(lambda: parse_referentie(referentie))
    door = guarded(lambda: controleer_door(door))
    moment = parse_nu(nu)
    guarded(lambda: _stap(ref, nieuw=True))
    require_prefect(settings())

    def run() -> Any:
        from flows.verlengde_intake import verlengde_intake_starten

        return verlengde_intake_starten(referentie=ref, door=door, nu=moment)

    res = guarded(run)
    out.print(f"{ref}: verlengde intake AD&A gestart; tussenevaluatie {res['tussenevaluatie']}, "
              f"advies uiterlijk {res['advies_due']}", highlight=False)


@app.command("onderzoek")
def onderzoek(referentie: str = typer.Argument(..., help=REF_HELP),
              soort: str = typer.Option(..., help="Onderzoek: melba, abc, taalniveautoets, belastbaarheid, "
                                                  "cognitief, arbeidsvaardigheden"),
              uiterlijk: str | None = typer.Option(None, help="Klaar op JJJJ-MM-DD (leeg: de standaardduur)"),
              door: str = typer.Option("werkcoach", help=DOOR_HELP),
              nu: str | None = typer.Option(None, help=NU_HELP)) -> None:
    """Vraag een onderzoek uit de catalogus aan; de AD&A-diagnosticus krijgt een taak."""
    from domain.verlengde_intake import LOOPT, Onderzoek

    ref = guarded(lambda: parse_referentie(referentie))
    gekozen = keuze(Onderzoek, soort, "--soort")
    door = guarded(lambda: controleer_door(door))
    moment = parse_nu(nu)
    status, data = guarded(lambda: _stap(ref))
    if status != LOOPT:
        guarded(lambda: _weiger(f"{ref}: verlengde intake staat niet meer open voor onderzoeken ({status})."))
    vandaag = date.today()
    datum = parse_datum(uiterlijk, "--uiterlijk", vroegst=vandaag + timedelta(days=1),
                        laatst=date.fromisoformat(data["advies_due"])) if uiterlijk else None
    require_prefect(settings())

    def run() -> Any:
        from flows.verlengde_intake import verlengde_intake_onderzoek

        return verlengde_intake_onderzoek(referentie=ref, soort=gekozen, uiterlijk=datum, door=door, nu=moment)

    res = guarded(run)
    out.print(f"{ref}: onderzoek {gekozen.label} aangevraagd, uiterlijk {res['uiterlijk']} (taak {res['taak_id']})",
              highlight=False)


def _weiger(msg: str) -> None:
    from domain.errors import TransitionRefused

    raise TransitionRefused(msg)


@app.command("advies")
def advies(referentie: str = typer.Argument(..., help=REF_HELP),
           advies: str = typer.Option(..., help="traject, indicatie-banenafspraak, beschut-werk, medisch-onderzoek, "
                                               "hulpverlening, tijdelijk-oponthoud"),
           fase: str | None = typer.Option(None, help="Bij advies 'traject': de fase"),
           toelichting: str = typer.Option(..., help="Korte toelichting (geen persoonsgegevens, geen medische details)"),
           door: str = typer.Option("ada", help=DOOR_HELP),
           nu: str | None = typer.Option(None, help=NU_HELP)) -> None:
    """Leg het advies van AD&A vast; de werkcoach krijgt bericht en een taak om te besluiten."""
    from domain.verlengde_intake import Advies, Fase, controleer_advies

    ref = guarded(lambda: parse_referentie(referentie))
    gekozen = keuze(Advies, advies, "--advies")
    gekozen_fase = keuze(Fase, fase, "--fase") if fase is not None else None
    guarded(lambda: controleer_advies(gekozen, gekozen_fase))
    toelichting = guarded(lambda: controleer_tekst(toelichting, "--toelichting", min_len=5))
    door = guarded(lambda: controleer_door(door))
    moment = parse_nu(nu)
    status, _ = guarded(lambda: _stap(ref))
    if status not in ("loopt", "advies_te_laat"):
        guarded(lambda: _weiger(f"{ref}: het advies van AD&A is al vastgelegd."))
    require_prefect(settings())

    def run() -> Any:
        from flows.verlengde_intake import verlengde_intake_advies

        return verlengde_intake_advies(referentie=ref, advies=gekozen, fase=gekozen_fase, toelichting=toelichting,
                                       door=door, nu=moment)

    res = guarded(run)
    out.print(f"{ref}: advies vastgelegd; de werkcoach besluit uiterlijk {res['besluit_due']} "
              f"(taak {res['taak_id']})", highlight=False)


@app.command("besluit")
def besluit(referentie: str = typer.Argument(..., help=REF_HELP),
            besluit: str = typer.Option(..., help="volgen of afwijken"),
            anders: str | None = typer.Option(None, help="Bij afwijken: wat er wel gebeurt (een advies)"),
            fase: str | None = typer.Option(None, help="Bij --anders traject: de fase"),
            toelichting: str = typer.Option(..., help="Korte toelichting (geen persoonsgegevens)"),
            door: str = typer.Option("werkcoach", help=DOOR_HELP),
            nu: str | None = typer.Option(None, help=NU_HELP)) -> None:
    """Besluit op het advies van AD&A: volgen, of afwijken met een ander vervolg; dat vervolg start."""
    from domain.verlengde_intake import ADVIES_GEGEVEN, Advies, Besluit, Fase, plan_besluit

    ref = guarded(lambda: parse_referentie(referentie))
    gekozen = keuze(Besluit, besluit, "--besluit")
    ander = keuze(Advies, anders, "--anders") if anders is not None else None
    ander_fase = keuze(Fase, fase, "--fase") if fase is not None else None
    toelichting = guarded(lambda: controleer_tekst(toelichting, "--toelichting", min_len=5))
    door = guarded(lambda: controleer_door(door))
    moment = parse_nu(nu)
    status, data = guarded(lambda: _stap(ref))
    if status != ADVIES_GEGEVEN:
        guarded(lambda: _weiger(f"{ref}: er is nog geen advies van AD&A om op te besluiten."))
    guarded(lambda: plan_besluit(gekozen, Advies(data["advies"]), Fase(data["fase"]) if data.get("fase") else None,
                                 ander, ander_fase))
    require_prefect(settings())

    def run() -> Any:
        from flows.verlengde_intake import verlengde_intake_besluit

        return verlengde_intake_besluit(referentie=ref, besluit=gekozen, anders=ander, fase=ander_fase,
                                        toelichting=toelichting, door=door, nu=moment)

    res = guarded(run)
    out.print(f"{ref}: besluit vastgelegd; vervolg {res['vervolg']}", highlight=False)
