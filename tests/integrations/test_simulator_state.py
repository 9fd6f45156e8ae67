"""The gemeente simulator keeps its records in a file: a restarted stack is still consistent."""

from __future__ import annotations

import stat
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from integrations.gemeente.client import GemeenteClient
from integrations.gemeente.settings import GemeenteSection
from integrations.gemeente.simulator import SimState
from tests.conftest import SimServer, at, free_port, wachtend_traject

CLIENT, SECRET = "werkpad-test", "test-secret-of-at-least-32-bytes!!"


def client(url: str) -> GemeenteClient:
    return GemeenteClient(GemeenteSection(api_url=url, client_id=CLIENT, secret=SECRET))


def test_records_survive_a_restart_with_the_same_urls(tmp_path: Path) -> None:
    path = tmp_path / "gemeente-simulator.json"
    port = free_port()
    sim = SimServer({CLIENT: SECRET}, state_file=path, port=port).start()
    try:
        with client(sim.url) as c:
            zt = c.zaaktype("IJW-REINTEGRATIE")
            zaak = c.maak_zaak(bronorganisatie="001005650", identificatie="IJW-2026-000001", zaaktype_url=zt.url,
                               startdatum=date(2026, 11, 23), omschrijving="Re-integratie")
            rol = c.voeg_rol_toe(zaak_url=zaak.url, roltype_url=c.roltypen(zt)[0].url,
                                 betrokkene_type="natuurlijk_persoon", identificatie={"inpBsn": "999900006"})
            status = c.zet_status(zaak_url=zaak.url, statustype_url=c.statustypen(zt)[0].url,
                                  gezet_op=datetime(2026, 11, 23, 9, tzinfo=UTC))
        sim.drive("/_sim/uitkeringen/IJW-2026-000001", {"status": "toegekend", "besluitdatum": "2026-11-30"})
        before = {n: dict(getattr(sim.state, n)) for n in SimState.PERSISTED}
    finally:
        sim.stop()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # it holds a BSN, as the real gemeente does
    assert not list(tmp_path.glob("*.tmp"))  # written atomically: no leftovers

    reloaded = SimState(secrets={CLIENT: SECRET}, state_file=path, base_url=f"http://127.0.0.1:{port}")
    assert {n: getattr(reloaded, n) for n in SimState.PERSISTED} == before

    sim = SimServer({CLIENT: SECRET}, state_file=path, port=port).start()  # "restart" on the same port
    try:
        with client(sim.url) as c:
            assert c.zoek_zaak(bronorganisatie="001005650", identificatie="IJW-2026-000001") == zaak
            assert c.uitkeringsstatus(zaak.url).status == "toegekend"
            zt = c.zaaktype("IJW-REINTEGRATIE")  # idempotent writes still find what exists
            assert c.zet_status(zaak_url=zaak.url, statustype_url=c.statustypen(zt)[0].url,
                                gezet_op=datetime(2026, 11, 24, tzinfo=UTC)) == status
            assert c.voeg_rol_toe(zaak_url=zaak.url, roltype_url=c.roltypen(zt)[0].url,
                                  betrokkene_type="natuurlijk_persoon", identificatie={"inpBsn": "999900006"}) == rol
    finally:
        sim.stop()


@pytest.fixture()
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'werkpad.db'}"


def test_uitkering_check_works_after_a_restart(rt, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tasks.uitkering import vraag_uitkeringen

    path, port = tmp_path / "gemeente-simulator.json", free_port()
    sim = SimServer({CLIENT: SECRET}, state_file=path, port=port).start()
    rt.settings.gemeente = GemeenteSection(api_url=sim.url, client_id=CLIENT, secret=SECRET)
    try:
        ref = wachtend_traject(rt, "999900171")
    finally:
        sim.stop()

    sim = SimServer({CLIENT: SECRET}, state_file=path, port=port).start()  # the stack restarted
    try:
        assert vraag_uitkeringen(rt, nu=at("2026-12-10T09:05")) == [{"referentie": ref, "uitkomst": "in_behandeling"}]
        sim.drive(f"/_sim/uitkeringen/{ref}", {"status": "afgewezen"})
        assert vraag_uitkeringen(rt, nu=at("2026-12-10T10:05")) == [{"referentie": ref, "uitkomst": "afgewezen"}]
    finally:
        sim.stop()
