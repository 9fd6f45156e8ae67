"""A day that does not exist (2026-02-30) typed into a step's form passes the server's pattern; it must end the run
Completed as "Geweigerd" with a Dutch line (the step's input model), not Failed with Prefect's English parameter
error before the step starts (found by a new user's trial over the REST API). Calling the flow checks its
parameters the same way Prefect does for a run a form started. (A reference no other test uses: the runs stay on the
session's Prefect server, where test_slice reads the runs of its own traject.)"""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.conftest import at, weigert


def test_an_impossible_date_in_a_form_is_refused_in_dutch_not_failed(prefect: Any, rt: Any, deur: Any) -> None:
    from flows.maatregel import maatregel_bezwaar, maatregel_melden
    from flows.trajectplan import trajectplan_verwijzing_opvolgen

    res = maatregel_melden(referentie="IJW-2026-999901", gedraging="afspraak_niet_nagekomen", verzuim_op="2026-02-30",
                           feiten="Niet verschenen op de training", door="werkcoach", nu=at("2026-12-14T09:00"))
    weigert(res, "2026-02-30 is geen geldige datum: die dag bestaat niet")
    weigert(maatregel_bezwaar(referentie="IJW-2026-999901", ontvangen_op="2027-02-29", nu=at("2026-12-14T09:00")),
            "2027-02-29 is geen geldige datum")
    # an optional date field (empty: the verwijzing closes) the same
    weigert(trajectplan_verwijzing_opvolgen(referentie="IJW-2026-999901", actie_id=1, uitkomst="gestart",
                                            nieuwe_datum="2026-04-31", nu=at("2026-12-14T09:00")),
            "2026-04-31 is geen geldige datum")
    # a real date object (tests, the in-process door) still goes in as it is
    weigert(maatregel_melden(referentie="IJW-2026-999901", gedraging="afspraak_niet_nagekomen",
                             verzuim_op=date(2026, 12, 11), feiten="Niet verschenen op de training",
                             nu=at("2026-12-14T09:00")), "Onbekend traject")
