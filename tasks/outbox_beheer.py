"""Operations on the outbox (werkpad outbox opnieuw): put refused rows back in the queue, with the rule that says
which may go (domain/outbox.py) and the audit and staff tasks that follow, in one transaction."""

from __future__ import annotations

from datetime import datetime

from casestore import outbox, repo
from casestore.db import session as new_session
from casestore.models import Outbox, Traject
from domain.outbox import controleer_opnieuw, geen_geweigerde, wat
from tasks.runtime import Runtime


def zet_opnieuw(rt: Runtime, *, outbox_id: int | None, referentie: str | None, door: str,
                nu: datetime) -> list[tuple[int, str]]:
    """One row by id, or every refused row of a traject, back in the queue: (id, referentie) per row."""
    gedaan: list[tuple[int, str]] = []
    with new_session(rt.engine) as s:
        if outbox_id is not None:
            row = s.get(Outbox, outbox_id)
            controleer_opnieuw(outbox_id, row.status if row is not None else None)
            assert row is not None
            rows = [row]
        else:
            t = repo.get_traject(s, referentie=str(referentie))
            rows = outbox.lijst(s, traject_id=t.id, statussen=("failed",))
            if not rows:
                geen_geweigerde(str(referentie))
        # A row that waits for one of these (a verlaging for its besluit, casestore/outbox.py) goes back with it.
        rows, i = list(rows), 0
        while i < len(rows):  # and what waits for those, in turn
            rows += [w for w in outbox.wachtend_op(s, row=rows[i]) if w.id not in {r.id for r in rows}]
            i += 1
        for row in sorted(rows, key=lambda r: r.id or 0):
            assert row.id is not None
            fout = row.laatste_fout or ""
            outbox.opnieuw(s, outbox_id=row.id)
            tr = s.get(Traject, row.traject_id) if row.traject_id else None
            if tr is not None:
                taken = repo.sluit_weigeringstaken(s, traject=tr, idem_key=row.idem_key, nu=nu)
                repo.audit(s, traject=tr, nu=nu, actor=door, soort="outbox:opnieuw",
                           omschrijving=f"Bericht {row.id} ({wat(row.payload)}) opnieuw in de wachtrij gezet"
                                        f"{' (taak afgerond)' if taken else ''}; eerder: {fout}"[:500],
                           data={"outbox": row.idem_key})
            gedaan.append((row.id, tr.referentie if tr else "-"))
        s.commit()
    return gedaan
