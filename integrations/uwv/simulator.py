"""A local UWV for the indicatie channel: werkpad's modelled contract (contract.py), served.

Not a copy of a UWV API (there is none for these forms): it serves our own contract so the
HTTP channel, its retries and its error mapping can be tested end to end. Faithful where it
matters for werkpad: `Idempotency-Key` dedupe (same key + same body → the same receipt, no
second aanvraag; same key + other body → 422), 11-proef on the BSN, problem+json errors in
Dutch without personal data, an ontvangstbevestiging and later a beslissing. `/_sim/...` JSON
endpoints drive it (receipt, outcome, faults) and show the request log per key, so tests can
prove exactly-once. The app's routes are relative: the combined ketenpartners simulator mounts
it under `/uwv`.
Run: python -m integrations.uwv.simulator --port 8103 [--state-file .werkpad/uwv-simulator.json]
(the accepted bearer token in $UWV_SIMULATOR_TOKEN; default: the development token)
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import logging
import os
import random
import secrets
import tempfile
import threading
import uuid as uuidlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from fastapi import FastAPI, Header, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from domain.bsn import maskeer_bsns, validate_bsn
from domain.errors import InvalidBSN
from integrations.uwv.contract import VORM, Aanvraag, AanvraagStatus, Ontvangstbewijs, Probleem

AANVRAGEN = "/api/v1/indicatieaanvragen"
log = logging.getLogger(__name__)
MAX_VERZOEKEN = 10_000
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
StoringSoort = Literal["503", "traag", "verloren", "verloren-traag", "geen-json", "proxy-pagina", "vreemde-vorm"]


@dataclass
class Storing:
    """Injected faults (a test driver: never persisted).

    503: answer 503 without handling; traag: wait `vertraging` s (longer than the client's
    timeout) and then 503 without handling; verloren: handle (the aanvraag is stored), then
    answer 503 — the answer is lost; verloren-traag: handle, then answer only after `vertraging`
    s — the client has given up; geen-json / vreemde-vorm: a 200 the contract does not allow;
    proxy-pagina: a 200 HTML page, as a proxy or gateway in front of UWV may answer (nothing handled).
    """

    soort: StoringSoort = "503"
    aandeel: float = 0.0  # this share of API calls fails (random, seeded)
    volgende: int = 0  # the next N API calls fail (before the share is considered)
    vertraging: float = 0.3
    rng: random.Random = field(default_factory=lambda: random.Random(0))

    def trekt(self) -> bool:
        if self.volgende > 0:
            self.volgende -= 1
            return True
        return self.aandeel > 0 and self.rng.random() < self.aandeel


@dataclass
class SimState:
    tokens: dict[str, str]  # accepted bearer token -> client_id
    aanvragen: dict[str, dict[str, Any]] = field(default_factory=dict)  # by UWV id
    sleutels: dict[str, dict[str, str]] = field(default_factory=dict)  # Idempotency-Key -> {hash, id}
    volgnummer: int = 0
    # Key of the keyed hash that stands for a BSN in logs; kept with the records so a restarted
    # simulator writes the same hash for the same person.
    log_key: str = field(default_factory=lambda: secrets.token_hex(16))
    automatisch_ontvangen: bool = True  # the demo: UWV confirms receipt the day it gets the aanvraag
    storing: Storing | None = None
    verzoeken: list[dict[str, Any]] = field(default_factory=list)  # every API call, for exactly-once proofs
    lock: threading.Lock = field(default_factory=threading.Lock)
    state_file: Path | None = None

    PERSISTED = ("aanvragen", "sleutels", "volgnummer", "log_key")

    def __post_init__(self) -> None:
        if self.state_file is not None and self.state_file.exists():
            data = json.loads(self.state_file.read_text(encoding="utf-8"))
            self.aanvragen.update(data.get("aanvragen", {}))
            self.sleutels.update(data.get("sleutels", {}))
            self.volgnummer = int(data.get("volgnummer", 0))
            self.log_key = str(data.get("log_key") or self.log_key)

    def save(self) -> None:
        """Write the records atomically (temp file + os.replace). Call with `lock` held, after a change."""
        if self.state_file is None:
            return
        data = {"versie": 1, **{n: getattr(self, n) for n in self.PERSISTED}}
        self.state_file.parent.mkdir(parents=True, exist_ok=True)
        # The aanvragen hold the BSN (as UWV's would): mkstemp makes the file owner-only (0600).
        fd, tmp = tempfile.mkstemp(dir=self.state_file.parent, prefix=self.state_file.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, ensure_ascii=False)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.state_file)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def leeg(self) -> None:
        """Forget every aanvraag, key, fault and logged call (tests; `/_sim/reset`)."""
        with self.lock:
            self.aanvragen.clear()
            self.sleutels.clear()
            self.verzoeken.clear()
            self.volgnummer = 0
            self.storing = None
            self.automatisch_ontvangen = True
            self.save()

    def bsn_hash(self, bsn: str) -> str:
        return hmac.new(self.log_key.encode(), bsn.encode(), hashlib.sha256).hexdigest()[:16]

    def per_sleutel(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for v in self.verzoeken:
            if v["sleutel"] is not None:
                out.setdefault(v["sleutel"], {"verzoeken": 0, "aanvragen": 0})["verzoeken"] += 1
        for a in self.aanvragen.values():
            out.setdefault(a["sleutel"], {"verzoeken": 0, "aanvragen": 0})["aanvragen"] += 1
        return out


def vandaag() -> date:
    """UWV's calendar day (Amsterdam), not the server's UTC date."""
    return datetime.now(AMSTERDAM).date()


def _problem(status: int, title: str, detail: str, code: str) -> JSONResponse:
    body = Probleem(type=f"https://werkpad.local/uwv/fouten/{code}", title=title, status=status,
                    detail=maskeer_bsns(detail), instance=f"urn:uuid:{uuidlib.uuid4()}")
    return JSONResponse(body.model_dump(), status_code=status, media_type="application/problem+json")


def _problem_doc(description: str) -> dict[str, Any]:
    return {"description": description,
            "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Probleem"}}}}


_REDENEN = {"missing": "ontbreekt", "string_pattern_mismatch": "heeft niet de juiste vorm",
            "literal_error": "onbekende waarde", "extra_forbidden": "onbekend veld", "string_too_short": "is leeg",
            "string_too_long": "is te lang", "too_long": "heeft te veel elementen", "json_invalid": "geen geldige JSON",
            "date_from_datetime_parsing": "geen datum (JJJJ-MM-DD)", "date_parsing": "geen datum (JJJJ-MM-DD)"}


def _bewijs(a: dict[str, Any]) -> dict[str, Any]:
    return Ontvangstbewijs(id=a["id"], soort=a["soort"], zaakreferentie=a["zaakreferentie"],
                           ingediend_op=a["ingediend_op"], ontvangen_op=a["ontvangen_op"]).model_dump(mode="json")


def _status(a: dict[str, Any]) -> dict[str, Any]:
    return AanvraagStatus.model_validate(
        {k: a[k] for k in ("id", "soort", "zaakreferentie", "ingediend_op", "ontvangen_op", "beslissing")}
    ).model_dump(mode="json")


class _Ontvangst(BaseModel):
    model_config = ConfigDict(extra="forbid")
    datum: date | None = None


class _Beslis(BaseModel):
    model_config = ConfigDict(extra="forbid")
    uitkomst: Literal["positief", "negatief"]
    datum: date | None = None
    motivering: str | None = Field(default=None, max_length=2000)


class _Storing(BaseModel):
    model_config = ConfigDict(extra="forbid")
    soort: StoringSoort = "503"
    aandeel: float = Field(default=0.0, ge=0.0, le=1.0)
    volgende: int = Field(default=0, ge=0)
    vertraging: float = Field(default=0.3, ge=0.0, le=60.0)
    seed: int = 0


class _Schakel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    aan: bool


def _route_path(request: Request) -> str:
    """The path inside this app, also when mounted under a prefix (e.g. /uwv)."""
    path, root = request.scope["path"], request.scope.get("root_path", "")
    return path[len(root):] if root and path.startswith(root) else path


def make_app(state: SimState) -> FastAPI:
    app = FastAPI(title="werkpad UWV-indicatiekanaal (gemodelleerd contract, simulator)", version="1.0.0",
                  description="Werkpads eigen contract voor het indienen van een aanvraag indicatie banenafspraak of "
                              "advies beschut werk en het lezen van de status. Geen API van UWV.",
                  docs_url=None, redoc_url=None)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = exc.errors()
        if any(e["type"] == "missing" and e["loc"][0] == "header" for e in errors):
            return _problem(400, "Ongeldig verzoek", "De header Idempotency-Key ontbreekt; zonder sleutel kan UWV een "
                                                     "herhaald verzoek niet herkennen.", "idempotency-key-ontbreekt")
        # Only where and what kind: pydantic's own text may quote the input (a BSN).
        parts = [f"{'.'.join(str(p) for p in e['loc'][1:]) or 'body'}: {_REDENEN.get(e['type'], 'ongeldig')}"
                 for e in errors]
        return _problem(422, "Ongeldige aanvraag", "De aanvraag voldoet niet aan het contract: " + "; ".join(parts) + ".",
                        "ongeldig")

    @app.middleware("http")
    async def auth_faults_and_log(request: Request, call_next: Any) -> Response:
        path = _route_path(request)
        if path.startswith("/_sim") or path == "/openapi.json":
            return await call_next(request)  # type: ignore[no-any-return]
        sleutel = request.headers.get("idempotency-key")
        entry: dict[str, Any] = {"methode": request.method, "pad": path, "sleutel": sleutel, "status": None,
                                 "storing": None}
        state.verzoeken.append(entry)
        if len(state.verzoeken) > MAX_VERZOEKEN:  # a demo stack runs for days: keep the log bounded
            del state.verzoeken[: len(state.verzoeken) - MAX_VERZOEKEN]
        token = (request.headers.get("authorization") or "").removeprefix("Bearer ").strip()
        if not any(hmac.compare_digest(token, t) for t in state.tokens):
            entry["status"] = 401
            return _problem(401, "Niet geauthenticeerd", "Geen of een onbekend toegangstoken.", "niet-geauthenticeerd")
        storing = state.storing if state.storing is not None and state.storing.trekt() else None
        soort = storing.soort if storing else None
        entry["storing"] = soort
        response: Response
        if soort == "503":
            response = _problem(503, "Niet beschikbaar", "Gesimuleerde storing; probeer het later opnieuw.", "storing")
        elif soort == "traag":
            await asyncio.sleep(storing.vertraging)  # type: ignore[union-attr]
            response = _problem(503, "Niet beschikbaar", "Gesimuleerde trage storing.", "storing")
        elif soort == "geen-json":
            response = Response('{"id": "UWV-', media_type="application/json")
        elif soort == "proxy-pagina":
            response = Response("<html><body><h1>Even geduld</h1><p>De dienst is tijdelijk niet beschikbaar.</p>"
                                "</body></html>", media_type="text/html")
        elif soort == "vreemde-vorm":
            response = JSONResponse({"onverwacht": True})
        else:
            response = await call_next(request)
            if soort == "verloren":  # handled and stored, but the answer never reaches the client
                response = _problem(503, "Niet beschikbaar", "Gesimuleerd verloren antwoord.", "storing")
            elif soort == "verloren-traag":
                await asyncio.sleep(storing.vertraging)  # type: ignore[union-attr]
        entry["status"] = response.status_code
        return response

    # -- the contract -----------------------------------------------------------------------
    @app.post(AANVRAGEN, status_code=201, response_model=Ontvangstbewijs, tags=["indicatieaanvragen"],
              operation_id="dienAanvraagIn", response_description="Aanvraag aangenomen: het ontvangstbewijs",
              summary="Dien een aanvraag indicatie banenafspraak of advies beschut werk in",
              responses={200: {"description": "Herhaald verzoek met dezelfde sleutel en inhoud: hetzelfde "
                                              "ontvangstbewijs, geen tweede aanvraag", "model": Ontvangstbewijs},
                         400: _problem_doc("Idempotency-Key ontbreekt"), 401: _problem_doc("Niet geauthenticeerd"),
                         422: _problem_doc("Ongeldige aanvraag, ongeldig BSN, of de sleutel is al gebruikt voor "
                                           "een andere inhoud"),
                         503: _problem_doc("Tijdelijk niet beschikbaar; herhaal met dezelfde sleutel")})
    def dien_in(aanvraag: Aanvraag,
                idempotency_key: Annotated[str, Header(alias="Idempotency-Key", min_length=1, max_length=255)],
                ) -> Response:
        body = aanvraag.model_dump(mode="json")
        digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
        with state.lock:
            seen = state.sleutels.get(idempotency_key)
            if seen is not None:
                if not hmac.compare_digest(seen["hash"], digest):
                    return _problem(422, "Sleutel al gebruikt", "Deze Idempotency-Key is al gebruikt voor een andere "
                                    "aanvraag; een nieuwe aanvraag krijgt een nieuwe sleutel.", "sleutel-hergebruikt")
                return JSONResponse(_bewijs(state.aanvragen[seen["id"]]), status_code=200)
            try:
                validate_bsn(aanvraag.bsn)
            except InvalidBSN as exc:
                return _problem(422, "Ongeldige aanvraag", f"{exc} Controleer het burgerservicenummer.", "ongeldig-bsn")
            state.volgnummer += 1
            nu = datetime.now(UTC)
            uwv_id = f"UWV-IND-{nu.year}-{state.volgnummer:06d}"
            state.aanvragen[uwv_id] = {
                "id": uwv_id, "sleutel": idempotency_key, **body, "ingediend_op": nu.isoformat(),
                "ontvangen_op": vandaag().isoformat() if state.automatisch_ontvangen else None, "beslissing": None,
            }
            state.sleutels[idempotency_key] = {"hash": digest, "id": uwv_id}
            state.save()
            log.info("aanvraag %s (%s) ingediend, bsn-hash %s", uwv_id, aanvraag.soort, state.bsn_hash(aanvraag.bsn))
            return JSONResponse(_bewijs(state.aanvragen[uwv_id]), status_code=201)

    @app.get(AANVRAGEN + "/{uwv_id}", response_model=AanvraagStatus, tags=["indicatieaanvragen"],
             operation_id="leesStatus", response_description="De stand van de aanvraag",
             summary="De stand van een aanvraag: ontvangstbevestiging en beslissing",
             responses={401: _problem_doc("Niet geauthenticeerd"), 404: _problem_doc("Onbekende aanvraag"),
                        422: _problem_doc("Ongeldig kenmerk"), 503: _problem_doc("Tijdelijk niet beschikbaar")})
    def status(uwv_id: str) -> Response:
        a = state.aanvragen.get(uwv_id)
        if a is None:
            return _problem(404, "Niet gevonden", "UWV kent geen aanvraag met dit kenmerk.", "niet-gevonden")
        return JSONResponse(_status(a))

    # -- driving the simulator (not part of the contract) ------------------------------------
    def _aanvraag(uwv_id: str) -> dict[str, Any] | JSONResponse:
        a = state.aanvragen.get(uwv_id)
        return a if a is not None else JSONResponse({"detail": f"Geen aanvraag {uwv_id}"}, status_code=404)

    @app.get("/_sim/health", include_in_schema=False)
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/_sim/ontvangst/{uwv_id}", include_in_schema=False)
    def ontvangst(uwv_id: str, body: _Ontvangst) -> Response:
        """Confirm receipt (ontvangstbevestiging) on `datum` (default today)."""
        a = _aanvraag(uwv_id)
        if isinstance(a, JSONResponse):
            return a
        with state.lock:
            a["ontvangen_op"] = (body.datum or vandaag()).isoformat()
            state.save()
        return JSONResponse(_status(a))

    @app.post("/_sim/beslis/{uwv_id}", include_in_schema=False)
    def beslis(uwv_id: str, body: _Beslis) -> Response:
        """UWV's outcome: positief/negatief on `datum` (default today); an advies for beschut werk,
        a beschikking for the banenafspraak. Only after the ontvangstbevestiging."""
        a = _aanvraag(uwv_id)
        if isinstance(a, JSONResponse):
            return a
        datum = body.datum or vandaag()
        if a["ontvangen_op"] is None or datum < date.fromisoformat(a["ontvangen_op"]):
            return JSONResponse({"detail": "Een beslissing kan pas na (of op) de datum van ontvangst."}, status_code=409)
        with state.lock:
            a["beslissing"] = {"uitkomst": body.uitkomst, "datum": datum.isoformat(), "vorm": VORM[a["soort"]],
                               "motivering": body.motivering}
            state.save()
        return JSONResponse(_status(a))

    @app.post("/_sim/automatisch-ontvangen", include_in_schema=False)
    def automatisch(body: _Schakel) -> dict[str, bool]:
        state.automatisch_ontvangen = body.aan
        return {"aan": state.automatisch_ontvangen}

    @app.post("/_sim/storing", include_in_schema=False)
    def zet_storing(body: _Storing) -> dict[str, Any]:
        """{} or aandeel 0 and volgende 0: no faults."""
        state.storing = None if body.aandeel == 0 and body.volgende == 0 else Storing(
            soort=body.soort, aandeel=body.aandeel, volgende=body.volgende, vertraging=body.vertraging,
            rng=random.Random(body.seed))
        return body.model_dump()

    @app.get("/_sim/aanvragen", include_in_schema=False)
    def sim_aanvragen() -> dict[str, Any]:
        # The BSN stays in the store; what is shown (and may end up in a log) is its keyed hash.
        return {"aanvragen": [{**{k: v for k, v in a.items() if k != "bsn"}, "bsn_hash": state.bsn_hash(a["bsn"])}
                              for a in state.aanvragen.values()]}

    @app.get("/_sim/verzoeken", include_in_schema=False)
    def sim_verzoeken() -> dict[str, Any]:
        return {"verzoeken": state.verzoeken, "per_sleutel": state.per_sleutel()}

    @app.post("/_sim/reset", include_in_schema=False)
    def reset() -> dict[str, str]:
        state.leeg()
        return {"status": "leeg"}

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, description=app.description,
                                 routes=app.routes)
            components = schema.setdefault("components", {})
            components.setdefault("schemas", {})["Probleem"] = Probleem.model_json_schema(
                ref_template="#/components/schemas/{model}")
            components["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
            schema["security"] = [{"bearer": []}]
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def openapi_yaml() -> str:
    """The contract as committed in integrations/uwv/openapi.yaml."""
    import yaml

    doc = make_app(SimState(tokens={})).openapi()
    return "# Generated from integrations/uwv/simulator.py: python -m integrations.uwv.simulator --openapi\n" \
           + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=120)


OPENAPI_FILE = Path(__file__).with_name("openapi.yaml")
TOKEN_ENV = "UWV_SIMULATOR_TOKEN"  # not on the command line: argv is visible to every user (ps)


def main() -> None:
    from integrations.uwv.settings import DEV_TOKEN

    p = argparse.ArgumentParser(description="UWV-simulator (indicatiekanaal, werkpads eigen contract). Het "
                                            f"toegangstoken staat in ${TOKEN_ENV} (standaard het ontwikkeltoken).")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8103)
    p.add_argument("--state-file", type=Path, default=None, help="JSON-bestand waarin de aanvragen een herstart overleven")
    p.add_argument("--client-id", default="werkpad")
    p.add_argument("--geen-automatische-ontvangst", action="store_true",
                   help="Nieuwe aanvragen niet meteen bevestigen (dan via /_sim/ontvangst/{id})")
    p.add_argument("--openapi", action="store_true", help=f"Schrijf {OPENAPI_FILE.name} opnieuw en stop")
    a = p.parse_args()
    if a.openapi:
        OPENAPI_FILE.write_text(openapi_yaml(), encoding="utf-8")
        print(f"{OPENAPI_FILE} geschreven.")
        return
    import uvicorn

    state = SimState(tokens={os.environ.get(TOKEN_ENV) or DEV_TOKEN: a.client_id}, state_file=a.state_file,
                     automatisch_ontvangen=not a.geen_automatische_ontvangst)
    uvicorn.run(make_app(state), host=a.host, port=a.port, log_level="warning")


if __name__ == "__main__":
    main()
