"""What became of a submitted aanvraag once the outbox ran (the indienen step's summary): the channel, UWV's
kenmerk and a receipt UWV confirmed at once. References and dates only, no personal data."""

from __future__ import annotations

from typing import Any

from casestore import repo
from casestore.db import session as new_session
from domain.indicatie import INDICATIE
from tasks.runtime import Runtime
from tasks.step import step


@step()
def kanaal_na_indienen(rt: Runtime, *, referentie: str) -> dict[str, Any]:
    """Also what became of the outbox row (`verzending`: wachtrij, geweigerd or verzonden, its attempts and last
    fault, BSN-free), so the summary says what really happened: queued, or failed with a task for the werkcoach."""
    from domain.bsn import maskeer_bsns
    from integrations.errors import ONLEESBAAR, ONLEESBAAR_POGINGEN

    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        data = dict(repo.get_stap(s, traject=t, proces=INDICATIE).data or {})
        rij = repo.get_outbox(s, idem_key=str(data.get("idempotency_key", "")))
    uit = {k: data.get(k) for k in ("kanaal", "uwv_id", "ontvangen_op")}
    if rij is not None:
        uit.update(verzending={"pending": "wachtrij", "sending": "wachtrij", "failed": "geweigerd"}.get(
            rij.status, "verzonden"), outbox_id=rij.id, pogingen=rij.pogingen, max_pogingen=ONLEESBAAR_POGINGEN,
            fout=maskeer_bsns(rij.laatste_fout or "")[:300] or None,
            onleesbaar=(rij.laatste_fout or "").startswith(ONLEESBAAR))
    return uit
