"""`werkpad indicatie …`: an aanvraag indicatie banenafspraak or advies beschut werk at UWV, step by step: one
generated door per step (werkpad/deur.py), declared in domain/indicatie_stappen.py. Every check on the case
(an indicatie running, its state, the twelve months, a letter's date) is the step's own guard, inside the run."""

from __future__ import annotations

import typer

app = typer.Typer(help="Indicatie aanvragen bij UWV: banenafspraak (beoordeling arbeidsvermogen) of beschut werk.",
                  no_args_is_help=True)

REF_HELP = "Trajectnummer, bijv. IJW-2026-000123"


def _stappen() -> None:
    """The commands in the order of the process; `indienen` takes `--bijlage` once per bijlage."""
    from domain.indicatie_stappen import INDIENEN, STAPPEN
    from werkpad.deur import commando

    alle = {s.naam: s for s in STAPPEN}
    for s in STAPPEN:
        lijsten = {"bijlagen": ((s.optie("bijlagen"), "--bijlagen"), "stageverslag, bevindingen, arbeidsdiagnose, "
                                "loonwaarderapport, overig (herhaalbaar)")} if s is INDIENEN else None
        commando(app, s, "flows.indicatie", alle, lijsten=lijsten)


_stappen()
