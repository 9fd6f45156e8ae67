"""A local Inlichtingenbureau: receives the DKD re-integratiebericht (praktijkroute).

POST /api/v1/reintegratieberichten, JSON, basic auth, an Idempotency-Key required:
- same key + same body -> the first receipt again (200); same key + other body -> 422;
- each bericht is checked (SuwiML simple types from the specs folder, code 1/2, % <= 100) -> 422
  problem+json in Dutch;
- CdArbeidsvermogenOnderWml 1 becomes a signal to UWV: when linked to a Suwinet simulator
  (integrations/ketenpartners/simulator.py) the BSN is registered in its doelgroepregister
  (grondslag PRAKTIJKROUTE_CODE, begin = DatBReintegratieInzet) after K lookups of that BSN
  (default 2; 0 = at once) or at /_sim/verwerk.
Fault injection: a share of calls fails (5xx), the next N fail, a slow answer (after the bericht
is stored: the client times out but the IB has it), "answer twice" (stored, then 503, so the
client retries with the same key), and a refusal with a given Dutch text.
Keeps no BSNs: berichten are stored with a hash of the BSN. State file owner-only (0600).
Run: python -m integrations.inlichtingenbureau.simulator --port 8300 [--state-file F]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import os
import random
import secrets
import threading
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from integrations.inlichtingenbureau.bericht import body_hash, datum_uit, fouten
from integrations.inlichtingenbureau.settings import DEV_PASSWORD, DEV_USER
from integrations.simstate import bsn_hash, read_json, write_private_json
from integrations.suwinet.simulator import PRAKTIJKROUTE_CODE, SuwinetState

PAD = "/api/v1/reintegratieberichten"


@dataclass
class IBState:
    user: str = DEV_USER
    password: str = DEV_PASSWORD
    specs_dir: Path | None = None  # BKWI's XSDs; None: the bericht's own checks only
    # by Idempotency-Key: {"body_hash", "berichtId", "ontvangenOp", "bsn_hash", "cd", "datum", "perc", "gemeentecode"}
    berichten: dict[str, dict[str, Any]] = field(default_factory=dict)
    verzoeken: dict[str, int] = field(default_factory=dict)  # requests per Idempotency-Key (exactly-once tests)
    suwinet: SuwinetState | None = None  # where the praktijkroute signal goes (UWV's register)
    signaal_na_lookups: int = 2
    # Fault injection (a test driver: never persisted).
    fail_share: float = 0.0
    fail_status: int = 500
    fail_next: int = 0
    delay_seconds: float = 0.0
    antwoord_kwijt_next: int = 0   # "answer twice": store, then answer 503
    weiger_next: int = 0
    malformed_next: int = 0        # the next N answers are 201 without a receipt (nothing stored)
    weiger_tekst: str = "Het Inlichtingenbureau weigert dit bericht."
    rng: random.Random = field(default_factory=lambda: random.Random(42))
    lock: Any = field(default_factory=threading.RLock)
    state_file: Path | None = None
    persist: Any = None

    def __post_init__(self) -> None:
        self.restore(read_json(self.state_file))

    def restore(self, data: dict[str, Any]) -> None:
        self.berichten.update(data.get("berichten", {}))
        self.verzoeken.update(data.get("verzoeken", {}))

    def snapshot(self) -> dict[str, Any]:
        return {"berichten": self.berichten, "verzoeken": self.verzoeken}

    def save(self) -> None:
        if self.persist is not None:
            self.persist()
        elif self.state_file is not None:
            write_private_json(self.state_file, {"versie": 1, **self.snapshot()})

    def reset_faults(self) -> None:
        self.fail_share, self.fail_status, self.fail_next, self.delay_seconds = 0.0, 500, 0, 0.0
        self.antwoord_kwijt_next, self.weiger_next, self.malformed_next = 0, 0, 0
        self.weiger_tekst = "Het Inlichtingenbureau weigert dit bericht."


def _problem(status: int, title: str, detail: str, invalid: list[dict[str, str]] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"type": f"https://werkpad.local/fouten/ib-{status}", "title": title, "status": status,
                            "detail": detail, "instance": f"urn:uuid:{uuid.uuid4()}"}
    if invalid:
        body["invalidParams"] = invalid
    return JSONResponse(body, status_code=status, media_type="application/problem+json")


def make_app(state: IBState) -> FastAPI:
    app = FastAPI(title="werkpad Inlichtingenbureau-simulator", docs_url=None, redoc_url=None, openapi_url=None)

    def authorised(request: Request) -> bool:
        header = request.headers.get("authorization", "")
        if not header.startswith("Basic "):
            return False
        try:
            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        except (ValueError, UnicodeDecodeError):
            return False
        return secrets.compare_digest(user, state.user) and secrets.compare_digest(password, state.password)

    def receipt(b: dict[str, Any], status: int) -> JSONResponse:
        return JSONResponse({"berichtId": b["berichtId"], "ontvangenOp": b["ontvangenOp"]}, status_code=status)

    @app.post(PAD)
    async def ontvang(request: Request) -> Response:
        if not authorised(request):
            return _problem(401, "Niet geautoriseerd", "Onjuiste of ontbrekende aanmeldgegevens.")
        key = request.headers.get("idempotency-key", "").strip()
        if not key or len(key) > 200:
            return _problem(400, "Idempotency-Key ontbreekt", "Elk bericht vraagt een Idempotency-Key (hooguit 200 "
                            "tekens).")
        try:
            body = await request.json()
        except ValueError:
            return _problem(400, "Geen JSON", "Het bericht is geen geldige JSON.")
        with state.lock:
            state.verzoeken[key] = state.verzoeken.get(key, 0) + 1
            fail = state.fail_next > 0 or (state.fail_share > 0 and state.rng.random() < state.fail_share)
            if state.fail_next > 0:
                state.fail_next -= 1
            if fail:
                state.save()
                return _problem(state.fail_status, "Tijdelijke storing", "Het Inlichtingenbureau is tijdelijk niet "
                                "beschikbaar; probeer het later opnieuw.")
            if state.malformed_next > 0:
                state.malformed_next -= 1
                state.save()
                return JSONResponse({"status": "ontvangen"}, 201)
            if state.weiger_next > 0:
                state.weiger_next -= 1
                state.save()
                return _problem(422, "Bericht geweigerd", state.weiger_tekst)
            bestaand = state.berichten.get(key)
            if bestaand is not None:
                zelfde = isinstance(body, dict) and bestaand["body_hash"] == body_hash(body)
                if not zelfde:
                    state.save()
                    return _problem(422, "Idempotency-Key hergebruikt", "Deze Idempotency-Key is al gebruikt voor "
                                    "een ander bericht.")
                state.save()
                return receipt(bestaand, 200)
            problemen = fouten(body, state.specs_dir)
            if problemen:
                state.save()
                return _problem(422, "Ongeldig re-integratiebericht", "Het re-integratiebericht voldoet niet aan de "
                                "regels.", problemen)
            nieuw = {"body_hash": body_hash(body), "berichtId": f"IB-{uuid.uuid4().hex[:12].upper()}",
                     "ontvangenOp": datetime.now(UTC).isoformat(), "bsn_hash": bsn_hash(body["Burgerservicenr"]),
                     "cd": body["CdArbeidsvermogenOnderWml"], "datum": body["DatBReintegratieInzet"],
                     "perc": body["PercLoonwaardeTovWml"], "gemeentecode": body["Gemeentecode"]}
            state.berichten[key] = nieuw
            # Every bericht reaches UWV's re-integratie data; only 'arbeidsvermogen onder WML: ja'
            # (the praktijkroute) becomes a signal for the doelgroepregister.
            if state.suwinet is not None:
                with state.suwinet.lock:
                    state.suwinet.reintegratie_bericht(body["Burgerservicenr"], {
                        "cd": nieuw["cd"], "datum": nieuw["datum"], "perc": nieuw["perc"],
                        "gemeentecode": nieuw["gemeentecode"], "id": nieuw["berichtId"]})
                    state.suwinet.save()
            if nieuw["cd"] == "1" and state.suwinet is not None:
                with state.suwinet.lock:
                    state.suwinet.signaal(body["Burgerservicenr"], code=PRAKTIJKROUTE_CODE,
                                          begin=datum_uit(nieuw["datum"]), na_lookups=state.signaal_na_lookups)
                    state.suwinet.save()
            state.save()
            kwijt = state.antwoord_kwijt_next > 0
            if kwijt:
                state.antwoord_kwijt_next -= 1
            delay = state.delay_seconds
        if delay > 0:
            await asyncio.sleep(delay)  # stored already: a client that timed out must retry with the same key
        if kwijt:
            return _problem(503, "Tijdelijke storing", "Het antwoord ging verloren; probeer het opnieuw.")
        return receipt(nieuw, 201)

    # -- driving the simulator -------------------------------------------------------------
    @app.get("/_sim/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/_sim/clear")
    def clear() -> dict[str, bool]:
        with state.lock:
            state.berichten.clear()
            state.verzoeken.clear()
            state.reset_faults()
            state.save()
        return {"leeg": True}

    @app.post("/_sim/fault")
    async def fault(request: Request) -> Response:
        """Body (every key optional): {"fail_share": 0.5, "fail_status": 503, "fail_next": 2,
        "delay_seconds": 0.3, "antwoord_kwijt_next": 1, "weiger_next": 1, "weiger_tekst": "...",
        "malformed_next": 1}; {} clears every fault.
        """
        body = await request.json()
        with state.lock:
            state.reset_faults()
            try:
                state.fail_share = float(body.get("fail_share", 0.0))
                state.fail_status = int(body.get("fail_status", 500))
                state.fail_next = int(body.get("fail_next", 0))
                state.delay_seconds = float(body.get("delay_seconds", 0.0))
                state.antwoord_kwijt_next = int(body.get("antwoord_kwijt_next", 0))
                state.weiger_next = int(body.get("weiger_next", 0))
                state.malformed_next = int(body.get("malformed_next", 0))
                state.weiger_tekst = str(body.get("weiger_tekst") or state.weiger_tekst)
                if "seed" in body:
                    state.rng.seed(body["seed"])
            except (TypeError, ValueError):
                state.reset_faults()
                return JSONResponse({"detail": "ongeldige foutinjectie"}, 400)
        return JSONResponse({"fail_share": state.fail_share, "fail_next": state.fail_next,
                             "delay_seconds": state.delay_seconds, "antwoord_kwijt_next": state.antwoord_kwijt_next,
                             "weiger_next": state.weiger_next})

    @app.post("/_sim/instellingen")
    async def instellingen(request: Request) -> Response:
        """Body: {"signaal_na_lookups": K} (0: the registration follows at once)."""
        body = await request.json()
        try:
            k = int(body["signaal_na_lookups"])
        except (KeyError, TypeError, ValueError):
            return JSONResponse({"detail": "signaal_na_lookups moet een geheel getal zijn"}, 400)
        state.signaal_na_lookups = max(0, k)
        return JSONResponse({"signaal_na_lookups": state.signaal_na_lookups})

    @app.post("/_sim/verwerk")
    def verwerk() -> Response:
        """UWV processes every pending praktijkroute signal now."""
        if state.suwinet is None:
            return JSONResponse({"detail": "niet gekoppeld aan een Suwinet-simulator"}, 409)
        with state.suwinet.lock:
            n = state.suwinet.verwerk_signalen()
            state.suwinet.save()
        return JSONResponse({"verwerkt": n})

    @app.get("/_sim/verzoeken")
    def verzoeken() -> dict[str, Any]:
        """Requests per Idempotency-Key and the berichten stored (no BSNs)."""
        return {"per_sleutel": dict(state.verzoeken), "berichten": len(state.berichten),
                "opgeslagen": [{k: v for k, v in b.items() if k != "body_hash"} | {"sleutel": key}
                               for key, b in state.berichten.items()]}

    return app


def main() -> None:
    import uvicorn

    p = argparse.ArgumentParser(description="Inlichtingenbureau-simulator (DKD re-integratiebericht). Gebruiker en "
                                            "wachtwoord in $IB_SIMULATOR_USER en $IB_SIMULATOR_PASSWORD. Zonder "
                                            "Suwinet-simulator gaat er geen signaal naar UWV; gebruik daarvoor "
                                            "integrations.ketenpartners.simulator.")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8300)
    p.add_argument("--state-file", type=Path, default=None, help="JSON-bestand (0600) dat een herstart overleeft")
    p.add_argument("--specs-dir", type=Path, default=None,
                   help="Map met de Suwinet-XSD's van BKWI; zonder: geen XSD-controle")
    a = p.parse_args()
    state = IBState(user=os.environ.get("IB_SIMULATOR_USER") or DEV_USER,
                    password=os.environ.get("IB_SIMULATOR_PASSWORD") or DEV_PASSWORD,
                    specs_dir=a.specs_dir, state_file=a.state_file)
    uvicorn.run(make_app(state), host=a.host, port=a.port, log_level="warning")


if __name__ == "__main__":
    main()
