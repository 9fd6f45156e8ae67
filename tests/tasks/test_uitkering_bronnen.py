"""The uitkering decision from each source (uitkering.bron per gemeente), through the task functions:
`zgw` reads the gemeente's own aanvraag-zaak (POST /zaken/_zoek on the BSN), `handmatig` asks nothing
and mails the klantmanager, whose recorded word is the decision."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from casestore import repo
from casestore.db import session
from casestore.models import AuditEvent, Deadline, Outbox
from domain.gemeenten import Gemeente, UitkeringBron
from tasks.dispatch import dispatch
from tasks.uitkering import verwerk_uitkeringsbesluit, vraag_uitkeringen
from tests.conftest import at, wachtend_traject


def _status(rt, ref: str) -> str:  # type: ignore[no-untyped-def]
    with session(rt.engine) as s:
        return repo.get_traject(s, referentie=ref).status


@pytest.mark.postgresql  # also on PostgreSQL (tests/conftest.py)
def test_zgw_finds_the_aanvraag_by_bsn_in_a_post_body_and_counts_the_term_from_its_startdatum(rt, sim) -> None:  # type: ignore[no-untyped-def]
    ref = wachtend_traject(rt, "999900171")
    assert vraag_uitkeringen(rt, nu=at("2026-12-08T09:05")) == [{"referentie": ref, "uitkomst": "in_behandeling"}]
    sim.drive(f"/_sim/uitkeringen/{ref}", {"aanvraagdatum": "2026-11-30"})  # the gemeente registered the aanvraag
    assert vraag_uitkeringen(rt, nu=at("2026-12-08T10:05")) == [{"referentie": ref, "uitkomst": "in_behandeling"}]
    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        assert t.aanvraag_op == date(2026, 11, 30)
        d = s.exec(select(Deadline).where(Deadline.traject_id == t.id, Deadline.soort == "uitkeringsbesluit")).one()
        assert d.due == date(2027, 1, 25)  # 8 weeks from ontvangst (Awb 4:13), not from the melding
    sim.drive(f"/_sim/uitkeringen/{ref}", {"status": "toegekend"})
    assert vraag_uitkeringen(rt, nu=at("2026-12-09T09:05")) == [{"referentie": ref, "uitkomst": "toegekend"}]
    res = verwerk_uitkeringsbesluit(rt, referentie=ref, status="toegekend", nu=at("2026-12-09T09:06"))
    assert res["gewijzigd"] and _status(rt, ref) == "traject"


def test_zgw_an_unknown_resultaat_becomes_one_task_with_the_reason(rt, sim) -> None:  # type: ignore[no-untyped-def]
    ref = wachtend_traject(rt, "999900183")
    rt.gemeenten[Gemeente.velsen].uitkering.resultaten = {"Toegekend": "toegekend"}  # 'Afgewezen' not mapped
    sim.drive(f"/_sim/uitkeringen/{ref}", {"status": "afgewezen"})
    [u] = vraag_uitkeringen(rt, nu=at("2026-12-09T09:05"))
    assert u["uitkomst"] == "fout" and "'Afgewezen'" in u["melding"] and "resultaten" in u["melding"]
    [u] = vraag_uitkeringen(rt, nu=at("2026-12-09T10:05"))
    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        assert len([k for k in repo.open_taken(s, traject=t) if k.code == "uitkering.navragen"]) == 1
    assert _status(rt, ref) == "wacht_op_uitkering"


def test_handmatig_asks_nothing_mails_the_klantmanager_and_takes_the_recorded_decision(rt, sim) -> None:  # type: ignore[no-untyped-def]
    for g in rt.gemeenten.values():
        g.uitkering.bron = UitkeringBron.handmatig
    ref = wachtend_traject(rt, "999900195")
    with session(rt.engine) as s:
        rows = s.exec(select(Outbox).where(Outbox.idem_key == f"uitkering-besluit-gevraagd:{ref}")).all()
        assert [r.payload["aan"] for r in rows] == ["klantmanager@velsen.example"]
        assert "999900195" not in str(rows[0].payload)
    verzoeken = sim.state.requests
    assert vraag_uitkeringen(rt, nu=at("2026-12-09T09:05")) == [
        {"referentie": ref, "uitkomst": "handmatig", "melding": "De klantmanager van de gemeente geeft het besluit door."}]
    assert sim.state.requests == verzoeken  # nothing asked
    res = verwerk_uitkeringsbesluit(rt, referentie=ref, status="afgewezen", nu=at("2026-12-09T10:00"),
                                    aanvraag_op=date(2026, 11, 27))
    assert res["gewijzigd"] and _status(rt, ref) == "afgesloten"
    dispatch(rt, nu=at("2026-12-09T10:00"))
    zaak = next(z for z in sim.state.zaken.values() if z["identificatie"] == ref)
    resultaat = sim.state.resultaten[zaak["resultaat"].rsplit("/", 1)[-1]]
    assert zaak["einddatum"] and resultaat["resultaattype"].endswith(
        next(r["url"] for r in sim_resultaattypen(sim) if r["omschrijving"] == "Uitkering afgewezen").rsplit("/", 1)[-1])
    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        assert t.aanvraag_op == date(2026, 11, 27)
        fouten = s.exec(select(AuditEvent).where(AuditEvent.traject_id == t.id, AuditEvent.soort == "fout")).all()
        assert fouten == []


def sim_resultaattypen(sim) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    import httpx

    from integrations.gemeente.auth import make_token
    from tests.conftest import SECRET

    h = {"Authorization": "Bearer " + make_token("werkpad-test", SECRET)}
    return list(httpx.get(f"{sim.url}/catalogi/api/v1/resultaattypen", params={"zaaktypeIdentificatie":
                                                                             "IJW-REINTEGRATIE"}, headers=h).json()[
        "results"])


def test_an_opschorting_recorded_before_the_aanvraagdatum_still_counts_after_it(rt, sim, deur) -> None:  # type: ignore[no-untyped-def]
    """Found in the issue-18 trial: counting the beslistermijn again from the gemeente's aanvraagdatum
    used to drop an opschorting recorded on it before (Awb 4:15: the term is suspended those days)."""
    from typer.testing import CliRunner

    from werkpad.cli import app

    ref = wachtend_traject(rt, "999900213")
    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        d = s.exec(select(Deadline).where(Deadline.traject_id == t.id, Deadline.soort == "uitkeringsbesluit")).one()
        voor = d.due
    r = CliRunner().invoke(app, ["deadline-verplaatsen", str(d.id), "--grond", "opschorting", "--dagen", "14",
                                 "--reden", "Aanvraag onvolledig (Awb 4:15)", "--door", "wc.velsen@ijw.example"])
    assert r.exit_code == 0, r.output
    sim.drive(f"/_sim/uitkeringen/{ref}", {"aanvraagdatum": "2026-11-30"})
    vraag_uitkeringen(rt, nu=at("2026-12-08T09:05"))
    with session(rt.engine) as s:
        na = s.get(Deadline, d.id)
        assert na is not None
        # 8 weeks from 30-11-2026 is 25-1-2027, plus 14 days: 8-2-2027 (a Monday)
        assert voor != na.due == date(2027, 2, 8)
