"""The Inlichtingenbureau client and the combined ketenpartner simulator on loopback: exactly once
through the Idempotency-Key, every fault kind, and the praktijkroute signal reaching the
doelgroepregister of the Suwinet simulator."""

from __future__ import annotations

import logging
import stat
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from integrations.errors import PartnerMalformed, is_transient
from integrations.inlichtingenbureau.bericht import OngeldigBericht, Reintegratiebericht, idempotentiesleutel
from integrations.inlichtingenbureau.client import InlichtingenbureauClient, Ontvangstbevestiging
from integrations.inlichtingenbureau.errors import IBMalformed, IBRejected, IBTransient
from integrations.inlichtingenbureau.settings import InlichtingenbureauSettings
from integrations.ketenpartners.simulator import KetenState, make_app, make_state
from integrations.suwinet.client import Doelgroepregister, NietsGevonden, SuwinetClient, staat_in_doelgroepregister
from integrations.suwinet.settings import SuwinetSettings
from integrations.suwinet.simulator import ENDPOINT, PRAKTIJKROUTE_CODE
from tests.conftest import AppServer

SPECS = Path(__file__).resolve().parents[3] / "shared" / "specs" / "suwinet"
BSN = "123456782"  # passes the 11-proef; not in the simulator's built-in table
RSIN = "001826219"  # like the gemeente tests' bronorganisatie


@pytest.fixture(scope="module")
def server() -> Iterator[AppServer]:
    state = make_state(specs_dir=SPECS, suwinet_user="werkpad-test", suwinet_password="suwi-test",
                       ib_user="werkpad-test", ib_password="ib-test")
    s = AppServer(make_app(state)).start()
    s.state = state  # type: ignore[attr-defined]
    yield s
    s.stop()


@pytest.fixture()
def keten(server: AppServer) -> Iterator[AppServer]:
    for p in ("/suwinet/_sim/clear", "/inlichtingenbureau/_sim/clear"):
        assert server.drive(p, {}).status_code == 200
    server.drive("/inlichtingenbureau/_sim/instellingen", {"signaal_na_lookups": 2})
    yield server


def ib(sim: AppServer, **kw: object) -> InlichtingenbureauSettings:
    base: dict[str, object] = {"url": sim.url + "/inlichtingenbureau", "user": "werkpad-test", "password": "ib-test",
                               "specs_dir": SPECS, "timeout_seconds": 2.0}
    return InlichtingenbureauSettings.model_validate({**base, **kw})


def suwi(sim: AppServer) -> SuwinetSettings:
    return SuwinetSettings(url=sim.url + "/suwinet" + ENDPOINT, user="werkpad-test", password="suwi-test",  # type: ignore[arg-type]
                           specs_dir=SPECS, timeout_seconds=2.0)


def bericht(**kw: object) -> Reintegratiebericht:
    base = Reintegratiebericht(bsn=BSN, gemeentecode="0453", rsin=RSIN, arbeidsvermogen_onder_wml=True,
                               datum_begin_reintegratie_inzet=date(2026, 11, 2), perc_loonwaarde_tov_wml=Decimal("65.5"))
    return replace(base, **kw)  # type: ignore[arg-type]


def per_key(sim: AppServer) -> dict[str, int]:
    return dict(httpx.get(sim.url + "/inlichtingenbureau/_sim/verzoeken").json()["per_sleutel"])


def test_body_uses_suwiml_formats_and_repr_hides_the_bsn() -> None:
    b = bericht()
    assert b.body() == {"Burgerservicenr": BSN, "Gemeentecode": "0453", "Rsin": RSIN, "CdArbeidsvermogenOnderWml": "1",
                        "DatBReintegratieInzet": "20261102", "PercLoonwaardeTovWml": "06550"}
    assert BSN not in repr(b)
    assert idempotentiesleutel("IJW-2026-000001", b) == idempotentiesleutel("IJW-2026-000001", bericht())
    assert idempotentiesleutel("IJW-2026-000001", b) != idempotentiesleutel("IJW-2026-000001",
                                                                            bericht(perc_loonwaarde_tov_wml=Decimal(70)))
    assert BSN not in idempotentiesleutel("IJW-2026-000001", b)


def test_submit_returns_a_receipt_and_a_repeat_the_same_one(keten: AppServer) -> None:
    key = idempotentiesleutel("IJW-2026-000001", bericht())
    with InlichtingenbureauClient(ib(keten)) as c:
        first = c.verstuur(bericht(), key)
        again = c.verstuur(bericht(), key)
    assert isinstance(first, Ontvangstbevestiging) and first.bericht_id.startswith("IB-") and not first.herhaald
    assert again.bericht_id == first.bericht_id and again.herhaald
    assert per_key(keten) == {key: 2}
    stored = httpx.get(keten.url + "/inlichtingenbureau/_sim/verzoeken").json()
    assert stored["berichten"] == 1 and BSN not in str(stored)


def test_same_key_other_body_is_rejected(keten: AppServer) -> None:
    with InlichtingenbureauClient(ib(keten)) as c:
        c.verstuur(bericht(), "sleutel-1")
        with pytest.raises(IBRejected) as exc:
            c.verstuur(bericht(perc_loonwaarde_tov_wml=Decimal(70)), "sleutel-1")
    assert exc.value.status == 422 and "al gebruikt voor een ander bericht" in str(exc.value)


def test_answer_lost_then_retry_with_same_key_stores_once(keten: AppServer) -> None:
    """'Answer twice': the IB stores the bericht, the answer is lost (503); the retry with the
    same key gets the same receipt and the IB still has one bericht."""
    keten.drive("/inlichtingenbureau/_sim/fault", {"antwoord_kwijt_next": 1})
    key = idempotentiesleutel("IJW-2026-000002", bericht())
    with InlichtingenbureauClient(ib(keten)) as c:
        with pytest.raises(IBTransient) as exc:
            c.verstuur(bericht(), key)
        assert is_transient(exc.value)
        receipt = c.verstuur(bericht(), key)
    assert receipt.herhaald
    stored = httpx.get(keten.url + "/inlichtingenbureau/_sim/verzoeken").json()
    assert stored["berichten"] == 1 and stored["opgeslagen"][0]["berichtId"] == receipt.bericht_id
    assert per_key(keten) == {key: 2}


def test_timeout_after_storing_then_retry_is_harmless(keten: AppServer) -> None:
    keten.drive("/inlichtingenbureau/_sim/fault", {"delay_seconds": 0.3})
    key = "sleutel-timeout"
    with InlichtingenbureauClient(ib(keten, timeout_seconds=0.1)) as c, pytest.raises(IBTransient) as exc:
        c.verstuur(bericht(), key)
    assert "antwoordde niet binnen" in str(exc.value)
    keten.drive("/inlichtingenbureau/_sim/fault", {})
    with InlichtingenbureauClient(ib(keten)) as c:
        assert c.verstuur(bericht(), key).herhaald
    assert httpx.get(keten.url + "/inlichtingenbureau/_sim/verzoeken").json()["berichten"] == 1


@pytest.mark.parametrize("status", [500, 503])
def test_server_errors_are_transient_and_store_nothing(keten: AppServer, status: int) -> None:
    keten.drive("/inlichtingenbureau/_sim/fault", {"fail_next": 1, "fail_status": status})
    with InlichtingenbureauClient(ib(keten)) as c:
        with pytest.raises(IBTransient):
            c.verstuur(bericht(), "k")
        assert not c.verstuur(bericht(), "k").herhaald  # the first one never reached the IB's store


def test_fail_share_and_retries_reach_exactly_once(keten: AppServer) -> None:
    keten.drive("/inlichtingenbureau/_sim/fault", {"fail_share": 0.5, "fail_status": 503, "seed": 3})
    key = "k-share"
    receipts = []
    with InlichtingenbureauClient(ib(keten)) as c:
        for _ in range(12):
            try:
                receipts.append(c.verstuur(bericht(), key).bericht_id)
            except IBTransient:
                pass
    assert receipts and len(set(receipts)) == 1
    assert httpx.get(keten.url + "/inlichtingenbureau/_sim/verzoeken").json()["berichten"] == 1


def test_rejection_with_the_partners_dutch_text(keten: AppServer) -> None:
    keten.drive("/inlichtingenbureau/_sim/fault", {"weiger_next": 1,
                                                   "weiger_tekst": "Gemeentecode hoort niet bij dit RSIN."})
    with InlichtingenbureauClient(ib(keten)) as c, pytest.raises(IBRejected) as exc:
        c.verstuur(bericht(), "k")
    assert exc.value.status == 422 and "Gemeentecode hoort niet bij dit RSIN" in str(exc.value)


def test_the_simulator_checks_the_fields(keten: AppServer) -> None:
    body = bericht().body() | {"PercLoonwaardeTovWml": "10100", "CdArbeidsvermogenOnderWml": "3"}
    r = httpx.post(keten.url + "/inlichtingenbureau/api/v1/reintegratieberichten", json=body,
                   headers={"Idempotency-Key": "x"}, auth=("werkpad-test", "ib-test"))
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
    names = {p["name"] for p in r.json()["invalidParams"]}
    assert names == {"PercLoonwaardeTovWml", "CdArbeidsvermogenOnderWml"}
    assert BSN not in r.text
    r = httpx.post(keten.url + "/inlichtingenbureau/api/v1/reintegratieberichten", json=bericht().body(),
                   auth=("werkpad-test", "ib-test"))
    assert r.status_code == 400 and "Idempotency-Key" in r.json()["detail"]


def test_client_refuses_an_invalid_bericht_before_sending(keten: AppServer) -> None:
    with InlichtingenbureauClient(ib(keten)) as c:
        with pytest.raises(OngeldigBericht):
            c.verstuur(bericht(perc_loonwaarde_tov_wml=Decimal("100.01")), "k")
        with pytest.raises(OngeldigBericht) as exc:
            c.verstuur(bericht(bsn="123456789"), "k")
        assert "Burgerservicenr" in str(exc.value) and "123456789" not in str(exc.value)
    assert per_key(keten) == {}


def test_wrong_basic_auth_is_rejected(keten: AppServer) -> None:
    with InlichtingenbureauClient(ib(keten, password="fout")) as c, pytest.raises(IBRejected) as exc:
        c.verstuur(bericht(), "k")
    assert exc.value.status == 401


def test_unreachable_and_malformed(keten: AppServer) -> None:
    from tests.conftest import free_port

    with InlichtingenbureauClient(ib(keten, url=f"http://127.0.0.1:{free_port()}")) as c, \
            pytest.raises(IBTransient) as transient:
        c.verstuur(bericht(), "k")
    assert "niet bereikbaar" in str(transient.value)
    keten.drive("/inlichtingenbureau/_sim/fault", {"malformed_next": 1})
    with InlichtingenbureauClient(ib(keten)) as c, pytest.raises(IBMalformed) as exc:
        c.verstuur(bericht(), "k")
    assert isinstance(exc.value, PartnerMalformed) and "ontvangstbevestiging" in str(exc.value)


def test_praktijkroute_signal_registers_after_k_lookups(keten: AppServer) -> None:
    with InlichtingenbureauClient(ib(keten)) as c:
        c.verstuur(bericht(), "k-signaal")
    with SuwinetClient(suwi(keten)) as s:
        assert s.doelgroepregister(BSN) == NietsGevonden()   # lookup 1
        assert s.doelgroepregister(BSN) == NietsGevonden()   # lookup 2: UWV processes the signal now
        a = s.doelgroepregister(BSN)
    assert isinstance(a, Doelgroepregister)
    assert [(r.code, r.begin) for r in a.registraties] == [(PRAKTIJKROUTE_CODE, date(2026, 11, 2))]
    assert staat_in_doelgroepregister(a, date(2026, 11, 2)) and not staat_in_doelgroepregister(a, date(2026, 11, 1))


def test_praktijkroute_signal_at_verwerk_and_code_2_gives_none(keten: AppServer) -> None:
    other = "111222333"  # passes the 11-proef
    with InlichtingenbureauClient(ib(keten)) as c:
        c.verstuur(bericht(), "k1")
        c.verstuur(bericht(bsn=other, arbeidsvermogen_onder_wml=False), "k2")
    assert keten.drive("/inlichtingenbureau/_sim/verwerk", {}).json() == {"verwerkt": 1}
    with SuwinetClient(suwi(keten)) as s:
        assert isinstance(s.doelgroepregister(BSN), Doelgroepregister)
        assert s.doelgroepregister(other) == NietsGevonden()


def test_no_bsn_in_logs(keten: AppServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with InlichtingenbureauClient(ib(keten)) as c:
        c.verstuur(bericht(), "k")
        with pytest.raises(IBRejected) as exc:
            c.verstuur(bericht(perc_loonwaarde_tov_wml=Decimal(1)), "k")
    assert BSN not in str(exc.value) and BSN not in repr(exc.value.body)
    assert not any(BSN in r.getMessage() for r in caplog.records)


def test_state_file_is_private_and_survives_a_restart(tmp_path: Path) -> None:
    f = tmp_path / "keten.json"
    state: KetenState = make_state(state_file=f, specs_dir=SPECS, signaal_na_lookups=0)
    s = AppServer(make_app(state)).start()
    try:
        with InlichtingenbureauClient(ib(s, user="werkpad", password="werkpad-dev-inlichtingenbureau")) as c:
            first = c.verstuur(bericht(), "k")
    finally:
        s.stop()
    assert stat.S_IMODE(f.stat().st_mode) == 0o600
    assert BSN not in f.read_text(encoding="utf-8")
    again = make_state(state_file=f, specs_dir=SPECS)
    s = AppServer(make_app(again)).start()
    try:
        with InlichtingenbureauClient(ib(s, user="werkpad", password="werkpad-dev-inlichtingenbureau")) as c:
            assert c.verstuur(bericht(), "k").bericht_id == first.bericht_id
        with SuwinetClient(SuwinetSettings(url=s.url + "/suwinet" + ENDPOINT, specs_dir=SPECS)) as sc:
            assert isinstance(sc.doelgroepregister(BSN), Doelgroepregister)
        assert httpx.get(s.url + "/_sim/health").json()["status"] == "ok"
    finally:
        s.stop()


def test_uwv_shows_the_bericht_in_gsd_dossier_reintegratie(keten: AppServer) -> None:
    from lxml import etree

    from integrations.suwinet import berichten as sb
    from integrations.suwinet.client import AtlRelatie, Reintegratiedossier, Voorziening
    from tests.integrations.test_suwinet import Recording

    s = suwi(keten)
    s = s.model_copy(update={"reintegratie_url": keten.url + "/suwinet/ws/GSDDossierReintegratie-v0200/v1"})
    rec = Recording()
    with SuwinetClient(s, transport=rec) as sc:
        assert sc.reintegratie(BSN) == NietsGevonden()
        with InlichtingenbureauClient(ib(keten)) as c:
            receipt = c.verstuur(bericht(), "k-ri")
        dossier = sc.reintegratie(BSN)
    assert dossier == Reintegratiedossier(relaties=(AtlRelatie(
        cd_arbeidsvermogen="01", cd_doel_rv=None, bron_partij="0453", voorzieningen=(Voorziening(
            begin=date(2026, 11, 2), registratienr=receipt.bericht_id, perc_loonwaarde_tov_wml=Decimal("65.50")),)),))
    assert BSN not in repr(dossier)
    for req, resp in rec.exchanges:  # both ways valid against GSDDossierReintegratie's XSDs
        for content in (req.content, resp.content):
            child = sb.lees_envelope(content)[1]
            assert sb.valideer(SPECS, child, sb.DIENST_RI) == [], etree.tostring(child)
