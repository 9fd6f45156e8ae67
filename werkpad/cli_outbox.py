"""`werkpad outbox …`: what werkpad still has to send, and sending a refused row again once its cause is fixed."""

from __future__ import annotations

from datetime import UTC, datetime

import typer

from domain.invoer import controleer_door, parse_id, parse_referentie
from domain.outbox import STATUS
from domain.outbox import wat as wat_van
from werkpad.commando import fail, guarded, out, runtime

app = typer.Typer(help="De outbox: wat werkpad nog moet versturen, en geweigerde berichten opnieuw versturen.",
                  no_args_is_help=True)

FILTER = {"open": ("pending", "sending", "failed"), "geweigerd": ("failed",), "wachtrij": ("pending", "sending"),
          "verzonden": ("sent",), "alle": ()}


@app.command("lijst")
def lijst(traject: str | None = typer.Option(None, help="Alleen dit traject (IJW-JJJJ-NNNNNN)"),
          status: str = typer.Option("open", help="open (standaard), geweigerd, wachtrij, verzonden of alle")) -> None:
    """Toon de berichten van de outbox (nieuwste eerst), zonder inhoud of persoonsgegevens."""
    if status not in FILTER:
        fail(f"Status '{status[:20]}' is onbekend; kies uit {', '.join(FILTER)}.")
    ref = guarded(lambda: parse_referentie(traject)) if traject else None

    def lees() -> list[tuple[object, ...]]:
        from casestore import outbox, repo
        from casestore.db import session

        with session(runtime().engine) as s:
            tid = repo.get_traject(s, referentie=ref).id if ref else None
            rows = outbox.lijst(s, traject_id=tid, statussen=FILTER[status])
            refs = outbox.referenties(s, traject_ids=[r.traject_id for r in rows if r.traject_id])
            return [(r.id, refs.get(r.traject_id or 0, "-"), r.soort, wat_van(r.payload), STATUS.get(r.status, r.status),
                     r.pogingen, (r.laatste_fout or "")[:160]) for r in rows]

    rijen = guarded(lees)
    if not rijen:
        out.print("Geen berichten" + (f" van {ref}" if ref else "") + f" met status '{status}'.", highlight=False)
        return
    # Plain lines, never cut to the terminal's width: ops read and grep the whole error.
    out.print(f"{'id':>6}  {'traject':<16} {'soort':<6} {'status':<16} {'pog.':>4}  wat — laatste fout", highlight=False)
    for rid, ref_, soort, wat, st, pog, fout in rijen:
        regel = f"{rid:>6}  {ref_:<16} {soort:<6} {st:<16} {pog:>4}  {wat}" + (f" — {fout}" if fout else "")
        out.print(regel, highlight=False, soft_wrap=True, markup=False)


@app.command("opnieuw")
def opnieuw(outbox_id: str | None = typer.Argument(None, help="Het id van één bericht (zie 'werkpad outbox lijst')"),
            traject: str | None = typer.Option(None, help="Alle geweigerde berichten van dit traject"),
            door: str = typer.Option(..., help="Wie zet het opnieuw klaar (e-mailadres)")) -> None:
    """Zet een geweigerd of vastgelopen bericht opnieuw in de wachtrij, nadat de oorzaak is verholpen.

    Het bericht houdt zijn idempotentiesleutel: de gemeente of mailserver herkent een herhaling. De volgende
    verzending (de deadline-sweep, elk kwartier) verstuurt het; het staat in de tijdlijn van het traject."""
    if (outbox_id is None) == (traject is None):
        fail("Noem één bericht (id) of --traject, niet allebei en niet geen van beide.")
    door = guarded(lambda: controleer_door(door))
    oid = guarded(lambda: parse_id(outbox_id, "id")) if outbox_id is not None else None
    ref = guarded(lambda: parse_referentie(traject)) if traject else None

    def zet() -> list[tuple[int, str]]:
        from tasks.outbox_beheer import zet_opnieuw

        return zet_opnieuw(runtime(), outbox_id=oid, referentie=ref, door=door, nu=datetime.now(UTC))

    for rid, rref in guarded(zet):
        out.print(f"Bericht {rid} ({rref}) staat weer in de wachtrij, met dezelfde idempotentiesleutel.", highlight=False)
