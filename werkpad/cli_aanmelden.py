"""`werkpad aanmelden` after its input passed: register (or find the same aanmelding made before), start the
aanmelding flow, and say what was registered and what still waits in the outbox.

Once the traject is committed the command answers with its reference and exit code 0, whatever happens to the
sending afterwards: a gemeente that loses an answer or goes down leaves rows in the outbox, which sends them
later. A retry of the same aanmelding (same BSN, gemeente, werkcoach, naam and geboortedatum, the traject still
at its start) answers with the traject it made instead of refusing a second one (domain/traject.py)."""

from __future__ import annotations

from datetime import date, datetime

import typer

from werkpad.commando import err, require_prefect, runtime, settings


def check_gemeente() -> None:
    """The gemeente answers (the zaak goes there next); else nothing is written."""
    with runtime().gemeente_client() as c:
        c.zaaktype("IJW-REINTEGRATIE")


def registreer(*, bsn: str, naam: str, geboortedatum: date, gemeente: str, werkcoach: str, nu: datetime,
               actor: str = "cli", gegevens_bijwerken: bool = False) -> str:
    """Register and plan in one transaction (tasks/aanmelding.py checks everything on the case in it): the
    reference. Only when the case allows it, and before the commit, the door checks that the gemeente and Prefect
    answer: if either is down nothing is written."""
    from tasks.aanmelding import meld_aan

    def kan_verder() -> None:
        check_gemeente()
        require_prefect(settings())

    ref: str = meld_aan(runtime(), bsn=bsn, naam=naam, geboortedatum=geboortedatum, gemeente=gemeente,
                        werkcoach=werkcoach, nu=nu, actor=actor, gegevens_bijwerken=gegevens_bijwerken,
                        voor_commit=kan_verder)
    return ref


def registreer_of_vind(*, bsn: str, naam: str, geboortedatum: date, gemeente: str, werkcoach: str, nu: datetime,
                       gegevens_bijwerken: bool = False) -> tuple[str, bool]:
    """(reference, made before): a new registration, or the one this same aanmelding made earlier. Also when the
    registration's answer is lost after its commit (a connection that drops at the commit): what the store holds
    counts, never the error."""
    from casestore.repo import DuplicateTraject
    from tasks.aanmelding import eerdere_aanmelding

    def eerder() -> str | None:
        return eerdere_aanmelding(runtime(), bsn=bsn, naam=naam, geboortedatum=geboortedatum, gemeente=gemeente,
                                  werkcoach=werkcoach)

    try:
        return registreer(bsn=bsn, naam=naam, geboortedatum=geboortedatum, gemeente=gemeente, werkcoach=werkcoach,
                          nu=nu, gegevens_bijwerken=gegevens_bijwerken), False
    except DuplicateTraject:
        ref = eerder()
        if ref is None:
            raise
        return ref, True
    except typer.Exit:  # its Fout line is printed: the store was not reached, there is nothing to look up
        raise
    except Exception:
        try:
            ref = eerder()
        except Exception:  # noqa: BLE001 - the store is unreachable too: the first error is the one to show
            ref = None
        if ref is None:
            raise
        return ref, False


def start_aanmelding(ref: str, nu: datetime | None, *, in_proces: bool) -> str | None:
    """The aanmelding flow (reference only): the zaak at the gemeente and the invitations; on the stack, or in this
    process with the moved clock. Returns why sending did not finish (None: it did). The traject and its intake
    are stored already; what was not sent stays queued and the outbox sends it later."""
    def run() -> None:
        if in_proces:
            require_prefect(settings())
            from flows.aanmelding import aanmelding  # Prefect from here on: the input has passed

            plan = aanmelding(referentie=ref, nu=nu)
            if isinstance(plan, dict) and plan.get("versturen_uitgesteld"):
                raise RuntimeError(str(plan["versturen_uitgesteld"]))
            return
        from werkpad.deur import start_op_stack

        uitvoering, _ = start_op_stack("aanmelding", "aanmelding", {"referentie": ref}, f"werkpad-cli:aanmelding:{ref}",
                                       "aanmelding")
        state = uitvoering.get("state") or {}
        if state.get("type") != "COMPLETED":
            raise RuntimeError(f"run {uitvoering.get('name')}: {state.get('name')}")
        if (state.get("message") or "").startswith("Versturen uitgesteld: "):  # committed; sending waits
            raise RuntimeError(state["message"].removeprefix("Versturen uitgesteld: "))

    try:
        run()
    except (Exception, typer.Exit) as exc:  # noqa: BLE001 - the case exists: say so, and what happens to the rest
        from domain.bsn import maskeer_bsns

        return maskeer_bsns(str(exc))[:200] or "Prefect-server niet bereikbaar"
    return None


def meld_uitkomst(ref: str, *, eerder: bool, reden: str | None) -> None:
    """The lines after the reference: a repeat says so; what was not sent is named, with who sends it."""
    from domain.outbox import wachtrij_tekst
    from tasks.aanmelding import nog_te_versturen

    if eerder:
        err.print(f"{ref} was al aangemeld (zelfde BSN, gemeente, werkcoach, naam en geboortedatum); er is geen "
                  "tweede traject gemaakt.", highlight=False, soft_wrap=True)
    try:
        wacht = wachtrij_tekst(nog_te_versturen(runtime(), referentie=ref))
    except Exception:  # noqa: BLE001 - the store went away after the commit: the reference stands, say less
        wacht = "zie 'werkpad outbox lijst --traject " + ref + "'"
    if reden is None and not wacht:
        return
    waarom = f" ({reden})" if reden else ""
    err.print(f"Let op: {ref} is aangemeld en de brede intake is gepland, maar nog niet alles is verstuurd{waarom}. "
              f"In de wachtrij: {wacht or 'niets'}. De outbox (deadline-sweep) verstuurt het zodra de ontvanger "
              "bereikbaar is; er is niets dubbel aan te melden.", highlight=False, soft_wrap=True)
