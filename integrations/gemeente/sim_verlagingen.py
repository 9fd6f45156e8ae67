"""The gemeente's uitkeringsadministratie in the simulator: verlagingen, exactly once per
Idempotency-Key (not ZGW, no public spec: our own modelled contract,
docs/integratie-gemeente-uitkering.md), and /_sim/verzoeken, which counts the POSTs per key."""

from __future__ import annotations

import hashlib
import json
import re
import uuid as uuidlib
from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from domain.bsn import validate_bsn
from domain.errors import InvalidBSN
from integrations.gemeente.sim_kern import (
    Kern,
    problem,
)
from integrations.simstate import bsn_hash

VERLAGINGEN = "/uitkering/api/v1/verlagingen"
VERLAGING_SOORTEN = ("opleggen", "herzien", "intrekken")
MAX_SLEUTEL = 255


def _fout(name: str, reason: str, code: str = "invalid") -> dict[str, str]:
    return {"name": name, "code": code, "reason": reason}


_MAAND = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")


def _verlaging_fouten(body: Any, zaak_bekend: Any) -> list[dict[str, str]]:
    """The uitkeringsadministratie's checks of a verlaging (Dutch reasons, never quoting the input)."""
    if not isinstance(body, dict):
        return [_fout("body", "De verlaging moet een JSON-object zijn.")]
    fouten = []
    zaak = body.get("zaak")
    if not isinstance(zaak, str) or not zaak:
        fouten.append(_fout("zaak", "Verplicht.", "required"))
    elif not zaak_bekend(zaak):
        fouten.append(_fout("zaak", "Onbekende zaak.", "bad-url"))
    bsn = body.get("bsn")
    try:
        if not isinstance(bsn, str) or not re.fullmatch(r"[0-9]{9}", bsn):
            raise InvalidBSN("geen negen cijfers")
        validate_bsn(bsn)
    except InvalidBSN:
        fouten.append(_fout("bsn", "Geen geldig burgerservicenummer (negen cijfers, elfproef)."))
    besluit = body.get("besluit")
    if not isinstance(besluit, str) or not besluit.strip() or len(besluit) > 50:
        fouten.append(_fout("besluit", "Verplicht: de identificatie van het besluit, hooguit 50 tekens."))
    soort = body.get("soort")
    if soort not in VERLAGING_SOORTEN:
        fouten.append(_fout("soort", "Moet opleggen, herzien of intrekken zijn.", "invalid_choice"))
    maanden = body.get("maanden")
    if not isinstance(maanden, list):
        fouten.append(_fout("maanden", "Verplicht: een lijst van maanden (leeg bij intrekken).", "required"))
        return fouten
    if soort == "intrekken" and maanden:
        fouten.append(_fout("maanden", "Bij intrekken blijft de lijst leeg: de hele verlaging vervalt."))
    elif soort in ("opleggen", "herzien") and not maanden:
        fouten.append(_fout("maanden", "Noem minstens één maand met een percentage.", "empty"))
    gezien: set[str] = set()
    for i, m in enumerate(maanden):
        if not isinstance(m, dict):
            fouten.append(_fout(f"maanden.{i}", "Een object met maand en percentage."))
            continue
        maand, perc = m.get("maand"), m.get("percentage")
        if not isinstance(maand, str) or not _MAAND.fullmatch(maand):
            fouten.append(_fout(f"maanden.{i}.maand", "Een maand als JJJJ-MM."))
        elif maand in gezien:
            fouten.append(_fout(f"maanden.{i}.maand", "Deze maand staat er al in.", "unique"))
        else:
            gezien.add(maand)
        if isinstance(perc, bool) or not isinstance(perc, int) or not 1 <= perc <= 100:
            fouten.append(_fout(f"maanden.{i}.percentage", "Een geheel getal van 1 tot en met 100."))
    return fouten



def register(app: FastAPI, sim: Kern) -> None:
    state = sim.state

    def _verlaging(v: dict[str, Any]) -> dict[str, Any]:
        """The resource as the API shows it: no key, no hashes."""
        return {k: v[k] for k in ("url", "uuid", "zaak", "besluit", "soort", "maanden", "ontvangenOp")}

    @app.post(VERLAGINGEN)
    async def meld_verlaging(request: Request) -> Response:
        sleutel = request.headers.get("idempotency-key", "").strip()
        if not sleutel or len(sleutel) > MAX_SLEUTEL:
            return problem(request, 400, "idempotency-key-ontbreekt", "Idempotency-Key ontbreekt",
                            f"Elke verlaging vraagt een Idempotency-Key (hooguit {MAX_SLEUTEL} tekens); zonder "
                            "sleutel herkent de uitkeringsadministratie een herhaald verzoek niet.")
        try:
            body = await request.json()
        except ValueError:
            return problem(request, 400, "invalid", "Invalid input.", "De verlaging is geen geldige JSON.")
        digest = hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
        with state.lock:
            bestaand = next((v for v in state.verlagingen.values() if v["sleutel"] == sleutel), None)
            if bestaand is not None:
                if bestaand["body_hash"] != digest:
                    return problem(request, 422, "sleutel-hergebruikt", "Idempotency-Key hergebruikt",
                                    "Deze Idempotency-Key is al gebruikt voor een andere verlaging; een nieuwe "
                                    "melding krijgt een nieuwe sleutel.")
                return JSONResponse(_verlaging(bestaand), status_code=200, headers={"Location": bestaand["url"]})
            fouten = _verlaging_fouten(body, lambda url: sim.zaak_by_url(url) is not None)
            if fouten:
                return problem(request, 400, "invalid", "Invalid input.", "De verlaging is onvolledig of ongeldig: "
                                + "; ".join(f"{f['name']}: {f['reason']}" for f in fouten), fouten)
            u = str(uuidlib.uuid4())
            zaak = sim.zaak_by_url(body["zaak"])
            assert zaak is not None
            v = {"url": f"{sim.base(request)}{VERLAGINGEN}/{u}", "uuid": u, "zaak": zaak["url"],
                 "besluit": body["besluit"], "soort": body["soort"],
                 "maanden": [{"maand": m["maand"], "percentage": m["percentage"]} for m in body["maanden"]],
                 "ontvangenOp": datetime.now(UTC).isoformat(), "sleutel": sleutel, "body_hash": digest,
                 "bsn_hash": bsn_hash(body["bsn"])}
            state.verlagingen[u] = v
            state.save()
        return JSONResponse(_verlaging(v), status_code=201, headers={"Location": v["url"]})

    @app.get(VERLAGINGEN)
    def list_verlagingen(request: Request, zaak: str | None = None, besluit: str | None = None) -> dict[str, Any]:
        items = [_verlaging(v) for v in state.verlagingen.values()
                 if zaak in (None, v["zaak"]) and besluit in (None, v["besluit"])]
        return {"count": len(items), "next": None, "previous": None, "results": items}

    @app.get(VERLAGINGEN + "/{verlaging_uuid}")
    def get_verlaging(request: Request, verlaging_uuid: str) -> Response:
        v = state.verlagingen.get(verlaging_uuid)
        if v is None:
            return problem(request, 404, "not_found", "Niet gevonden", "Verlaging bestaat niet.")
        return JSONResponse(_verlaging(v))

    @app.get("/_sim/verzoeken")
    def sim_verzoeken() -> dict[str, Any]:
        """POSTs of verlagingen per Idempotency-Key, and how many verlagingen each key made (no BSNs)."""
        per: dict[str, dict[str, int]] = {k: {"verzoeken": n, "verlagingen": 0} for k, n in state.verzoeken.items()}
        for v in state.verlagingen.values():
            per.setdefault(v["sleutel"], {"verzoeken": 0, "verlagingen": 0})["verlagingen"] += 1
        return {"per_sleutel": per, "verlagingen": [_verlaging(v) | {"sleutel": v["sleutel"]}
                                                    for v in state.verlagingen.values()]}
