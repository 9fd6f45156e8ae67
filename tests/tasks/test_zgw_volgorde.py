"""ZGW rows of one zaak go out in order: a status never overtakes an earlier one, nor the
eindstatus the resultaat, even when the earlier row is still held (a retry, another dispatcher)."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from casestore import repo
from casestore.db import session
from casestore.models import Outbox
from tasks._traject import zgw_status
from tasks.dispatch import dispatch
from tests.conftest import at, gezet_op, wachtend_traject


@pytest.mark.postgresql  # also on PostgreSQL (tests/conftest.py)
def test_a_later_status_waits_for_an_earlier_one(rt, sim) -> None:  # type: ignore[no-untyped-def]
    ref = wachtend_traject(rt, "999900341")
    nu = at("2026-12-08T09:00")
    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        repo.add_outbox(s, idem_key=f"zgw:{ref}:resultaat", soort="zgw", traject=t, nu=nu,
                        payload={"op": "resultaat", "resultaattype": "Einde uitkering", "toelichting": "test"})
        zgw_status(s, t, nu, "Afgesloten", "test")
        s.commit()
        eerste, tweede = s.exec(select(Outbox).where(Outbox.traject_id == t.id, Outbox.status == "pending")
                                .order_by(col(Outbox.id))).all()
        eerste.status, eerste.geclaimd_op = "sending", nu  # held elsewhere, lease still running
        s.add(eerste)
        s.commit()
        tweede_id = tweede.id
    res = dispatch(rt, nu=nu)
    # held by a lease: queued and waiting, not a failure of this run (a sweep meeting it succeeds; issue 21)
    assert (res.verstuurd, res.mislukt_tijdelijk, res.fouten) == (0, 0, [])
    assert res.vastgehouden == ["Een eerdere melding aan de zaak wordt nog verzonden; deze volgt daarna."]
    zaak = next(z for z in sim.state.zaken.values() if z["identificatie"] == ref)
    assert zaak.get("einddatum") is None and not zaak.get("resultaat")  # the eindstatus did not overtake
    with session(rt.engine) as s:
        assert s.get(Outbox, tweede_id).status == "pending"  # type: ignore[union-attr]
    later = at("2026-12-08T10:00")  # the lease ran out: the first row is taken up again, then the second
    res = dispatch(rt, nu=later)
    assert res.verstuurd == 2
    assert zaak["resultaat"] and zaak["einddatum"] == gezet_op(nu)  # the moment of the event, never after now
