"""`werkpad outbox lijst|opnieuw`: a refused row is sent again once its cause is fixed, with its own
idempotency key, audited; the gemeente holds one zaak, not two."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlmodel import select

from casestore import repo
from casestore.db import session
from casestore.models import AuditEvent, Outbox
from tasks.aanmelding import plan_intake, registreer
from tasks.dispatch import dispatch
from tests.conftest import at


def werkpad(args: list[str]) -> tuple[int, str]:
    from typer.testing import CliRunner

    from werkpad.cli import app

    r = CliRunner().invoke(app, args, catch_exceptions=False, env={"COLUMNS": "300"})
    return r.exit_code, r.output


@pytest.mark.postgresql  # also on PostgreSQL (tests/conftest.py)
def test_a_refused_row_is_sent_again_with_its_own_key(rt: Any, sim: Any) -> None:
    t0 = at("2026-11-23T09:00")
    ref = registreer(rt, bsn="999900201", naam="Opnieuw Proef", geboortedatum=date(1980, 1, 1), gemeente="velsen",
                     werkcoach="wc.velsen@ijw.example", nu=t0, actor="test")
    plan_intake(rt, referentie=ref, nu=t0)
    sim.drive("/_sim/fault", {"mode": "malformed", "volgende": 1})  # the gemeente garbles its first answer
    res = dispatch(rt, nu=t0)
    assert res.mislukt_definitief == 1
    with session(rt.engine) as s:
        [rij] = [r for r in s.exec(select(Outbox)).all() if r.payload.get("op") == "registreer_zaak"]
        sleutel, rid = rij.idem_key, rij.id
        assert rij.status == "failed"
        t = repo.get_traject(s, referentie=ref)
        assert len([k for k in repo.open_taken(s, traject=t) if k.titel.startswith("Geweigerd door gemeente")]) == 1

    code, out = werkpad(["outbox", "lijst", "--traject", ref, "--status", "geweigerd"])
    assert code == 0 and "registreer_zaak" in out and "geweigerd" in out and "999900201" not in out, out
    code, out = werkpad(["outbox", "opnieuw", str(rid), "--door", "beheer@ijmondwerkt.example"])
    assert code == 0 and f"Bericht {rid} ({ref}) staat weer in de wachtrij" in out, out
    code, out = werkpad(["outbox", "opnieuw", str(rid), "--door", "beheer@ijmondwerkt.example"])
    assert code == 1 and "staat al in de wachtrij" in out  # twice is refused, one line

    res = dispatch(rt, nu=at("2026-11-23T10:00"))
    assert res.mislukt_definitief == 0
    with session(rt.engine) as s:
        rij = s.get(Outbox, rid)
        assert rij is not None and rij.status == "sent" and rij.idem_key == sleutel
        t = repo.get_traject(s, referentie=ref)
        assert t.zaak_url
        opnieuw = s.exec(select(AuditEvent).where(AuditEvent.traject_id == t.id,
                                                   AuditEvent.soort == "outbox:opnieuw")).all()
        assert [a.actor for a in opnieuw] == ["beheer@ijmondwerkt.example"]
        # the refusal's staff task is done once the row is queued again
        assert [k for k in repo.open_taken(s, traject=t) if k.titel.startswith("Geweigerd door")] == []
    assert [z["identificatie"] for z in sim.state.zaken.values()].count(ref) == 1
    code, out = werkpad(["outbox", "opnieuw", str(rid), "--door", "beheer@ijmondwerkt.example"])
    assert code == 1 and "al verzonden" in out
