"""werkpad's callback for the gemeente's notifications (werkpad/web/notificaties.py), served by uvicorn on loopback
over a real SQLite case store: the token, the spec's Message, stored first and once, acknowledged, handled once;
and end to end: the simulator's Open Notificaties delivers a resultaat on the aanvraag-zaak and werkpad checks that
traject at once (the hourly check not run)."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest

from tests.notificaties_hulp import TOKEN, callback_fixture, rijen, wacht_tot  # noqa: F401  (the fixture `callback`)

BSN = "999993549"  # passes the 11-proef (test value)
BERICHT = {"kanaal": "zaken", "hoofdObject": "https://zgw.example/zaken/api/v1/zaken/1",
           "resource": "status", "resourceUrl": "https://zgw.example/zaken/api/v1/statussen/1", "actie": "create",
           "aanmaakdatum": "2026-12-08T09:00:00Z",
           "kenmerken": {"bronorganisatie": "123456782", "zaaktype": "https://zgw.example/catalogi/api/v1/zaaktypen/1"}}


def post(server: Any, body: Any, token: str | None = TOKEN, **kw: Any) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    if isinstance(body, bytes | str):
        return httpx.post(f"{server.url}/notificaties/callback", content=body, headers=headers, timeout=5, **kw)
    return httpx.post(f"{server.url}/notificaties/callback", json=body, headers=headers, timeout=5, **kw)


def behandeld(rt: Any) -> list[Any]:
    return wacht_tot(lambda: (r := rijen(rt)) and all(x.status not in ("ontvangen", "bezig") for x in r) and r)


def test_good_token_stores_acknowledges_and_handles_a_notification_that_is_not_ours(rt: Any, callback: Any) -> None:
    r = post(callback, BERICHT)
    assert r.status_code == 204, r.text
    [rij] = behandeld(rt)
    assert (rij.kanaal, rij.resource, rij.actie, rij.keer_ontvangen) == ("zaken", "status", "create", 1)
    assert rij.status == "genegeerd" and "geen gemeente" in (rij.uitkomst or "")  # unknown bronorganisatie


@pytest.mark.parametrize("token", [None, "verkeerd-token-van-voldoende-lengte", TOKEN[:-1], TOKEN + "x", "Basic"])
def test_a_wrong_or_missing_token_is_refused_and_nothing_is_stored(rt: Any, callback: Any, token: str | None) -> None:
    r = post(callback, BERICHT, token=token)
    assert r.status_code == 403
    assert r.headers["content-type"].startswith("application/problem+json")
    assert "token" in r.json()["detail"] and "Traceback" not in r.text
    assert rijen(rt) == []


@pytest.mark.parametrize("body,veld", [
    (b"geen json", None), (b"[1, 2]", "nonFieldErrors"), ({**BERICHT, "kanaal": ""}, "kanaal"),
    ({k: v for k, v in BERICHT.items() if k != "hoofdObject"}, "hoofdObject"),
    ({**BERICHT, "resourceUrl": "geen-url"}, "resourceUrl"), ({**BERICHT, "aanmaakdatum": "gisteren"}, "aanmaakdatum"),
    ({**BERICHT, "kanaal": "z" * 51}, "kanaal"), ({**BERICHT, "kenmerken": {"zaaktype": 5}}, "kenmerken"),
    ({**BERICHT, "kenmerken": "zaken"}, "kenmerken"),
])
def test_garbage_gets_a_dutch_400_and_nothing_is_stored(rt: Any, callback: Any, body: Any, veld: str | None) -> None:
    r = post(callback, body)
    assert r.status_code == 400, r.text
    p = r.json()
    assert p["status"] == 400 and p["detail"] and "Traceback" not in r.text
    if veld is not None:
        assert veld in {f["name"] for f in p["invalidParams"]}, p
    assert rijen(rt) == []


def test_a_duplicate_is_acknowledged_stored_once_and_handled_once(rt: Any, callback: Any) -> None:
    assert post(callback, BERICHT).status_code == 204
    [eerst] = behandeld(rt)
    assert post(callback, BERICHT).status_code == 204
    [rij] = rijen(rt)
    assert rij.id == eerst.id and rij.keer_ontvangen == 2
    assert rij.behandeld_op == eerst.behandeld_op  # not handled again


def test_no_bsn_or_personal_data_in_the_logs(rt: Any, sim: Any, callback: Any, caplog: pytest.LogCaptureFixture) -> None:
    from tests.conftest import wachtend_traject

    ref = wachtend_traject(rt, BSN)
    from integrations.gemeente.client import GemeenteClient
    from integrations.gemeente.notificaties import NotificatiesClient, abonneer, gewenst_abonnement
    from tasks.notificaties import gevolgd

    with caplog.at_level(logging.DEBUG), GemeenteClient(rt.settings.gemeente) as gc:
        with NotificatiesClient(rt.settings.notificaties, rt.settings.gemeente) as nc:
            abonneer(nc, gewenst_abonnement(rt.settings.notificaties, gevolgd(rt.gemeenten, True, gc)))
        assert sim.drive(f"/_sim/uitkeringen/{ref}", {"status": "toegekend"}).status_code == 200
        wacht_tot(lambda: any(r.referentie == ref and r.status == "verwerkt" for r in rijen(rt)))
    assert BSN not in caplog.text and "Test Persoon" not in caplog.text


def _afgehandeld(rt: Any, sim: Any) -> list[Any]:
    """The zaken notifications werkpad stored, once each of those the simulator delivered is stored and handled."""
    geleverd = {a["resourceUrl"] for a in httpx.get(f"{sim.url}/_sim/notificaties", timeout=5).json()["afleveringen"]}
    zaken = [x for x in rijen(rt) if x.kanaal == "zaken"]
    klaar = bool(geleverd) and {x.resource_url for x in zaken} == geleverd and all(
        x.status not in ("ontvangen", "bezig") for x in zaken)
    return zaken if klaar else []


def _abonneer(rt: Any) -> str:
    from integrations.gemeente.client import GemeenteClient
    from integrations.gemeente.notificaties import NotificatiesClient, abonneer, gewenst_abonnement
    from tasks.notificaties import gevolgd

    with GemeenteClient(rt.settings.gemeente) as gc, NotificatiesClient(rt.settings.notificaties,
                                                                        rt.settings.gemeente) as nc:
        return abonneer(nc, gewenst_abonnement(rt.settings.notificaties, gevolgd(rt.gemeenten, True, gc))).url


def _besluitruns(rt: Any) -> list[Any]:
    from sqlmodel import select

    from casestore.db import session
    from casestore.models import Outbox

    with session(rt.engine) as s:
        return [o for o in s.exec(select(Outbox).where(Outbox.soort == "flow"))
                if o.payload.get("deployment") == "uitkeringsbesluit/uitkeringsbesluit"]


@pytest.mark.parametrize("dubbel", [False, True], ids=["eenmaal", "dubbel-afgeleverd"])
def test_end_to_end_a_resultaat_on_the_aanvraag_zaak_checks_that_traject_now(rt: Any, sim: Any, callback: Any,
                                                                             dubbel: bool) -> None:
    """The gemeente decides; Open Notificaties delivers (twice, when it likes); werkpad asks the gemeente about that
    one traject and starts the step uitkeringsbesluit for it, once: without the hourly uitkering-controle."""
    from casestore import repo
    from casestore.db import session
    from domain.traject import Status
    from tasks.uitkering import verwerk_uitkeringsbesluit
    from tests.conftest import at, wachtend_traject

    ref = wachtend_traject(rt, BSN)
    _abonneer(rt)
    sim.state.notificatie_dubbel = dubbel
    assert sim.drive(f"/_sim/uitkeringen/{ref}", {"status": "toegekend"}).status_code == 200

    # The aanvraag-zaak's statussen (made now: Ontvangen, In behandeling), its resultaat and its eindstatus: each
    # notification stored once and handled; whichever is handled first finds the decision.
    zaken = wacht_tot(lambda: _afgehandeld(rt, sim))
    assert "resultaat" in {x.resource for x in zaken} and {x.referentie for x in zaken} == {ref}
    assert all(x.status == "verwerkt" and "toegekend" in (x.uitkomst or "") for x in zaken), [x.uitkomst for x in zaken]
    if dubbel:  # every delivery came twice: acknowledged, counted, not stored or handled again
        assert all(x.keer_ontvangen == 2 for x in wacht_tot(
            lambda: all(x.keer_ontvangen == 2 for x in rijen(rt) if x.kanaal == "zaken") and rijen(rt)) if x.kanaal == "zaken")
    [run] = _besluitruns(rt)  # one step run for the traject, whatever the number of notifications
    assert run.payload["parameters"] == {"referentie": ref, "besluit": "toegekend"}
    # Queued once: without a Prefect server the dispatcher left it for the next round (or leased it); where an
    # earlier test on this worker left one running, the run was handed to it (sent), still once.
    assert run.status in ("pending", "sending", "sent")

    # What that run does (the step's flow body): the traject starts; the hourly check never ran.
    verwerk_uitkeringsbesluit(rt, referentie=ref, status="toegekend", nu=at("2026-12-08T10:00"), alleen_wachtend=True)
    with session(rt.engine) as s:
        assert repo.get_traject(s, referentie=ref).status != Status.wacht_op_uitkering
    aflever = httpx.get(f"{sim.url}/_sim/notificaties", timeout=5).json()
    assert all(a["status"] == 204 for a in aflever["afleveringen"])


def test_a_zaak_that_is_not_ours_is_stored_acknowledged_and_ignored(rt: Any, sim: Any, callback: Any) -> None:
    """The gemeente's aanvraag-zaak of someone werkpad has no traject for: acknowledged, ignored with the reason."""
    from tests.conftest import wachtend_traject

    ref = wachtend_traject(rt, BSN)
    _abonneer(rt)
    from sqlmodel import select

    from casestore.db import session
    from casestore.models import Traject

    with session(rt.engine) as s:  # werkpad no longer waits for this one: the zaak is not (or no longer) ours
        t = s.exec(select(Traject).where(Traject.referentie == ref)).one()
        t.status = "afgesloten"
        s.add(t)
        s.commit()
    assert sim.drive(f"/_sim/uitkeringen/{ref}", {"status": "afgewezen"}).status_code == 200
    zaken = wacht_tot(lambda: _afgehandeld(rt, sim))
    assert all(x.status == "genegeerd" and "Niet van ons" in (x.uitkomst or "") and x.referentie is None for x in zaken)
    assert _besluitruns(rt) == []


def test_a_notification_left_unhandled_by_an_earlier_process_is_taken_up(rt: Any, callback: Any) -> None:
    """Stored and acknowledged, then the process stopped: the next notification's handling takes it up; a claim
    is given once (a second claim of the same row gets nothing)."""
    from datetime import UTC, datetime, timedelta

    from casestore import notificaties as cs
    from casestore.db import session

    with session(rt.engine) as s:
        oud, nieuw = cs.bewaar(s, bericht={**BERICHT, "aanmaakdatum": "2026-12-08T08:00:00Z"},
                               nu=datetime.now(UTC) - timedelta(minutes=5))
        assert nieuw and oud.status == "ontvangen" and oud.id is not None
    assert post(callback, BERICHT).status_code == 204
    rows = wacht_tot(lambda: len(r := behandeld(rt)) == 2 and r)
    assert all(r.status == "genegeerd" for r in rows)
    with session(rt.engine) as s:
        assert cs.claim(s, notificatie_id=oud.id, nu=datetime.now(UTC)) is None  # handled: never claimed again
