"""`werkpad outbox …`: what werkpad still has to send, and sending a refused row again once its cause is fixed."""

from __future__ import annotations

from datetime import UTC, datetime

import typer

from domain.invoer import controleer_door, parse_id, parse_referentie
from werkpad.commando import fail, guarded, out, runtime

app = typer.Typer(help="De outbox: wat werkpad nog moet versturen, en geweigerde berichten opnieuw versturen.",
                  no_args_is_help=True)

STATUS = {"pending": "in de wachtrij", "sending": "wordt verzonden", "sent": "verzonden", "failed": "geweigerd"}
FILTER = {"open": ("pending", "sending", "failed"), "geweigerd": ("failed",), "wachtrij": ("pending", "sending"),
          "verzonden": ("sent",), "alle": ()}


def _wat(payload: dict[str, object]) -> str:
    """What a row does, without its content: a template name or a ZGW operation."""
    if "template" in payload:
        return f"e-mail {payload['template']}"
    wat = str(payload.get("op", "?"))
    for k in ("statustype", "resultaattype", "besluittype"):
        if payload.get(k):
            wat += f" {payload[k]}"
    return wat


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
            return [(r.id, refs.get(r.traject_id or 0, "-"), r.soort, _wat(r.payload), STATUS.get(r.status, r.status),
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
        from casestore import outbox, repo
        from casestore.db import session
        from casestore.models import Outbox, Traject

        nu = datetime.now(UTC)
        gedaan: list[tuple[int, str]] = []
        with session(runtime().engine) as s:
            if oid is not None:
                row = s.get(Outbox, oid)
                if row is None:
                    fail(f"Er is geen outbox-bericht {oid}.")
                if row.status == "sent":
                    fail(f"Bericht {oid} is al verzonden; opnieuw versturen kan niet (en is niet nodig).")
                if row.status == "pending":
                    fail(f"Bericht {oid} staat al in de wachtrij ({STATUS.get(row.status, row.status)}).")
                rows = [row]
            else:
                t = repo.get_traject(s, referentie=str(ref))
                rows = outbox.lijst(s, traject_id=t.id, statussen=("failed",))
                if not rows:
                    fail(f"{ref} heeft geen geweigerde berichten.")
            for row in sorted(rows, key=lambda r: r.id or 0):
                assert row.id is not None
                fout = row.laatste_fout or ""
                outbox.opnieuw(s, outbox_id=row.id)
                tr = s.get(Traject, row.traject_id) if row.traject_id else None
                if tr is not None:
                    taken = repo.sluit_weigeringstaken(s, traject=tr, idem_key=row.idem_key, nu=nu)
                    repo.audit(s, traject=tr, nu=nu, actor=door, soort="outbox:opnieuw",
                               omschrijving=f"Bericht {row.id} ({_wat(row.payload)}) opnieuw in de wachtrij gezet"
                                            f"{' (taak afgerond)' if taken else ''}; eerder: {fout}"[:500],
                               data={"outbox": row.idem_key})
                gedaan.append((row.id, tr.referentie if tr else "-"))
            s.commit()
        return gedaan

    for rid, rref in guarded(zet):
        out.print(f"Bericht {rid} ({rref}) staat weer in de wachtrij, met dezelfde idempotentiesleutel.", highlight=False)
