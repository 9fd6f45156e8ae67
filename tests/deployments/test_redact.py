"""The BSN-redacting log filter: messages, run names in front of them, tracebacks; never UUIDs."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from deployments.redact import BsnRedactingFilter

UUID = "0e4b3c1d-1234-4567-8901-123456789abc"


@pytest.fixture()
def captured() -> Iterator[tuple[logging.Logger, io.StringIO]]:
    buf = io.StringIO()
    handler = logging.StreamHandler(buf)
    handler.setFormatter(logging.Formatter("%(flow_run_name)s | %(message)s"))
    handler.addFilter(BsnRedactingFilter())
    log = logging.getLogger("werkpad.test.redact")
    log.addHandler(handler)
    log.propagate = False
    yield log, buf
    log.removeHandler(handler)


def test_message_run_name_and_traceback_are_redacted(captured: tuple[logging.Logger, io.StringIO]) -> None:
    log, buf = captured
    try:
        raise ValueError("Onbekend traject '999900006'")
    except ValueError:
        log.exception("run faalde voor %s; View at http://127.0.0.1:4200/runs/flow-run/%s", "999900006", UUID,
                      extra={"flow_run_name": "aanmelding · 999900006 · intake plannen"})
    out = buf.getvalue()
    assert "999900006" not in out
    assert out.startswith("aanmelding · ********* · intake plannen | run faalde voor *********")
    assert "ValueError: Onbekend traject '*********'" in out and "Traceback" in out
    assert f"/runs/flow-run/{UUID}" in out  # the link still works


def test_digits_in_hex_ids_and_longer_numbers_stay(captured: tuple[logging.Logger, io.StringIO]) -> None:
    log, buf = captured
    log.warning("artifact deadbeef123456789 en kenmerk 1234567890123", extra={"flow_run_name": "deadline-sweep"})
    assert "deadbeef123456789" in buf.getvalue() and "1234567890123" in buf.getvalue()


def test_the_logging_config_names_no_code_above_deployments() -> None:
    """Prefect loads logging.yml in every process; a dotted name in it is an import like any other."""
    import re
    from pathlib import Path

    yml = (Path(__file__).resolve().parents[2] / "deployments" / "logging.yml").read_text(encoding="utf-8")
    named = re.findall(r"^\s*(?:\(\)|class):\s*([\w.]+)", yml, re.MULTILINE)
    assert "deployments.redact.BsnRedactingFilter" in named
    assert all(n.startswith(("prefect.", "deployments.", "logging.")) for n in named), named


def test_an_expected_failure_is_one_warning_line_and_a_bug_keeps_its_traceback(
        captured: tuple[logging.Logger, io.StringIO]) -> None:
    """A partner away (retried, the run says so) is one Dutch line at WARNING in the logs; a bug is an ERROR with
    its traceback (the chaos test found Prefect's tracebacks of DispatchUitgesteld in every worker's log)."""
    from integrations.gemeente.errors import GemeenteTransient
    from tasks.dispatch import DispatchUitgesteld, OnbekendeSoort

    log, buf = captured
    log.handlers[0].setFormatter(logging.Formatter("%(levelname)s | %(message)s"))
    for exc in (DispatchUitgesteld("Gemeente-API gaf 503; later opnieuw. (2 berichten blijven in de wachtrij)"),
                GemeenteTransient("Gemeente-API niet bereikbaar")):
        try:
            raise exc
        except Exception:
            log.exception("Task run failed with exception: %r - Retries are exhausted", exc)
    uit = buf.getvalue()
    assert "Traceback" not in uit and uit.count("WARNING | Task run failed") == 2 and "ERROR" not in uit
    try:
        raise OnbekendeSoort("Geen verwerker voor outbox-soort 'fax'.")
    except OnbekendeSoort:
        log.exception("Task run failed")
    assert "ERROR | Task run failed" in buf.getvalue() and "Traceback" in buf.getvalue()
