"""The maatregelen of a traject as a whole: the status overview, closing each maatregel's own zaak once
its terms passed (the sweep), and what closing the traject does to an onderzoek without beschikking."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from casestore import maatregelen, repo
from casestore.db import session as new_session
from casestore.models import Traject
from domain.herinneringen import lokale_datum
from domain.maatregel import (
    BEZWAAR,
    HEROVERWEGING,
    INKEER,
    ONDERZOEK_INGETROKKEN,
    zaak_resultaat,
    zaak_sluit_na,
)
from tasks._traject import bij_afsluiten, sluit_maatregelzaak
from tasks.maatregel._gedeeld import P
from tasks.runtime import Runtime


def stand(rt: Runtime, referentie: str) -> dict[str, Any]:
    """Everything a status command shows about the maatregelen of a traject (no personal data)."""
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        rows = maatregelen.van_traject(s, traject_id=t.id)
        stappen = {p.id: p for p in repo.processen(s, traject=t)}
        out = []
        for m in rows:
            p = stappen.get(m.proces_stap_id)
            out.append({"id": m.id, "status": P.status_label(p.status) if p else "?", "gedraging": m.gedraging,
                        "verzuim_op": m.verzuim_op.isoformat(), "type": m.type, "percentage": m.percentage,
                        "maanden": m.maanden, "besluit_datum": m.besluit_datum.isoformat() if m.besluit_datum else None,
                        "bezwaar_uiterlijk": m.bezwaar_uiterlijk.isoformat() if m.bezwaar_uiterlijk else None,
                        "reageren_uiterlijk": m.reageren_uiterlijk.isoformat() if m.reageren_uiterlijk else None,
                        "kortingsmaanden": m.kortingsmaanden, "beschikking_status": m.status})
        # One line per open instance: bezwaren and heroverwegingen run per beschikking (#maatregel id).
        lopend = {f"{pr.naam}" + (f" #{p.data['maatregel_id']}" if pr in (BEZWAAR, HEROVERWEGING, INKEER)
                                  and p.data.get("maatregel_id") else ""): pr.status_label(p.status)
                  for p in stappen.values() for pr in (P, BEZWAAR, HEROVERWEGING, INKEER)
                  if p.proces == pr.naam and p.open_sleutel}
        return {"referentie": referentie, "gemeente": t.gemeente, "maatregelen": out, "lopend": lopend}


def sluit_verlopen_maatregelzaken(s: Session, nu: datetime) -> int:
    """Close each maatregel's own zaak once its last term has passed and no bezwaar, heroverweging or
    herziening runs for it (resultaat, then eindstatus). The caller commits. Returns how many."""
    vandaag = lokale_datum(nu)
    gesloten = 0
    for m in maatregelen.met_open_zaak(s):
        na = zaak_sluit_na(bezwaar_uiterlijk=m.bezwaar_uiterlijk, heroverweging_uiterlijk=m.heroverweging_uiterlijk,
                           kortingsmaanden=m.kortingsmaanden)
        if na is None or vandaag <= na:
            continue
        t = s.get(Traject, m.traject_id)
        assert t is not None
        lopend = [p for pr in (BEZWAAR, HEROVERWEGING, INKEER) for p in repo.open_stappen_van(s, traject=t, proces=pr)
                  if p.data.get("maatregel_id") == m.id]
        if lopend:
            continue
        sluit_maatregelzaak(s, t, m, nu, zaak_resultaat(m.type, m.status),
                            f"Alle termijnen van {m.besluit_identificatie} zijn verstreken (tot en met {na.isoformat()}).")
        gesloten += 1
    return gesloten


@bij_afsluiten("maatregel")
def _bij_afsluiten(s: Session, t: Traject, nu: datetime, actor: str, reden: str) -> None:
    """Onderzoeken that lapse with the traject (no beschikking) close their zaak as withdrawn; a beschikte
    maatregel's zaak stays open for its terms."""
    for m in maatregelen.van_traject(s, traject_id=t.id):
        if m.besluit_datum is None and m.zaak_afgesloten_op is None:
            sluit_maatregelzaak(s, t, m, nu, ONDERZOEK_INGETROKKEN, f"Traject afgesloten: {reden}")
