"""The generic step door (werkpad/deur.py) for commands whose shape scripts already use and the door does not make:
a positional number (`taak-afronden TAAK_ID`, `deadline-verplaatsen DEADLINE_ID`), a positional choice
(`uitkering besluit REF UITKOMST`) and a repeatable option (`brede-intake uitkomst … --actie … --actie …`).

The same door otherwise: parse into the step's input model (one Dutch line naming the argument or option), start
the step (in this process with --nu or the in-process setting, else the deployment's run), print its line."""

from __future__ import annotations

import inspect
from collections.abc import Mapping, Sequence
from typing import Any

import typer
from pydantic import ValidationError

from domain.invoer import beschrijf_validatiefout
from domain.stap import Invoer, Stap
from werkpad import deur
from werkpad.commando import ID_ARGUMENT, fail, parse_nu


def lees_invoer(stap: Stap, waarden: Mapping[str, Any], namen: Mapping[str, str]) -> Invoer:
    """The input model from the command line; a refusal names the argument or option (`namen`: field -> name)."""
    gegeven = {k: v for k, v in waarden.items() if v is not None}
    try:
        return stap.invoer.model_validate(gegeven)
    except ValidationError as exc:
        fouten = exc.errors()
        veld = str(fouten[0]["loc"][0]) if fouten and fouten[0]["loc"] else ""
        regel = beschrijf_validatiefout(exc)
        naam = namen.get(veld) or ("Trajectnummer" if veld == "referentie" else deur.optie(veld))
        if veld in stap.invoer.model_fields and regel.startswith(f"{veld}:"):
            regel = naam + regel[len(veld):]
        fail(regel)


def voer_uit(stap: Stap, flows_module: str, waarden: Mapping[str, Any], *, nu: str | None = None,
             sleutel: str | None = None, namen: Mapping[str, str] | None = None,
             alle: Mapping[str, Stap] | None = None) -> None:
    """Parse, start the step, print its line (or `Fout: …`, exit 1)."""
    invoer = lees_invoer(stap, waarden, namen or {})
    moment = parse_nu(nu)
    if moment is not None or deur.settings().stappen_in_proces:
        u = deur.in_proces(stap, flows_module, invoer, moment)
    else:
        u = deur.via_stack(stap, invoer, sleutel)
    deur.toon(u, deur.hints(stap, alle or {stap.naam: stap}, getattr(invoer, "referentie", None))
              if not u.geweigerd else ())


def commando(app: typer.Typer, stap: Stap, flows_module: str, *, naam: str | None = None, verborgen: bool = False,
             argumenten: Sequence[tuple[str, str, str]] = (), lijsten: Mapping[str, tuple[str, str]] | None = None,
             alle: Mapping[str, Stap] | None = None) -> None:
    """Add `werkpad … <naam>` for `stap`. `argumenten`: (field, METAVAR, name in messages), positional in this
    order; `lijsten`: field -> (option, help) for a repeatable option."""
    lijsten = dict(lijsten or {})
    namen = {veld: wat for veld, _, wat in argumenten}
    namen.update({veld: optie for veld, (optie, _) in lijsten.items()})
    gewoon = {p.name: p for p in deur._parameters(stap.invoer)}
    params: list[inspect.Parameter] = []
    for veld, metavar, _wat in argumenten:
        params.append(inspect.Parameter(veld, inspect.Parameter.KEYWORD_ONLY, annotation=str, default=typer.Argument(
            ..., metavar=metavar, help=deur._help(stap.invoer, veld), show_default=False)))
        gewoon.pop(veld)
    for veld, (optie, hulp) in lijsten.items():
        params.append(inspect.Parameter(veld, inspect.Parameter.KEYWORD_ONLY, annotation=list[str],
                                        default=typer.Option([], optie, help=hulp)))
        gewoon.pop(veld)
    params.extend(gewoon.values())

    def run(**waarden: Any) -> None:
        nu = waarden.pop("nu", None)
        sleutel = waarden.pop("sleutel", None)
        for veld in lijsten:
            if not waarden.get(veld):
                waarden.pop(veld, None)
        voer_uit(stap, flows_module, waarden, nu=nu, sleutel=sleutel, namen=namen, alle=alle)

    run.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in params}
    run.__doc__ = stap.omschrijving
    run.__name__ = (naam or stap.naam).replace("-", "_")
    getallen = any(stap.invoer.model_fields[veld].annotation is int for veld, _, _ in argumenten)
    app.command(naam or stap.naam, hidden=verborgen, context_settings=ID_ARGUMENT if getallen else None)(run)
