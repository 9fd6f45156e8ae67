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
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        data = dict(repo.get_stap(s, traject=t, proces=INDICATIE).data or {})
    return {k: data.get(k) for k in ("kanaal", "uwv_id", "ontvangen_op")}
