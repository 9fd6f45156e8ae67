"""`werkpad trajectplan …`: goals, actions (owner, due date) and referrals to a voorliggende voorziening: one door
per step, declared in domain/trajectplan_stappen.py. Every check on the case is the step's own guard, inside its
run. `toon` runs no flow.

Three commands take a number as a positional argument (`actie-gedaan ACTIE_ID`, `doel-behaald DOEL_ID`,
`verwijzing-opvolgen REFERENTIE ACTIE_ID`): the generic door's `argumenten`; `--doel` fills the field `doel_id`
(declared on the step, so every hint shows it too)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import typer

from domain.invoer import parse_referentie
from domain.trajectplan import Soort, Voorziening
from werkpad.commando import guarded, out, parse_nu, runtime, settings

NU = "Tijdstip voor demo en test"

app = typer.Typer(help="Trajectplan: doelen, acties (eigenaar, uiterlijk) en verwijzingen naar een voorliggende "
                       "voorziening.", no_args_is_help=True)


def _vandaag(moment: datetime | None) -> date:
    from domain.herinneringen import lokale_datum

    return lokale_datum(moment or datetime.now(UTC))


def _stappen() -> None:
    from domain.trajectplan_stappen import STAPPEN
    from werkpad.deur import commando

    namen = {"referentie": ("REFERENTIE", "Trajectnummer"), "actie_id": ("ACTIE_ID", "Actienummer"),
             "doel_id": ("DOEL_ID", "Doelnummer")}
    alle = {s.naam: s for s in STAPPEN}
    for s in STAPPEN:
        argumenten = [(veld, *namen[veld]) for veld in s.argumenten] if s.argumenten != ("referentie",) else []
        commando(app, s, "flows.trajectplan", alle, argumenten=argumenten)


_stappen()


# -- commands that run no flow -------------------------------------------------------------------
@app.command("toon")
def toon(referentie: str = typer.Argument(..., help="Trajectnummer"),
         nu: str | None = typer.Option(None, help=NU)) -> None:
    """Toon het trajectplan: doelen met hun acties, eigenaar, uiterlijk en status; te laat gemarkeerd."""
    ref = guarded(lambda: parse_referentie(referentie))
    moment = parse_nu(nu)
    settings()
    from casestore import repo
    from casestore.db import session
    from domain.trajectplan import VOORZIENING_LABEL, te_laat

    vandaag = _vandaag(moment)
    with session(runtime().engine) as db:
        t = guarded(lambda: repo.get_traject(db, referentie=ref))
        doelen, acties = repo.trajectplan(db, traject=t)

    def regel(a: Any) -> str:
        laat = " — TE LAAT" if te_laat(a.uiterlijk, a.status, vandaag) else ""
        if a.soort == Soort.verwijzing:
            vz = VOORZIENING_LABEL.get(Voorziening(a.voorziening), a.voorziening) if a.voorziening else "-"
            return (f"    verwijzing {a.id}: {vz} bij {a.instelling} (verwezen {a.verwezen_op}) · opvolgen "
                    f"{a.uiterlijk.isoformat()} · {a.eigenaar_email} · {a.status}{laat}")
        return f"    actie {a.id}: {a.omschrijving} · {a.eigenaar_email} · uiterlijk {a.uiterlijk.isoformat()} · " \
               f"{a.status}{laat}"

    out.print(f"Trajectplan {ref} (op {vandaag.isoformat()})", highlight=False)
    if not doelen and not acties:
        out.print("  Nog geen doelen of verwijzingen.", highlight=False)
    for d in doelen:
        out.print(f"  doel {d.id}: {d.omschrijving} · {d.status}", highlight=False, markup=False, soft_wrap=True)
        for a in acties:
            if a.doel_id == d.id:
                out.print(regel(a), highlight=False, markup=False, soft_wrap=True)
    los = [a for a in acties if a.doel_id is None]
    if los:
        out.print("  Verwijzingen zonder doel:", highlight=False)
        for a in los:
            out.print(regel(a), highlight=False, markup=False, soft_wrap=True)
