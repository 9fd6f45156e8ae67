"""`werkpad traject …`: the re-integratietraject's fase, the vangnet, parttime werk and uitstroom."""

from __future__ import annotations

from datetime import date
from typing import Any

import typer

from domain.fasen import (
    Fase,
    Uitstroom,
    controleer_reden,
    controleer_trede,
    parse_fase,
    parse_uitstroom,
)
from domain.invoer import OngeldigeInvoer, controleer_door, controleer_email, parse_referentie
from werkpad.commando import guarded, out, parse_nu, require_prefect, runtime, settings

FASEN = ", ".join(f.value for f in Fase)
UITKOMSTEN = ", ".join(u.value for u in Uitstroom if u.sluit_traject)

app = typer.Typer(help="Re-integratietraject: fasen, vangnet, parttime werk en uitstroom.", no_args_is_help=True)


def _check(ref: str, wat: str, fase: Fase | None = None, uitkomst: Uitstroom | None = None,
           vangnet: bool = False, op: date | None = None, jobcoach: str | None = None) -> None:
    """Refuse before a run exists, with the same rules the step applies: unknown or closed case,
    a fase that is already current, a vangnet outside 'Werk houden', a second uitstroom."""
    from casestore import repo
    from casestore.db import session
    from domain.fasen import (
        controleer_fase_mogelijk,
        controleer_fasewissel,
        controleer_uitstroom_mogelijk,
        controleer_vangnet,
    )
    from domain.traject import Status

    with session(runtime().engine) as db:
        t = repo.get_traject(db, referentie=ref)
        status = Status(t.status)
        huidig = Fase(t.fase) if t.fase else None
        if wat == "fase" and fase is not None:
            from domain.tijdelijk_oponthoud import controleer_geen_oponthoud
            from tasks.tijdelijk_oponthoud import loopt_tot

            controleer_fase_mogelijk(ref, status)
            controleer_geen_oponthoud(ref, loopt_tot(db, t), "een fase wijzigen")
            (controleer_vangnet if vangnet else controleer_fasewissel)(ref, huidig, fase)
            if jobcoach and fase != Fase.werk_houden:
                raise OngeldigeInvoer(f"Een jobcoach hoort bij de fase '{Fase.werk_houden.label}'; laat --jobcoach "
                                      f"weg bij '{fase.label}'.")
        elif wat == "contact":
            from domain.fasen import controleer_contact_mogelijk, controleer_contactdatum

            controleer_contact_mogelijk(ref, status)
            if op is not None:
                controleer_contactdatum(op, op, sinds=t.aangemeld_op)
        elif wat == "herbeoordeling":
            from domain.fasen import controleer_herbeoordeling_mogelijk

            controleer_herbeoordeling_mogelijk(ref, status)
        elif uitkomst is not None:
            controleer_uitstroom_mogelijk(ref, status, uitkomst, t.deels_uitgestroomd_op)


@app.command("fase")
def fase(referentie: str = typer.Argument(..., help="Trajectnummer, bijv. IJW-2026-000123"),
         fase: str = typer.Option(..., "--fase", help=f"Nieuwe fase: {FASEN}"),
         reden: str = typer.Option(..., help="Wat er verandert en waarom (gaat naar de klantmanager; geen persoonsgegevens)"),
         trede: int | None = typer.Option(None, help="Trede op de participatieladder (1-6)"),
         jobcoach: str | None = typer.Option(None, help="E-mailadres van de jobcoach bij 'werk-houden' (leeg: de werkcoach)"),
         door: str = typer.Option("werkcoach", help="Wie legt vast (e-mailadres of rol)"),
         nu: str | None = typer.Option(None, help="Tijdstip voor demo en test")) -> None:
    """Zet het traject in een (andere) fase; gemeente (status op de zaak) en klantmanager (mail) horen het."""
    ref = guarded(lambda: parse_referentie(referentie))
    naar = guarded(lambda: parse_fase(fase))
    reden = guarded(lambda: controleer_reden(reden))
    trede = guarded(lambda: controleer_trede(trede))
    jobcoach = guarded(lambda: controleer_email(jobcoach, "--jobcoach")) if jobcoach is not None else None
    door = guarded(lambda: controleer_door(door))
    moment = parse_nu(nu)
    guarded(lambda: _check(ref, "fase", fase=naar, jobcoach=jobcoach))
    require_prefect(settings())

    def run() -> Any:
        from flows.fasen import traject_fase

        return traject_fase(referentie=ref, fase=naar, reden=reden, trede=trede, jobcoach=jobcoach, door=door,
                            nu=moment)

    res = guarded(run)
    out.print(f"{ref}: fase {naar.label}", highlight=False)
    if res.get("nazorg"):
        out.print(f"Nazorg jobcoach op {', '.join(res['nazorg'])}", highlight=False)


@app.command("vangnet")
def vangnet(referentie: str = typer.Argument(..., help="Trajectnummer"),
            fase: str = typer.Option(..., "--fase", help=f"Terug in fase: {FASEN}"),
            reden: str = typer.Option("Baan na plaatsing beëindigd", help="Waarom (geen persoonsgegevens)"),
            door: str = typer.Option("werkcoach", help="Wie legt vast (e-mailadres of rol)"),
            nu: str | None = typer.Option(None, help="Tijdstip voor demo en test")) -> None:
    """De baan na plaatsing ('Werk houden') is beëindigd: terug in een fase; de nazorg vervalt."""
    ref = guarded(lambda: parse_referentie(referentie))
    naar = guarded(lambda: parse_fase(fase))
    reden = guarded(lambda: controleer_reden(reden))
    door = guarded(lambda: controleer_door(door))
    moment = parse_nu(nu)
    guarded(lambda: _check(ref, "fase", fase=naar, vangnet=True))
    require_prefect(settings())

    def run() -> Any:
        from flows.fasen import traject_vangnet

        return traject_vangnet(referentie=ref, fase=naar, reden=reden, door=door, nu=moment)

    guarded(run)
    out.print(f"{ref}: vangnet, terug in fase {naar.label}", highlight=False)


def _uitstroom(ref: str, uitkomst: Uitstroom, reden: str, door: str, moment: Any) -> None:
    guarded(lambda: _check(ref, "uitstroom", uitkomst=uitkomst))
    require_prefect(settings())

    def run() -> Any:
        from flows.fasen import traject_uitstroom

        return traject_uitstroom(referentie=ref, uitkomst=uitkomst, reden=reden, door=door, nu=moment)

    res = guarded(run)
    if res["afgesloten"]:
        out.print(f"{ref}: uitgestroomd ({uitkomst.label}); traject afgesloten", highlight=False)
    else:
        out.print(f"{ref}: deels uitgestroomd (parttime werk); het traject loopt door", highlight=False)


@app.command("uitstroom")
def uitstroom(referentie: str = typer.Argument(..., help="Trajectnummer"),
              uitkomst: str = typer.Option(..., help=f"Uitkomst: {UITKOMSTEN} (parttime werk: 'werkpad traject parttime')"),
              reden: str = typer.Option(..., help="Toelichting (gaat naar de klantmanager; geen persoonsgegevens)"),
              door: str = typer.Option("werkcoach", help="Wie legt vast (e-mailadres of rol)"),
              nu: str | None = typer.Option(None, help="Tijdstip voor demo en test")) -> None:
    """Leg de uitstroom vast: resultaat en eindstatus op de zaak, het traject sluit."""
    ref = guarded(lambda: parse_referentie(referentie))
    u = guarded(lambda: parse_uitstroom(uitkomst))
    reden = guarded(lambda: controleer_reden(reden))
    door = guarded(lambda: controleer_door(door))
    _uitstroom(ref, u, reden, door, parse_nu(nu))


@app.command("parttime")
def parttime(referentie: str = typer.Argument(..., help="Trajectnummer"),
             reden: str = typer.Option("Parttime werk gevonden", help="Toelichting (geen persoonsgegevens)"),
             door: str = typer.Option("werkcoach", help="Wie legt vast (e-mailadres of rol)"),
             nu: str | None = typer.Option(None, help="Tijdstip voor demo en test")) -> None:
    """Parttime werk: deels uitgestroomd; het traject loopt door tot volledige uitstroom."""
    ref = guarded(lambda: parse_referentie(referentie))
    reden = guarded(lambda: controleer_reden(reden))
    door = guarded(lambda: controleer_door(door))
    _uitstroom(ref, Uitstroom.parttime_werk, reden, door, parse_nu(nu))


@app.command("herbeoordeling")
def herbeoordeling(referentie: str = typer.Argument(..., help="Trajectnummer"),
                   toelichting: str = typer.Option(..., help="Uitkomst van de herbeoordeling (geen persoonsgegevens)"),
                   door: str = typer.Option("werkcoach", help="Wie legt vast (e-mailadres of rol)"),
                   nu: str | None = typer.Option(None, help="Tijdstip voor demo en test")) -> None:
    """Plan van aanpak herbeoordeeld: de open taak is klaar, de volgende wordt gepland (interval per gemeente)."""
    ref = guarded(lambda: parse_referentie(referentie))
    toelichting = guarded(lambda: controleer_reden(toelichting, "--toelichting"))
    door = guarded(lambda: controleer_door(door))
    moment = parse_nu(nu)
    guarded(lambda: _check(ref, "herbeoordeling"))
    require_prefect(settings())

    def run() -> Any:
        from flows.fasen import traject_herbeoordeling

        return traject_herbeoordeling(referentie=ref, toelichting=toelichting, door=door, nu=moment)

    res = guarded(run)
    out.print(f"{ref}: plan van aanpak herbeoordeeld; volgende herbeoordeling uiterlijk {res['volgende']}",
              highlight=False)


@app.command("contact")
def contact(referentie: str = typer.Argument(..., help="Trajectnummer"),
            op: str | None = typer.Option(None, help="Datum van het contact, JJJJ-MM-DD (leeg: vandaag)"),
            toelichting: str | None = typer.Option(None, help="Korte toelichting (geen persoonsgegevens)"),
            door: str = typer.Option("werkcoach", help="Wie legt vast (e-mailadres of rol)"),
            nu: str | None = typer.Option(None, help="Tijdstip voor demo en test")) -> None:
    """Contact met de deelnemer gehad: de contacttermijn (herinnering werkcoach, dan teamleider) begint opnieuw."""
    from domain.fasen import controleer_contactdatum
    from domain.herinneringen import lokale_datum
    from werkpad.commando import parse_datum

    ref = guarded(lambda: parse_referentie(referentie))
    if toelichting is not None:
        toelichting = guarded(lambda: controleer_reden(toelichting, "--toelichting"))
    door = guarded(lambda: controleer_door(door))
    moment = parse_nu(nu)
    vandaag = lokale_datum(moment) if moment else date.today()
    datum = guarded(lambda: controleer_contactdatum(parse_datum(op, "--op"), vandaag)) if op else None
    guarded(lambda: _check(ref, "contact", op=datum))
    require_prefect(settings())

    def run() -> Any:
        from flows.fasen import traject_contact

        return traject_contact(referentie=ref, op=datum, toelichting=toelichting, door=door, nu=moment)

    res = guarded(run)
    out.print(f"{ref}: contact op {res['op']} vastgelegd; volgende herinnering als er tot {res['volgende']} "
              "geen contact is", highlight=False)
