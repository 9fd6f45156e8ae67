"""One ZGW contract test file, three modes, chosen by WERKPAD_ZGW_CONTRACT (a comma list; default
`simulator,replay`, so the README's test command runs both):

- `simulator` (default, CI): werkpad's client against the strict gemeente-simulator on loopback;
- `replay` (CI): against cassettes recorded from a real Open Zaak (vcrpy, record_mode=none), matched
  on method, path, query and a normalised JSON body, so a changed request fails;
- `live`: against any ZGW base URL (WERKPAD_ZGW_URL, WERKPAD_ZGW_CLIENT_ID/SECRET for werkpad's
  Applicatie, WERKPAD_ZGW_BEHEER_CLIENT_ID/SECRET for the gemeente's own side); with
  WERKPAD_ZGW_OPNEMEN=1 the exchanges are recorded as the cassettes (tests/contract/opnemen.sh).

The same test body runs in all three: what the simulator answers, Open Zaak must answer too.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from integrations.gemeente.auth import make_token
from integrations.gemeente.client import GemeenteClient
from integrations.gemeente.settings import GemeenteSection

HIER = Path(__file__).parent
CASSETTES = HIER / "cassettes"
META = CASSETTES / "meta.json"
MODES = [m.strip() for m in os.environ.get("WERKPAD_ZGW_CONTRACT", "simulator,replay").split(",") if m.strip()]
_RUN = secrets.token_hex(3).upper()  # one per live run: every identificatie of the recording carries it
SIM_SECRET = "contract-secret-of-at-least-32-bytes!!"
BEHEER_SECRET = "gemeente-beheer-secret-of-at-least-32-bytes"


@dataclass
class Partner:
    """Where the contract runs: werkpad's client, the gemeente's own side (beheer), and the run's tag."""

    mode: str
    base_url: str
    client: GemeenteClient
    beheer_id: str
    beheer_secret: str
    rsin: str
    run: str  # makes identificaties unique per recording against a live Open Zaak

    def beheer(self, method: str, path_or_url: str, body: Any = None) -> httpx.Response:
        """A call as the gemeente itself (e.g. its own aanvraag-zaak), with full rights."""
        url = path_or_url if path_or_url.startswith("http") else self.base_url + path_or_url
        headers = {"Authorization": "Bearer " + make_token(self.beheer_id, self.beheer_secret),
                   "Accept-Crs": "EPSG:4326", "Content-Crs": "EPSG:4326", "Accept": "application/json"}
        return httpx.request(method, url, json=body, headers=headers, timeout=30)


def _normalised(body: bytes | str | None) -> Any:
    if not body:
        return None
    text = body.decode() if isinstance(body, bytes) else body
    try:
        return json.loads(text)
    except ValueError:
        return text


def _body_matcher(r1: Any, r2: Any) -> None:
    a, b = _normalised(r1.body), _normalised(r2.body)
    assert a == b, f"verzoek gewijzigd: {json.dumps(a, sort_keys=True)[:300]} != {json.dumps(b, sort_keys=True)[:300]}"


def _vcr(record_mode: str) -> Any:
    import vcr

    v = vcr.VCR(cassette_library_dir=str(CASSETTES), record_mode=record_mode,
                match_on=["method", "scheme", "host", "port", "path", "query", "json_body"],
                filter_headers=["authorization", "cookie", "set-cookie"], decode_compressed_response=True)
    v.register_matcher("json_body", _body_matcher)
    return v


def meta(mode: str) -> dict[str, Any]:
    if mode == "replay":
        if not META.exists():
            pytest.fail("Geen opgenomen cassettes (tests/contract/cassettes/meta.json); neem ze op met "
                        "tests/contract/opnemen.sh tegen een draaiende Open Zaak.")
        return dict(json.loads(META.read_text(encoding="utf-8")))
    if mode == "live":
        return {"base_url": os.environ["WERKPAD_ZGW_URL"].rstrip("/"), "run": _RUN,
                "rsin": os.environ.get("WERKPAD_ZGW_RSIN", "001826219")}
    return {"run": "SIM", "rsin": "001826219"}


@pytest.fixture(params=MODES)
def partner(request: pytest.FixtureRequest) -> Iterator[Partner]:
    mode = str(request.param)
    if mode not in ("simulator", "replay", "live"):
        pytest.fail(f"WERKPAD_ZGW_CONTRACT kent '{mode}' niet: kies simulator, replay of live.")
    meta = globals()["meta"](mode)
    if mode == "simulator":
        from tests.conftest import SimServer

        sim = SimServer({"werkpad-contract": SIM_SECRET}, beheer_secret=BEHEER_SECRET).start()
        settings = GemeenteSection(api_url=sim.url, client_id="werkpad-contract", secret=SIM_SECRET)
        with GemeenteClient(settings) as client:
            yield Partner("simulator", sim.url, client, "gemeente-beheer", BEHEER_SECRET, meta["rsin"], meta["run"])
        sim.stop()
        return
    naam = request.node.originalname  # one cassette per test, whatever the mode parameter
    if mode == "replay":
        settings = GemeenteSection(api_url=meta["base_url"], client_id=meta["client_id"],
                                   secret="replay-secret-not-used-at-all-0123456789")
        with _vcr("none").use_cassette(f"{naam}.yaml"), GemeenteClient(settings) as client:
            yield Partner("replay", meta["base_url"], client, "gemeente-beheer", "replay-secret-not-used-0123456789",
                          meta["rsin"], meta["run"])
        return
    settings = GemeenteSection(api_url=meta["base_url"], client_id=os.environ["WERKPAD_ZGW_CLIENT_ID"],
                               secret=os.environ["WERKPAD_ZGW_SECRET"], timeout_seconds=30)
    opnemen = os.environ.get("WERKPAD_ZGW_OPNEMEN") == "1"
    p = Partner("live", meta["base_url"], GemeenteClient(settings),
                os.environ.get("WERKPAD_ZGW_BEHEER_CLIENT_ID", "gemeente-beheer"),
                os.environ["WERKPAD_ZGW_BEHEER_SECRET"], meta["rsin"], meta["run"])
    try:
        if opnemen:
            (CASSETTES / f"{naam}.yaml").unlink(missing_ok=True)
            with _vcr("all").use_cassette(f"{naam}.yaml"):
                yield p
            META.write_text(json.dumps({"base_url": meta["base_url"], "client_id": settings.client_id,
                                        "run": meta["run"], "rsin": meta["rsin"],
                                        "open_zaak": os.environ.get("WERKPAD_ZGW_VERSIE", "onbekend")},
                                       indent=2) + "\n", encoding="utf-8")
        else:
            yield p
    finally:
        p.client.close()
