"""`werkpad gemeente abonneer` and `werkpad gemeente abonnement` against the simulator's Open Notificaties, with a
callback on loopback: made once (a second abonneer changes nothing), checked, found stale after a new version of
the aanvraag-zaaktype and brought up to date; every line Dutch, no traceback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_gemeente_controleer import werkpad
from tests.conftest import SECRET
from tests.integrations.test_notificaties import Ontvanger
from tests.notificaties_hulp import TOKEN


@pytest.fixture()
def omgeving(sim: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Any, Ontvanger]]:
    o = Ontvanger()
    o.server.start()
    for k, v in {"WERKPAD_DATA_DIR": str(tmp_path), "WERKPAD_GEMEENTE__API_URL": sim.url,
                 "WERKPAD_GEMEENTE__CLIENT_ID": "werkpad-test", "WERKPAD_GEMEENTE__SECRET": SECRET,
                 "WERKPAD_NOTIFICATIES__CALLBACK_URL": o.url, "WERKPAD_NOTIFICATIES__TOKEN": TOKEN}.items():
        monkeypatch.setenv(k, v)
    yield sim, o
    o.server.stop()
    sim.state.abonnementen.clear()


def test_abonneer_is_idempotent_and_abonnement_checks_it(omgeving: tuple[Any, Ontvanger]) -> None:
    sim, o = omgeving
    code, out = werkpad(["gemeente", "abonnement"])
    assert code == 1 and out.strip() == (f"Fout: Geen abonnement met callback {o.url} op {sim.url}/api/v1: maak het "
                                         "met 'werkpad gemeente abonneer'.")
    code, out = werkpad(["gemeente", "abonneer"])
    assert code == 0 and out.startswith("Abonnement gemaakt: ") and "kanaal zaken, 3 filter(s) voor Velsen, Beverwijk, " \
                                                                   "Heemskerk" in out, out
    [a] = sim.state.abonnementen.values()
    assert a["auth"] == f"Bearer {TOKEN}" and a["callbackUrl"] == o.url
    assert {g["filters"]["bronorganisatie"] for g in a["kanalen"]} == {"001826219", "001826414", "001826517"}
    code, out = werkpad(["gemeente", "abonneer"])
    assert code == 0 and "bestaat al en klopt" in out and "niets gewijzigd" in out, out
    assert list(sim.state.abonnementen.values()) == [a]
    code, out = werkpad(["gemeente", "abonnement"])
    assert code == 0 and out.startswith("Abonnement klopt: ") and "writeOnly" in out, out

    assert sim.drive("/_sim/zaaktype-versie", {"identificatie": "LO-AANVRAAG",
                                               "beginGeldigheid": "2026-06-01"}).status_code == 201
    code, out = werkpad(["gemeente", "abonnement"])
    regels = out.strip().splitlines()
    assert code == 1 and len(regels) == 4, out  # a missing filter per gemeente, then the verdict
    assert all("✗ filter ontbreekt op kanaal zaken" in r for r in regels[:3])
    assert regels[-1].startswith("Fout: Abonnement ") and "werkpad gemeente abonneer" in regels[-1]
    code, out = werkpad(["gemeente", "abonneer"])
    assert code == 0 and out.startswith("Abonnement bijgewerkt: "), out
    assert werkpad(["gemeente", "abonnement"])[0] == 0 and len(sim.state.abonnementen) == 1
    assert "Traceback" not in out


def test_a_refusing_callback_is_one_dutch_line(omgeving: tuple[Any, Ontvanger], monkeypatch: pytest.MonkeyPatch) -> None:
    sim, _ = omgeving
    monkeypatch.setenv("WERKPAD_NOTIFICATIES__TOKEN", "een-ander-token-dan-de-callback-kent")
    code, out = werkpad(["gemeente", "abonneer"])
    assert code == 1 and len(out.strip().splitlines()) == 1, out
    assert out.startswith("Fout: Notificaties-API weigerde POST /abonnement (400)") and "kan geen notificaties" in out
    assert sim.state.abonnementen == {}
