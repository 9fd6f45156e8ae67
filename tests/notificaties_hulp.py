"""What the notificaties tests share: werkpad's callback (werkpad/web/notificaties.py) in a tiny Starlette app,
served by uvicorn on loopback for the simulator to deliver to, and werkpad's settings pointed at it."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pytest

from tests.conftest import AppServer, free_port

TOKEN = "test-notificaties-token-0123456789"
T = TypeVar("T")


def wacht_tot(vraag: Callable[[], T], seconden: float = 15.0) -> T:
    """Poll a real process (the simulator's delivery thread, the callback's handling) for an outcome, bounded."""
    einde = time.monotonic() + seconden
    while True:
        uitkomst = vraag()
        if uitkomst:
            return uitkomst
        if time.monotonic() > einde:
            raise AssertionError(f"binnen de tijd geen uitkomst: {vraag.__doc__ or ''}{_laatste()}")
        time.sleep(0.05)


_RT: list[Any] = []


def _laatste() -> str:
    """The stored notifications, to say what the wait saw."""
    return "; ".join(f"{r.id} {r.kanaal}/{r.resource} {r.status}: {r.uitkomst}" for r in rijen(_RT[0])) if _RT else ""


def rijen(rt: Any) -> list[Any]:
    from sqlmodel import select

    from casestore.db import session
    from casestore.models import Notificatie

    with session(rt.engine) as s:
        return list(s.exec(select(Notificatie).order_by(Notificatie.id)))  # type: ignore[arg-type]


@pytest.fixture(name="callback")
def callback_fixture(rt: Any, sim: Any) -> Iterator[AppServer]:
    """werkpad's callback on loopback; werkpad's settings name it, the simulator's Open Notificaties, the token."""
    from starlette.applications import Starlette

    from integrations.gemeente.settings import NotificatiesSection
    from werkpad.web.notificaties import routes

    _RT[:] = [rt]
    port = free_port()
    rt.settings.notificaties = NotificatiesSection(api_url=f"{sim.url}/api/v1", token=TOKEN,
                                                   callback_url=f"http://127.0.0.1:{port}/notificaties/callback")
    sim.state.notificatie_wachttijden = (0.05, 0.1, 0.2)
    server = AppServer(Starlette(routes=routes(rt.settings, runtime=lambda: rt)), port).start()
    yield server
    server.stop()
    sim.state.abonnementen.clear()
    _RT.clear()
