"""Partner slots: a global concurrency limit per partner, shared by every worker (the Prefect test server)."""

from __future__ import annotations

import asyncio

from deployments.inrichting import partnerlimieten
from integrations.errors import is_transient
from tasks import partnerlimiet
from tasks.partnerlimiet import PartnerBezet, partner_slot


def _limiet(naam: str) -> object:
    from prefect.client.orchestration import get_client

    async def lees() -> object:
        async with get_client() as c:
            return await c.read_global_concurrency_limit_by_name(naam)

    return asyncio.run(lees())


def test_the_limits_follow_the_settings_and_are_set_again_idempotently(prefect) -> None:  # type: ignore[no-untyped-def]
    from prefect.client.orchestration import get_client

    async def zet(limieten: dict[str, int]) -> None:
        async with get_client() as c:
            await partnerlimieten(c, limieten)

    asyncio.run(zet({"uwv": 3}))
    asyncio.run(zet({"uwv": 3}))
    assert _limiet("partner-uwv").limit == 3  # type: ignore[attr-defined]
    asyncio.run(zet({"uwv": 5}))
    assert _limiet("partner-uwv").limit == 5  # type: ignore[attr-defined]


def test_a_taken_slot_makes_the_call_wait_and_then_stay_queued(prefect, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from prefect import flow
    from prefect.client.orchestration import get_client
    from prefect.concurrency.sync import concurrency

    async def zet() -> None:
        async with get_client() as c:
            await partnerlimieten(c, {"smtp": 1})

    asyncio.run(zet())
    monkeypatch.setattr(partnerlimiet, "WACHT_SECONDEN", 1.0)  # how long to wait for a slot: the test's knob
    gedaan: list[str] = []

    @flow
    def verstuur() -> str:
        try:
            with partner_slot("smtp"):
                gedaan.append("verstuurd")
                return "verstuurd"
        except PartnerBezet as exc:
            assert is_transient(exc)  # the row stays queued for the next round
            return "bezet"

    with concurrency("partner-smtp", occupy=1):  # another worker holds the only connection
        assert verstuur() == "bezet"
    assert gedaan == []
    assert verstuur() == "verstuurd" and gedaan == ["verstuurd"]
    assert _limiet("partner-smtp").active_slots == 0  # type: ignore[attr-defined]


def test_outside_a_flow_run_no_slot_is_taken() -> None:
    with partner_slot("zgw"):  # a plain step function (crash test, script): no Prefect server needed
        pass
    with partner_slot(None):  # "flow" rows talk to no partner
        pass
