"""The event vocabulary: typed events with proces and gemeente make report counts one query."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import col, select

from casestore.db import session
from casestore.models import AuditEvent
from domain.brede_intake import BREDE_INTAKE
from domain.tijdelijk_oponthoud import TIJDELIJK_OPONTHOUD
from domain.traject import TRAJECT_GEBEURTENISSEN
from domain.uitkering import UITKERING
from domain.wachttermijn import WACHTTERMIJN
from tests.conftest import wachtend_traject

VOCABULAIRE = (TRAJECT_GEBEURTENISSEN | BREDE_INTAKE.gebeurtenissen | UITKERING.gebeurtenissen
               | WACHTTERMIJN.gebeurtenissen | TIJDELIJK_OPONTHOUD.gebeurtenissen)


def test_every_process_can_lapse_and_names_its_events_after_itself() -> None:
    for p in (BREDE_INTAKE, UITKERING, WACHTTERMIJN, TIJDELIJK_OPONTHOUD):
        assert "vervallen" in p.eindstatussen  # a closing traject lets every open instance lapse
        assert all(g.startswith(p.naam + ".") for g in p.gebeurtenissen)


def test_counts_per_gemeente_process_and_event_are_one_query(rt, sim) -> None:  # type: ignore[no-untyped-def]
    wachtend_traject(rt, "999900213", gemeente="velsen")
    wachtend_traject(rt, "999900225", gemeente="beverwijk")
    with session(rt.engine) as s:
        rows = s.exec(select(AuditEvent.gemeente, AuditEvent.proces, AuditEvent.gebeurtenis, func.count())
                      .where(col(AuditEvent.gebeurtenis).is_not(None))
                      .group_by(AuditEvent.gemeente, AuditEvent.proces, AuditEvent.gebeurtenis)).all()
        telling = {(g, p, e): n for g, p, e, n in rows}
        for gemeente in ("velsen", "beverwijk"):
            assert telling[(gemeente, "traject", "traject.aangemeld")] == 1
            assert telling[(gemeente, "brede_intake", "brede_intake.gepland")] == 1
            assert telling[(gemeente, "brede_intake", "brede_intake.afgerond")] == 1
            assert telling[(gemeente, "uitkering", "uitkering.gevraagd")] == 1
        assert {e for _, _, e in telling} <= VOCABULAIRE  # no event outside the declared vocabulary
