"""Issue 20 item 8: a refused besluit holds the verlaging. The verlaging row waits for the row of the besluit it
rests on (`wacht_op`, casestore/outbox.py): when the gemeente refuses the besluit, the verlaging is not sent, by
call (http) nor as the task mail to the uitkeringsadministratie (handmatig); the werkcoach's task says in plain
Dutch what failed and what to do, the door renders the command, the task outlives the uitstroom, and putting
the besluit back in the queue sends the verlaging after it. The same for the beslissing op bezwaar.
Real dispatcher, real simulator (its refusal: a vervaldatum before the ingangsdatum, 400 date-mismatch)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from casestore import outbox, repo
from casestore.db import session
from casestore.models import Deadline, Outbox, Taak
from domain.maatregel import BezwaarUitkomst
from domain.outbox import GEWEIGERD_TAAK
from notifications.render import render
from tasks.dispatch import dispatch
from tests.conftest import at, verlaging_http
from tests.tasks.test_maatregel import COACH, TL, lopend, tot_beschikking


def _bederf(rt: Any, key: str) -> dict[str, Any]:
    """The besluit as the gemeente refuses it: a vervaldatum before its ingangsdatum. Returns the good payload."""
    with session(rt.engine) as s:
        r = s.exec(select(Outbox).where(Outbox.idem_key == key)).one()
        goed = dict(r.payload)
        r.payload = {**goed, "vervaldatum": "2027-01-25", "ingangsdatum": "2027-02-01"}
        s.add(r)
        s.commit()
        return goed


def _herstel(rt: Any, key: str, payload: dict[str, Any]) -> None:
    with session(rt.engine) as s:
        r = s.exec(select(Outbox).where(Outbox.idem_key == key)).one()
        r.payload = payload
        s.add(r)
        s.commit()


def _rij(rt: Any, key: str) -> Outbox:
    with session(rt.engine) as s:
        r = s.exec(select(Outbox).where(Outbox.idem_key == key)).one()
        s.expunge(r)
        return r


def _weigeringstaken(rt: Any, ref: str) -> list[tuple[Taak, Deadline]]:
    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        uit = []
        for k in s.exec(select(Taak).where(Taak.traject_id == t.id, Taak.code == GEWEIGERD_TAAK,
                                           Taak.status == "open").order_by(Taak.id)).all():  # type: ignore[arg-type]
            d = s.get(Deadline, k.deadline_id)
            assert d is not None
            s.expunge(k)
            s.expunge(d)
            uit.append((k, d))
        return uit


def _verlaging_gestuurd(rt: Any, sim: Any, ref: str, key: str, http: bool) -> bool:
    if http:
        return any(v["sleutel"] == key for v in sim.state.verlagingen.values())
    with session(rt.engine) as s:  # the task mail to the uitkeringsadministratie
        return s.exec(select(Outbox).where(Outbox.idem_key == f"mail:{key}")).first() is not None


@pytest.mark.parametrize("kanaal", ["http", "handmatig"])
def test_a_refused_beschikking_holds_its_verlaging_until_it_is_sent_again(rt, sim, kanaal: str,  # type: ignore[no-untyped-def]
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from domain.fasen import Uitstroom
    from tasks.fasen import stroom_uit
    from tasks.outbox_beheer import zet_opnieuw

    if kanaal == "http":
        verlaging_http(rt)
    ref = lopend(rt, sim)
    kenmerk = tot_beschikking(rt, ref)["besluit"]
    besluit_key, verlaging_key = f"zgw:{ref}:besluit:{kenmerk}", f"zgw:{ref}:verlaging:{kenmerk}-opl-1"
    assert _rij(rt, verlaging_key).payload["wacht_op"] == besluit_key
    goed = _bederf(rt, besluit_key)

    dispatch(rt, nu=at("2027-01-20T15:00"))
    besluit, verlaging = _rij(rt, besluit_key), _rij(rt, verlaging_key)
    assert besluit.status == "failed" and "vervaldatum" in (besluit.laatste_fout or "")
    assert verlaging.status == "failed"  # not sent: the zaak has no besluit for it
    assert not _verlaging_gestuurd(rt, sim, ref, verlaging_key, kanaal == "http")
    assert verlaging.pogingen == 1 and verlaging.extern_kenmerk is None

    # the werkcoach's tasks: the gemeente's refusal of the besluit, and the held verlaging in plain words
    taken = _weigeringstaken(rt, ref)
    titels = [k.titel for k, _ in taken]
    assert len(taken) == 2 and titels[0].startswith("Geweigerd door gemeente")
    assert titels[1] == (f"De verlaging (opleggen) is niet verstuurd (bericht {verlaging.id}): de gemeente weigerde "
                         f"besluit {kenmerk} (bericht {besluit.id}). Zet na herstel bericht {besluit.id} opnieuw "
                         f"klaar; {verlaging.id} gaat mee.")
    assert all("werkpad" not in t for t in titels)  # the command is the door's (below)
    assert all(k.eigenaar_email == COACH for k, _ in taken)
    # the door renders how to send it again: the besluit's row, for either task
    with session(rt.engine) as s:
        assert [outbox.opnieuw_te_zetten(s, grondslag=d.grondslag) for _, d in taken] == [besluit.id, besluit.id]
    mail = render("herinnering", {"referentie": ref, "label": taken[1][0].titel, "due": "2027-01-22", "stap": 0,
                                  "stap_label": "", "aan": COACH, "eigenaar": COACH, "ontvanger_rol": "werkcoach",
                                  "eigenaar_rol": "werkcoach", "werkcoach": COACH, "taak_id": taken[1][0].id,
                                  "deadline_id": taken[1][1].id, "soort": "taak", "vastleggen": None,
                                  "opnieuw_bericht": besluit.id, "omschrijving": taken[1][0].titel,
                                  "grondslag": taken[1][1].grondslag})
    assert f"werkpad outbox opnieuw {besluit.id}" in mail.text and "taak-afronden" not in mail.text
    assert f"werkpad outbox opnieuw {besluit.id}" in mail.html
    import werkpad.cli as cli  # and `case show`, the CLI's door

    monkeypatch.setattr(cli, "settings", lambda: rt.settings)
    show = CliRunner().invoke(cli.app, ["case", "show", ref])
    assert show.exit_code == 0, show.output
    assert f"Taak {taken[1][0].id}: na herstel opnieuw versturen met: werkpad outbox opnieuw {besluit.id}" in show.output

    # `maatregel status` shows the held verlaging and the row to send again
    from tasks.maatregel import stand

    [m] = stand(rt, referentie=ref)["maatregelen"]
    assert m["verlagingen"] == [{"bericht": verlaging.id, "soort": "opleggen", "opnieuw": besluit.id,
                                 "stand": f"niet verstuurd: de gemeente weigerde besluit {kenmerk} (bericht {besluit.id})"}]

    # uitstroom: the refusal tasks do not lapse (the besluit and its verlaging are still unsent)
    stroom_uit(rt, referentie=ref, uitkomst=Uitstroom.werkaanvaarding, reden="Vaste baan gevonden",
               nu=at("2027-01-21T10:00"), actor=COACH)
    assert [k.id for k, _ in _weigeringstaken(rt, ref)] == [k.id for k, _ in taken]
    assert all(d.status == "open" for _, d in _weigeringstaken(rt, ref))

    # the cause fixed; the besluit back in the queue takes its verlaging with it, and closes both tasks
    _herstel(rt, besluit_key, goed)
    gedaan = zet_opnieuw(rt, outbox_id=besluit.id, referentie=None, door=TL, nu=at("2027-01-22T09:00"))
    assert [i for i, _ in gedaan] == [besluit.id, verlaging.id]
    assert _weigeringstaken(rt, ref) == []
    dispatch(rt, nu=at("2027-01-22T09:05"))
    assert _rij(rt, besluit_key).status == "sent" and _rij(rt, verlaging_key).status == "sent"
    assert _verlaging_gestuurd(rt, sim, ref, verlaging_key, kanaal == "http")
    [m] = stand(rt, referentie=ref)["maatregelen"]
    assert [(v["stand"], v["opnieuw"]) for v in m["verlagingen"]] == [("doorgegeven", None)]


def test_a_verlaging_waits_while_its_besluit_is_queued(rt, sim) -> None:  # type: ignore[no-untyped-def]
    """Only a sent besluit lets the verlaging go: queued, it waits (kept in the queue, no task)."""
    verlaging_http(rt)
    ref = lopend(rt, sim)
    kenmerk = tot_beschikking(rt, ref)["besluit"]
    besluit_key, verlaging_key = f"zgw:{ref}:besluit:{kenmerk}", f"zgw:{ref}:verlaging:{kenmerk}-opl-1"
    res = dispatch(rt, nu=at("2027-01-20T15:00"), idem_keys=[verlaging_key])  # the verlaging alone
    assert res.mislukt_tijdelijk == 1 and "Wacht op bericht" in res.fouten[0]
    assert _rij(rt, verlaging_key).status == "pending" and sim.state.verlagingen == {}
    assert _weigeringstaken(rt, ref) == []
    dispatch(rt, nu=at("2027-01-20T15:05"))
    assert _rij(rt, besluit_key).status == "sent" and _rij(rt, verlaging_key).status == "sent"
    assert len(sim.state.verlagingen) == 1


def test_a_refused_beslissing_op_bezwaar_holds_the_withdrawal(rt, sim) -> None:  # type: ignore[no-untyped-def]
    """Bezwaar gegrond: the uitkeringsadministratie withdraws the verlaging only once the gemeente has the
    beslissing op bezwaar's besluit."""
    from tasks.maatregel import beslis_op_bezwaar, registreer_bezwaar

    verlaging_http(rt)
    ref = lopend(rt, sim)
    kenmerk = tot_beschikking(rt, ref)["besluit"]
    dispatch(rt, nu=at("2027-01-20T15:00"))
    assert len(sim.state.verlagingen) == 1  # the opleggen went
    registreer_bezwaar(rt, referentie=ref, ontvangen_op=date(2027, 2, 1), adviescommissie=False,
                       nu=at("2027-02-01T10:00"), actor=COACH)
    beslis_op_bezwaar(rt, referentie=ref, uitkomst=BezwaarUitkomst.gegrond, nu=at("2027-03-01T10:00"), actor=TL)
    bob_key, intrekken_key = f"zgw:{ref}:besluit:{kenmerk}-BOB", f"zgw:{ref}:verlaging:{kenmerk}-int-bob"
    assert _rij(rt, intrekken_key).payload["wacht_op"] == bob_key
    _bederf(rt, bob_key)
    dispatch(rt, nu=at("2027-03-01T10:05"))
    assert _rij(rt, bob_key).status == "failed" and _rij(rt, intrekken_key).status == "failed"
    assert len(sim.state.verlagingen) == 1  # no intrekken for a besluit the zaak does not have
    titel = _weigeringstaken(rt, ref)[-1][0].titel
    assert titel.startswith("De verlaging (intrekken) is niet verstuurd") and f"besluit {kenmerk}-BOB" in titel
