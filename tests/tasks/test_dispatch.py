"""The dispatcher knows no kind: handlers register by name, errors are sorted by the partner base."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlmodel import select

from casestore import repo
from casestore.db import session
from casestore.models import AuditEvent, Outbox, Taak
from integrations.errors import PartnerMalformed, PartnerRejected, PartnerTransient
from tasks import dispatch
from tasks.aanmelding import registreer
from tests.conftest import at


class NieuwePartnerTijdelijk(PartnerTransient):
    partner = "nieuwe partner"


@pytest.fixture()
def proef() -> Iterator[list[Exception | None]]:
    """A kind 'proef' whose handler raises what the test puts in the list (None: success)."""
    gedrag: list[Exception | None] = []

    @dispatch.handler("proef")
    def _proef(ctx: dispatch.Context, row: Outbox) -> str:
        exc = gedrag.pop(0)
        if exc is not None:
            raise exc
        return f"proef-{row.id}"

    yield gedrag
    dispatch.HANDLERS.pop("proef", None)


def queue(rt, kind: str = "proef") -> tuple[str, int]:  # type: ignore[no-untyped-def]
    nu = at("2026-11-23T09:00")
    ref = registreer(rt, bsn="999900092", naam="Proef Persoon", geboortedatum=date(1980, 1, 1), gemeente="velsen",
                     werkcoach="wc@ijw.example", nu=nu, actor="test")
    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        for o in s.exec(select(Outbox)).all():  # only our row is of interest here
            s.delete(o)
        repo.add_outbox(s, idem_key=f"proef:{ref}", soort=kind, traject=t, nu=nu, payload={})
        s.commit()
        row = s.exec(select(Outbox).where(Outbox.idem_key == f"proef:{ref}")).one()
        assert row.id is not None
        return ref, row.id


def row_status(rt, oid: int) -> str:  # type: ignore[no-untyped-def]
    with session(rt.engine) as s:
        row = s.get(Outbox, oid)
        assert row is not None
        return row.status


@pytest.mark.postgresql  # also on PostgreSQL (tests/conftest.py)
def test_a_new_partners_transient_error_stays_queued_and_is_sent_later(rt, proef) -> None:  # type: ignore[no-untyped-def]
    _, oid = queue(rt)
    proef += [NieuwePartnerTijdelijk("even weg"), None]
    res = dispatch.dispatch(rt, nu=at("2026-11-23T09:01"))
    assert (res.mislukt_tijdelijk, res.mislukt_definitief, row_status(rt, oid)) == (1, 0, "pending")
    res = dispatch.dispatch(rt, nu=at("2026-11-23T09:02"))
    assert (res.verstuurd, row_status(rt, oid)) == (1, "sent")
    assert dispatch.dispatch(rt, nu=at("2026-11-23T09:03")).verstuurd == 0  # exactly once


@pytest.mark.parametrize("exc", [PartnerRejected("Aanvraag onvolledig: bijlage ontbreekt", 422),
                                 PartnerMalformed("Antwoord zonder kenmerk")])
def test_a_refusal_fails_the_row_and_gives_the_werkcoach_a_task_with_the_message(rt, proef, exc) -> None:  # type: ignore[no-untyped-def]
    ref, oid = queue(rt)
    proef.append(exc)
    res = dispatch.dispatch(rt, nu=at("2026-11-23T09:01"))
    assert (res.mislukt_definitief, row_status(rt, oid)) == (1, "failed")
    with session(rt.engine) as s:
        taken = [t for t in s.exec(select(Taak)).all() if t.titel.startswith("Geweigerd")]
        assert [t.eigenaar_email for t in taken] == ["wc@ijw.example"] and str(exc) in taken[0].titel
        assert any(str(exc) in e.omschrijving for e in s.exec(select(AuditEvent).where(AuditEvent.soort == "fout")))
    assert dispatch.dispatch(rt, nu=at("2026-11-23T09:30")).mislukt_definitief == 0  # not hammered again


def test_werkpads_own_refusal_after_the_partner_names_no_partner(rt, proef) -> None:  # type: ignore[no-untyped-def]
    """Issue 20 (18): a rule of werkpad's own that refuses while a row is handled (the partner had answered)
    is werkpad's: the task says so and blames no partner ("Geweigerd door inlichtingenbureau" was wrong)."""
    from domain.errors import TransitionRefused

    ref, oid = queue(rt)
    proef.append(TransitionRefused(f"{ref}: registratie doelgroepregister loopt al."))
    assert dispatch.dispatch(rt, nu=at("2026-11-23T09:01")).mislukt_definitief == 1
    with session(rt.engine) as s:
        [taak] = [t for t in s.exec(select(Taak)).all() if "loopt al" in t.titel]
        assert taak.titel == f"Niet verwerkt door werkpad (proef): {ref}: registratie doelgroepregister loopt al."
        assert not [t for t in s.exec(select(Taak)).all() if t.titel.startswith("Geweigerd door")]


@pytest.mark.postgresql  # also on PostgreSQL (tests/conftest.py)
def test_a_row_of_an_unknown_kind_is_not_retried(rt) -> None:  # type: ignore[no-untyped-def]
    _, oid = queue(rt, kind="onbekend")
    res = dispatch.dispatch(rt, nu=at("2026-11-23T09:01"))
    assert res.mislukt_definitief == 1 and row_status(rt, oid) == "failed" and "Geen verwerker" in res.fouten[0]


def test_kinds_register_themselves() -> None:
    dispatch.load_handlers()
    assert {"email", "zgw", "flow"} <= set(dispatch.HANDLERS)
