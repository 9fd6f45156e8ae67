"""The maatregelen of a traject as a whole: the status overview, closing each maatregel's own zaak once
its terms passed (the sweep), and what closing the traject does to an onderzoek without beschikking."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from casestore import maatregelen, outbox, repo
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
        verlagingen = _verlagingen(s, t)
        out = []
        for m in rows:
            p = stappen.get(m.proces_stap_id)
            out.append({"id": m.id, "status": P.status_label(p.status) if p else "?", "gedraging": m.gedraging,
                        "verzuim_op": m.verzuim_op.isoformat(), "type": m.type, "percentage": m.percentage,
                        "maanden": m.maanden, "besluit_datum": m.besluit_datum.isoformat() if m.besluit_datum else None,
                        "bezwaar_uiterlijk": m.bezwaar_uiterlijk.isoformat() if m.bezwaar_uiterlijk else None,
                        "reageren_uiterlijk": m.reageren_uiterlijk.isoformat() if m.reageren_uiterlijk else None,
                        "kortingsmaanden": m.kortingsmaanden, "beschikking_status": m.status,
                        "verlagingen": verlagingen.get(m.id or 0, [])})
        # One line per open instance: bezwaren and heroverwegingen run per beschikking (#maatregel id).
        lopend = {f"{pr.naam}" + (f" #{p.data['maatregel_id']}" if pr in (BEZWAAR, HEROVERWEGING, INKEER)
                                  and p.data.get("maatregel_id") else ""): pr.status_label(p.status)
                  for p in stappen.values() for pr in (P, BEZWAAR, HEROVERWEGING, INKEER)
                  if p.proces == pr.naam and p.open_sleutel}
        return {"referentie": referentie, "gemeente": t.gemeente, "maatregelen": out, "lopend": lopend}


def _verlagingen(s: Session, t: Traject) -> dict[int, list[dict[str, Any]]]:
    """Per maatregel: its verlaging rows and where they are (doorgegeven, wacht op het besluit, niet verstuurd)."""
    uit: dict[int, list[dict[str, Any]]] = {}
    for r in sorted(outbox.lijst(s, traject_id=t.id, limit=1000), key=lambda r: r.id or 0):
        p = r.payload if isinstance(r.payload, dict) else {}
        if p.get("op") != "verlaging" or p.get("maatregel_id") is None:
            continue
        stand_ = {"sent": "doorgegeven", "failed": "niet verstuurd"}.get(r.status, "in de wachtrij")
        opnieuw = r.id if r.status == "failed" else None  # the row to put back in the queue (the door says how)
        if r.status == "failed" and p.get("wacht_op"):
            wacht = outbox.wacht_op(s, row=r)
            if wacht is not None and wacht[1] is not None and wacht[1].status == "failed":
                stand_ = f"niet verstuurd: de gemeente weigerde besluit {p.get('na_besluit')} (bericht {wacht[1].id})"
                opnieuw = wacht[1].id
        uit.setdefault(int(p["maatregel_id"]), []).append({"bericht": r.id, "soort": p.get("soort"), "stand": stand_,
                                                           "opnieuw": opnieuw})
    return uit


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
