"""A moved business clock is for in-process runs (tests, demo, CLI --nu), not for deployment runs."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from domain.invoer import OngeldigeInvoer
from flows import _common
from tasks import runtime


@pytest.fixture(autouse=True)
def fresh_settings() -> Iterator[None]:
    """Each test reads the settings (WERKPAD_TESTKLOK) afresh."""
    runtime.configure(None)
    yield
    runtime.configure(None)


def fake_run(monkeypatch: pytest.MonkeyPatch, deployment_id: uuid.UUID | None) -> None:
    ctx = SimpleNamespace(flow_run=SimpleNamespace(deployment_id=deployment_id))
    monkeypatch.setattr(_common.FlowRunContext, "get", classmethod(lambda cls: ctx))


def test_deployment_run_refuses_a_moved_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WERKPAD_TESTKLOK", raising=False)
    fake_run(monkeypatch, uuid.uuid4())
    with pytest.raises(OngeldigeInvoer, match="verschoven klok"):
        _common.nu_of(datetime(9999, 12, 31, tzinfo=UTC))
    bijna_nu = datetime.now(UTC) + timedelta(minutes=1)
    assert _common.nu_of(bijna_nu) == bijna_nu  # a form's "now" a minute off is fine
    monkeypatch.setenv("WERKPAD_TESTKLOK", "1")
    runtime.configure(None)
    assert _common.nu_of(datetime(2026, 12, 3, 7, 5, tzinfo=UTC)).year == 2026


def test_in_process_run_may_move_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WERKPAD_TESTKLOK", raising=False)
    fake_run(monkeypatch, None)
    assert _common.nu_of(datetime(2026, 12, 3, 7, 5)) == datetime(2026, 12, 3, 7, 5, tzinfo=UTC)
