"""uitkering-controle: every waiting case on its own; one the gemeente does not know does not stop the rest."""

from __future__ import annotations

import httpx
import pytest
from sqlmodel import select

from casestore import repo
from casestore.db import session
from casestore.models import AuditEvent, Taak
from integrations.gemeente.client import GemeenteClient
from integrations.gemeente.errors import GemeenteRejected, GemeenteTransient
from tasks.uitkering import UITKERING_NAVRAGEN, vraag_uitkeringen
from tests.conftest import at, wachtend_traject


@pytest.fixture()
def db_url(tmp_path) -> str:  # type: ignore[no-untyped-def]
    return f"sqlite:///{tmp_path / 'werkpad.db'}"


@pytest.fixture()
def bron_http(rt):  # type: ignore[no-untyped-def]
    """These tests ask the gemeente over werkpad's own contract (uitkering bron `http`): the option
    whose faults per zaak they exercise. Bron `zgw` has its own tests (test_uitkering_zgw.py)."""
    from domain.gemeenten import UitkeringBron

    for g in rt.gemeenten.values():
        g.uitkering.bron = UitkeringBron.http
    return rt


def vergeet_zaak(sim, ref: str) -> None:  # type: ignore[no-untyped-def]
    """What a restarted in-memory gemeente did: the zaak is gone, the case store still has its URL."""
    uuid = next(u for u, z in sim.state.zaken.items() if z["identificatie"] == ref)
    del sim.state.zaken[uuid]


def taken_navragen(rt, ref: str) -> list[Taak]:  # type: ignore[no-untyped-def]
    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        return [k for k in repo.open_taken(s, traject=t) if k.titel == UITKERING_NAVRAGEN]


def fouten(rt, ref: str) -> list[AuditEvent]:  # type: ignore[no-untyped-def]
    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        return list(s.exec(select(AuditEvent).where(AuditEvent.traject_id == t.id, AuditEvent.soort == "fout")))


def test_unknown_zaak_becomes_a_task_and_the_others_go_on(prefect, rt, sim, bron_http) -> None:  # type: ignore[no-untyped-def]
    from flows.traject import uitkering_controle

    onbekend, toegekend, wacht = (wachtend_traject(rt, b) for b in ("999900109", "999900110", "999900122"))
    vergeet_zaak(sim, onbekend)
    sim.drive(f"/_sim/uitkeringen/{toegekend}", {"status": "toegekend"})

    res = uitkering_controle(nu=at("2026-12-10T09:05"))
    per = {u["referentie"]: u for u in res["trajecten"]}
    assert (res["gecontroleerd"], res["besloten"], res["ongewijzigd"], res["fouten"]) == (3, 1, 1, 1)
    assert per[toegekend]["status"] == "traject" and per[wacht]["uitkomst"] == "in_behandeling"
    assert per[onbekend]["uitkomst"] == "fout" and "404" in per[onbekend]["melding"]
    [taak] = taken_navragen(rt, onbekend)
    assert per[onbekend]["taak_id"] == taak.id and taak.eigenaar_email == "wc.velsen@ijw.example"
    assert len(fouten(rt, onbekend)) == 1

    res = uitkering_controle(nu=at("2026-12-10T10:05"))  # an hour later: still one task, one error event
    assert (res["gecontroleerd"], res["fouten"], res["ongewijzigd"]) == (2, 1, 1)
    assert len(taken_navragen(rt, onbekend)) == 1 and len(fouten(rt, onbekend)) == 1

    from prefect import get_client

    with get_client(sync_client=True) as c:
        api = str(c.api_url).rstrip("/")
    arts = httpx.post(f"{api}/artifacts/filter", json={"artifacts": {"key": {"any_": ["uitkering-controle"]}},
                                                       "sort": "CREATED_DESC", "limit": 1}).json()
    md = arts[0]["data"]
    assert onbekend in md and "FOUT" in md and f"taak {taak.id}" in md and "999900109" not in md


def test_transient_fault_for_one_case_skips_only_that_case(rt, sim, monkeypatch, bron_http) -> None:  # type: ignore[no-untyped-def]
    storing, wacht = wachtend_traject(rt, "999900134"), wachtend_traject(rt, "999900146")
    zaak = next(z["url"] for z in sim.state.zaken.values() if z["identificatie"] == storing)
    echt = GemeenteClient.uitkeringsstatus

    def soms_kapot(self, zaak_url):  # type: ignore[no-untyped-def]
        if zaak_url == zaak:
            raise GemeenteTransient("Gemeente-API gaf 503; later opnieuw.")
        return echt(self, zaak_url)

    monkeypatch.setattr(GemeenteClient, "uitkeringsstatus", soms_kapot)
    per = {u["referentie"]: u["uitkomst"] for u in vraag_uitkeringen(rt, nu=at("2026-12-10T09:05"))}
    assert per == {storing: "overgeslagen", wacht: "in_behandeling"}
    assert taken_navragen(rt, storing) == []  # transient: no task, just asked again next round


def test_unreachable_gemeente_fails_the_check_so_it_is_retried(rt, sim, bron_http) -> None:  # type: ignore[no-untyped-def]
    wachtend_traject(rt, "999900158")
    sim.drive("/_sim/fault", {"mode": "500"})
    with pytest.raises(GemeenteTransient, match="Geen enkel uitkeringsbesluit"):
        vraag_uitkeringen(rt, nu=at("2026-12-10T09:05"))


def test_retry_only_on_transient_faults_with_configured_delays(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from prefect.states import Failed
    from pydantic import ValidationError

    from tasks.dispatch import DispatchUitgesteld
    from tasks.retry import alleen_tijdelijk
    from tasks.settings import Settings

    def delays(raw: str) -> list[float]:
        monkeypatch.setenv("WERKPAD_RETRY_DELAYS", raw)
        return Settings().retry_delays

    assert delays("2,10") == [2.0, 10.0] and delays("0") == [] and delays("") == [] and delays("1, 5 ,30") == [1, 5, 30]
    for bad in ("twee", "5,-1"):
        with pytest.raises(ValidationError, match="WERKPAD_RETRY_DELAYS"):
            delays(bad)
    for exc, retry in ((GemeenteTransient("x"), True), (OSError("smtp"), True), (DispatchUitgesteld("x"), True),
                       (GemeenteRejected("404", 404), False), (ValueError("bug"), False)):
        assert alleen_tijdelijk(None, None, Failed(data=exc)) is retry
