"""`werkpad trajectplan …`: goals, actions (owner, due date) and referrals to a voorliggende voorziening: one door
per step, declared in domain/trajectplan_stappen.py. Every check on the case is the step's own guard, inside its
run. `toon` runs no flow.

Three commands take a number as a positional argument (`actie-gedaan ACTIE_ID`, `doel-behaald DOEL_ID`,
`verwijzing-opvolgen REFERENTIE ACTIE_ID`) and `--doel` fills the field `doel_id`: werkpad/deur.py cannot declare
either yet, so `_commando` below builds these doors from the same parts (model check, in process or on the
stack, one line)."""

from __future__ import annotations

import inspect
from datetime import UTC, date, datetime
from typing import Any

import typer

from domain.invoer import parse_referentie
from domain.trajectplan import Soort, Voorziening
from werkpad.commando import ID_ARGUMENT, guarded, out, parse_nu, runtime, settings

NU = "Tijdstip voor demo en test"

app = typer.Typer(help="Trajectplan: doelen, acties (eigenaar, uiterlijk) en verwijzingen naar een voorliggende "
                       "voorziening.", no_args_is_help=True)


def _vandaag(moment: datetime | None) -> date:
    from domain.herinneringen import lokale_datum

    return lokale_datum(moment or datetime.now(UTC))


def _commando(stap: Any, alle: dict[str, Any], argumenten: tuple[str, ...], opties: dict[str, str]) -> None:
    """The generated door (werkpad/deur.py) with positional arguments and option names of its own."""
    from pydantic import ValidationError

    from domain.invoer import beschrijf_validatiefout
    from werkpad import deur
    from werkpad.commando import fail

    model = stap.invoer

    def naam(veld: str) -> str:
        return opties.get(veld, deur.optie(veld))

    params = []
    for veld, info in model.model_fields.items():
        verplicht = info.is_required()
        if veld in argumenten:
            metavar = "REFERENTIE" if veld == "referentie" else veld.upper()
            default: Any = typer.Argument(... if verplicht else None, help=deur._help(model, veld), metavar=metavar,
                                          show_default=False)
        else:
            default = typer.Option(... if verplicht else None, naam(veld), help=deur._help(model, veld),
                                   show_default=False)
        params.append(inspect.Parameter(veld, inspect.Parameter.KEYWORD_ONLY, default=default,
                                        annotation=str if verplicht else str | None))
    params += [inspect.Parameter("nu", inspect.Parameter.KEYWORD_ONLY,
                                 default=typer.Option(None, "--nu", help=deur.NU_HELP), annotation=str | None),
               inspect.Parameter("sleutel", inspect.Parameter.KEYWORD_ONLY,
                                 default=typer.Option(None, "--sleutel", help=deur.SLEUTEL_HELP), annotation=str | None)]

    def lees(waarden: dict[str, Any]) -> Any:
        try:
            return model.model_validate({k: v for k, v in waarden.items() if v is not None})
        except ValidationError as exc:
            fouten = exc.errors()
            veld = str(fouten[0]["loc"][0]) if fouten and fouten[0]["loc"] else ""
            regel = beschrijf_validatiefout(exc)
            if veld == "referentie":
                regel = regel.replace("referentie:", "Trajectnummer:", 1)
            elif veld in argumenten:  # a positional number: its own message names it (Actienummer '-1' …)
                regel = regel.removeprefix(f"{veld}: ")
            elif veld in model.model_fields:
                regel = regel.replace(f"{veld}:", f"{naam(veld)}:", 1)
            fail(regel)

    def run(**waarden: Any) -> None:
        nu_tekst, eigen = waarden.pop("nu", None), waarden.pop("sleutel", None)
        invoer = lees(waarden)
        moment = parse_nu(nu_tekst)
        if moment is not None or deur.settings().stappen_in_proces:
            u = deur.in_proces(stap, "flows.trajectplan", invoer, moment)
        else:
            u = deur.via_stack(stap, invoer, eigen)
        deur.toon(u, deur.hints(stap, alle, getattr(invoer, "referentie", None)) if not u.geweigerd else ())

    run.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in params}
    run.__doc__ = stap.omschrijving
    run.__name__ = stap.naam.replace("-", "_")
    app.command(stap.naam, context_settings=ID_ARGUMENT)(run)


def _stappen() -> None:
    from domain.trajectplan_stappen import ARGUMENTEN, OPTIES, STAPPEN

    alle = {s.naam: s for s in STAPPEN}
    for s in STAPPEN:
        _commando(s, alle, ARGUMENTEN.get(s.naam, ("referentie",)), OPTIES)


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
