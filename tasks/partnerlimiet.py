"""A slot per partner connection: Prefect's global concurrency limits `partner-<naam>` (made from the settings
section `partnerlimiet` by deployments/inrichting.py), shared by every worker. 1,000 due rows wait for a slot
instead of opening 1,000 connections at once.

Only inside a flow run: plain step functions (the crash tests, a script) import no Prefect and take no slot.
A limit that does not exist (a bare test server) limits nothing. A slot not freed within WACHT_SECONDEN is a
transient error: the row stays queued and the next round tries again.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from integrations.errors import PartnerTransient

# Which partner an outbox kind talks to ("flow" starts a run on our own server: no partner).
PARTNER_VAN_SOORT = {"zgw": "zgw", "email": "smtp", "uwv": "uwv", "inlichtingenbureau": "inlichtingenbureau"}
WACHT_SECONDEN = 120.0
LEASE_SECONDEN = 300.0  # a killed holder frees its slot when the lease runs out


class PartnerBezet(PartnerTransient):
    """Every slot of the partner's limit stayed taken: try again in the next round."""


def _in_flow_run() -> bool:
    if "prefect" not in sys.modules:
        return False
    from prefect.context import FlowRunContext

    return FlowRunContext.get() is not None


@contextmanager
def partner_slot(partner: str | None) -> Iterator[None]:
    if partner is None or not _in_flow_run():
        yield
        return
    from prefect.concurrency.sync import concurrency

    try:
        slot = concurrency(f"partner-{partner}", occupy=1, timeout_seconds=WACHT_SECONDEN,
                           lease_duration=LEASE_SECONDEN, strict=False)
        slot.__enter__()
    except TimeoutError:
        fout = PartnerBezet(f"Alle verbindingen naar {partner} zijn bezet (limiet partner-{partner}); het blijft in "
                            "de wachtrij voor de volgende ronde.")
        fout.partner = partner
        raise fout from None
    try:
        yield
    finally:
        slot.__exit__(None, None, None)
