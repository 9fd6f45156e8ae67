"""The waiting term's end: woken by its timer (the sweep starts the deployment), ends the instance."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from casestore import repo
from casestore.db import session as new_session
from domain.gemeenten import Gemeente
from domain.herinneringen import lokale_datum
from domain.wachttermijn import VERSTREKEN, WACHTTERMIJN, controleer_termijn_voorbij, laatste_wachtdag
from tasks.logs import logger
from tasks.runtime import Runtime
from tasks.step import step


@step()
def verstrijk(rt: Runtime, *, referentie: str, nu: datetime) -> dict[str, Any]:
    """End the open waiting term of the traject and inform the werkcoach. A second wake-up (or a
    traject closed meanwhile) changes nothing."""
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        stap = repo.get_open_stap(s, traject=t, proces=WACHTTERMIJN)
        if stap is None:
            return {"referentie": referentie, "gewijzigd": False, "gemeente": t.gemeente}
        d = repo.get_deadline_van(s, stap=stap)
        soort = str(stap.data.get("soort", "wachttermijn"))
        wat = d.omschrijving if d else soort.capitalize()
        # Only the timer may end a waiting term: a run started by hand before its end changes nothing.
        controleer_termijn_voorbij(referentie, soort, d.due if d is not None and d.status == "open" else None,
                                   lokale_datum(nu))
        repo.overgang(s, traject=t, stap=stap, proces=WACHTTERMIJN, naar=VERSTREKEN, nu=nu, actor="wekker",
                      omschrijving=f"{wat} voorbij; werkcoach geïnformeerd.",
                      gebeurtenis=WACHTTERMIJN.gebeurtenis(VERSTREKEN), data={"soort": soort})
        repo.sluit_deadlines_van(s, stap=stap, nu=nu, status="verstreken")  # if woken before the sweep closed it
        if d is not None:
            repo.add_outbox(s, idem_key=f"wachttermijn-verstreken:{t.referentie}:{stap.id}", soort="email", traject=t,
                            nu=nu, payload={"template": "wachttermijn_verstreken", "aan": t.werkcoach_email,
                                            "referentie": t.referentie, "soort": soort, "wat": wat,
                                            "einde": d.due.isoformat(), "grondslag": d.grondslag,
                                            "laatste_dag": laatste_wachtdag(d.due).isoformat(),
                                            "gemeente": Gemeente(t.gemeente).naam})
        s.commit()
    logger().info("%s: %s verstreken", referentie, soort)
    return {"referentie": referentie, "gewijzigd": True, "gemeente": t.gemeente, "soort": soort}
