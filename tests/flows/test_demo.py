"""`werkpad demo` walks every process on a moved clock: each example ends where the demo says."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from rich.console import Console
from sqlmodel import select

from casestore import repo
from casestore.db import session
from casestore.models import AuditEvent
from tests.conftest import at, make_settings, wachtend_traject


def test_the_demo_walks_every_process(prefect, rt, sim, mailbox, db_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from werkpad.demo import VOORBEELDEN, run_demo

    if not db_url.startswith("sqlite"):
        pytest.skip("the demo runs on the embedded defaults (SQLite); one walk is enough")

    s = make_settings(db_url=db_url, sim_url=sim.url, data_dir=tmp_path, smtp_port=mailbox.port)
    uit = io.StringIO()
    refs = run_demo(Console(file=uit, width=200), s, start=at("2026-11-23T09:00"))
    tekst = uit.getvalue()
    assert len(refs) == len(VOORBEELDEN) and "overgeslagen" not in tekst, tekst
    per_naam = dict(zip((v["naam"] for v in VOORBEELDEN), refs, strict=True))
    with session(rt.engine) as db:
        def traject(naam: str):  # type: ignore[no-untyped-def]
            return repo.get_traject(db, referentie=per_naam[naam])

        assert (traject("Demo de Vries").status, traject("Demo de Vries").fase) == ("traject", "ontwikkeling-werkervaring")
        assert (traject("Demo Jansen").status, traject("Demo Jansen").fase) == ("traject", "werk-houden")
        assert traject("Demo Mulder").status == "afgesloten"
        assert traject("Demo Visser").status == "tijdelijk_oponthoud"
        assert traject("Demo Bakker").status == "afgesloten"  # the gemeente refused the uitkering
        events = Counter(e.gebeurtenis for e in db.exec(select(AuditEvent)) if e.gebeurtenis)
    assert events["verlengde_intake.besloten"] == 1 and events["traject.uitstroom"] == 1
    assert events["nazorg.gestart"] == 1 and events["traject.contact"] == 1
    assert "Demo klaar" in tekst


def test_the_demo_refuses_a_store_with_other_deelnemers(rt, sim, db_url) -> None:  # type: ignore[no-untyped-def]
    """It moves the clock: on a store with real cases it would use up their reminders and terms."""
    from werkpad.demo import DemoGeweigerd, controleer_lege_store

    controleer_lege_store(rt.engine)  # empty: fine
    wachtend_traject(rt, "999900419")
    with pytest.raises(DemoGeweigerd, match="bevat al 1 andere deelnemer"):
        controleer_lege_store(rt.engine)
