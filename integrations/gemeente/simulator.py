"""A local gemeente: ZGW Zaken + Catalogi (the parts werkpad uses) and an uitkeringsstatus.

Faithful where it matters for werkpad (shapes per ../shared/specs/zgw, HS256 JWT with
iat age check, Content-Crs on zaak writes, paginated lists, problem+json errors,
append-only statuses with eindstatus -> einddatum) and small everywhere else. State is
in memory and, with a state file, also on disk: a restarted stack still knows the zaken
whose URLs the case store keeps. `/_sim/...` endpoints let the CLI and tests drive it
(grant an uitkering, inject a fault, set the gemeente's calendar day, count requests per key).
The uitkeringsadministratie takes verlagingen (maatregelen) at POST /uitkering/api/v1/verlagingen,
exactly once per Idempotency-Key: our own modelled contract (docs/integratie-gemeente-uitkering.md).
Run: python -m integrations.gemeente.simulator --port 8100 [--client-id werkpad] [--state-file .werkpad/gemeente-simulator.json]
    [--klok-vrij]
(the client's secret in $GEMEENTE_SIMULATOR_SECRET; default: the development secret)
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import random
import re
import sys
import tempfile
import threading
import uuid as uuidlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from domain.bsn import validate_bsn
from domain.errors import InvalidBSN
from integrations.gemeente.auth import TokenRefused, check_token
from integrations.simstate import bsn_hash

ZAAKTYPE_ID = "IJW-REINTEGRATIE"
# (id in the URL, volgnummer, omschrijving). The id keeps a statustype's URL stable when one is
# added in between (stored zaken keep pointing at the right one); in ZGW the statustype with
# the highest volgnummer is the eindstatus, so "Afgesloten" stays last.
STATUSTYPEN = [
    (1, 1, "Aangemeld"),
    (2, 2, "Brede intake gepland"),
    (3, 3, "Brede intake afgerond"),
    (4, 4, "Wacht op uitkeringsbesluit"),
    (5, 5, "Re-integratietraject gestart"),
    (7, 6, "Tijdelijk oponthoud"),
    (8, 7, "Verlengde intake AD&A"),
    # The re-integratietraject's fasen (domain/fasen.py) and parttime werk (the traject goes on).
    (10, 10, "Kennismaking"),
    (11, 11, "Persoonlijke ontwikkeling"),
    (12, 12, "Ontwikkeling door werkervaring"),
    (13, 13, "Ontwikkeling sollicitatievaardigheden"),
    (14, 14, "Werk vinden"),
    (15, 15, "Werk houden"),
    (16, 16, "Deels uitgestroomd"),
    (6, 99, "Afgesloten"),
]
# (id in the URL, omschrijving <= 30): the zaak's resultaat at uitstroom, one per zaak.
RESULTAATTYPEN = [
    (1, "Werkaanvaarding"),
    (2, "Garantiebaan"),
    (3, "Maximale participatie"),
    (4, "NBW-dienstverband"),
    (5, "Terugmelding naar gemeente"),
    (6, "Einde uitkering"),
    (7, "Voortijdig afgebroken"),
]
ZAAK_REQUIRED = {"betalingsindicatieWeergave", "bronorganisatie", "deelzaken", "eigenschappen", "einddatum",
                 "laatstGemuteerd", "resultaat", "rollen", "startdatum", "status", "url", "uuid",
                 "verantwoordelijkeOrganisatie", "zaakinformatieobjecten", "zaakobjecten", "zaaktype"}
ROL_REQUIRED = {"betrokkeneType", "omschrijving", "omschrijvingGeneriek", "registratiedatum", "roltype", "statussen",
                "url", "uuid", "zaak"}
ROLTYPEN = [("Deelnemer", "belanghebbende"), ("Werkcoach", "behandelaar")]
# The college's decisions on the zaak (ZGW Besluiten API): beschut werk (Pw art. 10b), after UWV's advies;
# the maatregel beschikkingen (Pw art. 18 lid 2), the beslissing op bezwaar and the herziening of one.
# The omschrijving is the key werkpad looks a besluittype up by (domain/maatregel.py BeschikkingType).
BESLUITTYPEN = [
    (1, "Beschut werk toegekend"),
    (2, "Beschut werk afgewezen"),
    (3, "Beschikking afzien maatregel"),
    (4, "Beschikking maatregel 100%"),
    (5, "Beschikking maatregel 1 maand 10%"),
    (6, "Beschikking maatregel 1 maand 20%"),
    (7, "Beschikking maatregel 2 maanden 10%"),
    (8, "Beschikking maatregel 2 maanden 20%"),
    (9, "Beschikking gematigde maatregel"),
    (10, "Beslissing op bezwaar maatregel"),
    (11, "Herziening maatregel"),
]
VERVALREDENEN = {"tijdelijk", "ingetrokken_overheid", "ingetrokken_belanghebbende"}
# The uitkeringsadministratie's verlagingen (not ZGW, no public spec: our own modelled contract,
# docs/integratie-gemeente-uitkering.md).
VERLAGINGEN = "/uitkering/api/v1/verlagingen"
VERLAGING_SOORTEN = ("opleggen", "herzien", "intrekken")
MAX_SLEUTEL = 255
# Faults the middleware plays (the rest, e.g. "uitkering-onbekend", are played by one endpoint).
# 500/503: answered without handling; verloren: handled (and stored), then a 503: the answer is lost;
# traag: handled, answered only after `fault_vertraging` s (the client has timed out); malformed: a
# 200 outside every contract.
MIDDLEWARE_FAULTS = {"500", "503", "verloren", "traag", "malformed"}
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@dataclass
class SimState:
    secrets: dict[str, str]
    zaken: dict[str, dict[str, Any]] = field(default_factory=dict)
    statussen: dict[str, dict[str, Any]] = field(default_factory=dict)
    rollen: dict[str, dict[str, Any]] = field(default_factory=dict)
    resultaten: dict[str, dict[str, Any]] = field(default_factory=dict)
    uitkeringen: dict[str, dict[str, Any]] = field(default_factory=dict)  # by zaak uuid
    besluiten: dict[str, dict[str, Any]] = field(default_factory=dict)  # ZGW Besluiten API, by uuid
    # The uitkeringsadministratie's verlagingen, by uuid; each keeps its Idempotency-Key, the hash of
    # the body it was created with and a hash of the BSN (no BSN: the record is shown on /_sim).
    verlagingen: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Fault injection (a test driver: never persisted). `fault` alone plays on every call; with
    # `fault_volgende` (the next N calls) and/or `fault_aandeel` (this share, seeded) only on those.
    fault: str | None = None  # "500" | "503" | "verloren" | "traag" | "malformed" | "uitkering-onbekend" | None
    fault_volgende: int | None = None
    fault_aandeel: float | None = None
    fault_vertraging: float = 0.3
    rng: random.Random = field(default_factory=lambda: random.Random(0))
    requests: int = 0
    verzoeken: dict[str, int] = field(default_factory=dict)  # POSTs per Idempotency-Key (exactly-once tests)
    # The gemeente's calendar day for "not in the future" checks (a besluit's datum); None: the real
    # day in Amsterdam. Tests and stacks with a moved clock set it (date.max: no check).
    klok: date | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    # Where the gemeente's records survive a restart (None: memory only, as in most tests).
    state_file: Path | None = None
    # The base of every URL we hand out. Fixed (not taken from the Host header), so a restart on
    # the same port hands out and recognises the same URLs the case store already keeps.
    base_url: str | None = None

    PERSISTED = ("zaken", "statussen", "rollen", "resultaten", "uitkeringen", "besluiten", "verlagingen")

    def __post_init__(self) -> None:
        if self.state_file is not None and self.state_file.exists():
            data = json.loads(self.state_file.read_text(encoding="utf-8"))
            for name in self.PERSISTED:
                getattr(self, name).update(data.get(name, {}))
            if self.base_url and data.get("base_url") not in (None, self.base_url):
                print(f"Let op: {self.state_file} is geschreven onder {data['base_url']}, de simulator draait nu onder "
                      f"{self.base_url}; opgeslagen zaak-URL's wijzen naar het oude adres.", file=sys.stderr)

    def vandaag(self) -> date:
        return self.klok or datetime.now(AMSTERDAM).date()

    def reset_faults(self) -> None:
        self.fault, self.fault_volgende, self.fault_aandeel, self.fault_vertraging = None, None, None, 0.3

    def trek_fault(self) -> str | None:
        """The fault the middleware plays on this call, if any (call with `lock` held)."""
        if self.fault not in MIDDLEWARE_FAULTS:
            return None
        if self.fault_volgende is None and self.fault_aandeel is None:
            return self.fault
        if self.fault_volgende:
            self.fault_volgende -= 1
            return self.fault
        if self.fault_aandeel and self.rng.random() < self.fault_aandeel:
            return self.fault
        return None

    def save(self) -> None:
        """Write the records atomically (temp file + os.replace). Call with `lock` held, after a change."""
        if self.state_file is None:
            return
        data = {"versie": 1, "base_url": self.base_url, **{n: getattr(self, n) for n in self.PERSISTED}}
        self.state_file.parent.mkdir(parents=True, exist_ok=True)
        # The rollen hold the deelnemer's BSN (as the real gemeente does): owner-only permissions.
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


def _problem(request: Request, status: int, code: str, title: str, detail: str,
             invalid: list[dict[str, str]] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"type": f"https://werkpad.local/fouten/{code}", "code": code, "title": title,
                            "status": status, "detail": detail, "instance": f"urn:uuid:{uuidlib.uuid4()}"}
    if invalid is not None:
        body["invalidParams"] = invalid
    return JSONResponse(body, status_code=status, media_type="application/problem+json")


def _page(items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"count": len(items), "next": None, "previous": None, "results": items}


_DATUM = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MAAND = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")


def _datum(value: Any) -> date | None:
    """A JJJJ-MM-DD date, or None when the value is not one (also for None)."""
    if not isinstance(value, str) or not _DATUM.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _fout(name: str, reason: str, code: str = "invalid") -> dict[str, str]:
    return {"name": name, "code": code, "reason": reason}


def _besluit_fouten(body: dict[str, Any], besluittype_bekend: bool, zaak_bekend: bool,
                    vandaag: date) -> list[dict[str, str]]:
    """What Open Zaak would refuse in a new besluit (reasons in Dutch, never quoting the input)."""
    fouten = []
    if not besluittype_bekend:
        fouten.append(_fout("besluittype", "Onbekend of ontbrekend."))
    if not zaak_bekend:
        fouten.append(_fout("zaak", "Onbekende zaak.", "bad-url"))
    if not re.fullmatch(r"[0-9]{9}", str(body.get("verantwoordelijkeOrganisatie", ""))):
        fouten.append(_fout("verantwoordelijkeOrganisatie", "Negen cijfers (RSIN)."))
    if len(str(body.get("identificatie") or "")) > 50:
        fouten.append(_fout("identificatie", "Hooguit 50 tekens.", "max_length"))
    if len(str(body.get("bestuursorgaan") or "")) > 50:
        fouten.append(_fout("bestuursorgaan", "Hooguit 50 tekens.", "max_length"))
    if not isinstance(body.get("toelichting", ""), str):
        fouten.append(_fout("toelichting", "Moet tekst zijn."))
    datum = _datum(body.get("datum"))
    if datum is None:
        fouten.append(_fout("datum", "Verplicht, als JJJJ-MM-DD.", "required" if not body.get("datum") else "invalid"))
    elif datum > vandaag:  # Open Zaak: UntilTodayValidator (the beslisdatum cannot lie ahead)
        fouten.append(_fout("datum", "Deze datum mag niet in de toekomst liggen.", "future_not_allowed"))
    ingang = _datum(body.get("ingangsdatum"))
    if ingang is None:
        fouten.append(_fout("ingangsdatum", "Verplicht, als JJJJ-MM-DD.",
                            "required" if not body.get("ingangsdatum") else "invalid"))
    for naam in ("vervaldatum", "verzenddatum", "uiterlijkeReactiedatum", "publicatiedatum"):
        if body.get(naam) is not None and _datum(body[naam]) is None:
            fouten.append(_fout(naam, "Een datum als JJJJ-MM-DD (of leeg)."))
    verval = _datum(body.get("vervaldatum"))
    if verval is not None and ingang is not None and verval < ingang:
        fouten.append(_fout("vervaldatum", "De vervaldatum ligt vóór de ingangsdatum.", "date-mismatch"))
    if (body.get("vervalreden") or "") not in VERVALREDENEN | {""}:
        fouten.append(_fout("vervalreden", "Onbekende vervalreden.", "invalid_choice"))
    return fouten


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


def create_app(state: SimState) -> FastAPI:
    app = FastAPI(title="werkpad gemeente-simulator", docs_url=None, redoc_url=None, openapi_url=None)

    def base(request: Request) -> str:
        return state.base_url or str(request.base_url).rstrip("/")

    def catalog(request: Request) -> dict[str, Any]:
        b = base(request)
        cat = f"{b}/catalogi/api/v1/catalogussen/00000000-0000-0000-0000-000000000001"
        zt = f"{b}/catalogi/api/v1/zaaktypen/00000000-0000-0000-0000-000000000010"
        common = {"catalogus": cat, "beginObject": "2023-01-01", "eindeObject": "2099-12-31"}
        statustypen = [
            {"url": f"{b}/catalogi/api/v1/statustypen/00000000-0000-0000-0000-0000000001{i:02d}",
             "omschrijving": oms, "omschrijvingGeneriek": oms, "statustekst": "", "zaaktype": zt,
             "zaaktypeIdentificatie": ZAAKTYPE_ID, "volgnummer": n, "isEindstatus": n == max(v for _, v, _ in STATUSTYPEN),
             "informeren": False, "eigenschappen": [], "zaakobjecttypen": [], **common}
            for i, n, oms in STATUSTYPEN
        ]
        roltypen = [
            {"url": f"{b}/catalogi/api/v1/roltypen/00000000-0000-0000-0000-0000000002{i:02d}", "zaaktype": zt,
             "zaaktypeIdentificatie": ZAAKTYPE_ID, "omschrijving": oms, "omschrijvingGeneriek": gen, **common}
            for i, (oms, gen) in enumerate(ROLTYPEN)
        ]
        resultaattypen = [
            {"url": f"{b}/catalogi/api/v1/resultaattypen/00000000-0000-0000-0000-0000000003{i:02d}", "zaaktype": zt,
             "zaaktypeIdentificatie": ZAAKTYPE_ID, "omschrijving": oms,
             "resultaattypeomschrijving": "https://selectielijst.example/api/v1/resultaattypeomschrijvingen/"
                                          "00000000-0000-0000-0000-000000000001",
             "omschrijvingGeneriek": "Afgehandeld",
             "selectielijstklasse": "https://selectielijst.example/api/v1/resultaten/00000000-0000-0000-0000-000000000001",
             "toelichting": "", "archiefnominatie": "vernietigen", "archiefactietermijn": "P10Y",
             "besluittypen": [], "besluittypeOmschrijving": [], "informatieobjecttypen": [],
             "informatieobjecttypeOmschrijving": [], **common}
            for i, oms in RESULTAATTYPEN
        ]
        besluittypen = [
            {"url": f"{b}/catalogi/api/v1/besluittypen/00000000-0000-0000-0000-0000000004{i:02d}", "catalogus": cat,
             "zaaktypen": [zt], "omschrijving": oms, "omschrijvingGeneriek": oms, "besluitcategorie": "beschikking",
             "reactietermijn": "P6W", "publicatieIndicatie": False, "publicatietekst": "", "publicatietermijn": None,
             "toelichting": "", "informatieobjecttypen": [], "beginGeldigheid": "2023-01-01", "eindeGeldigheid": None,
             "concept": False, "resultaattypen": [], "resultaattypenOmschrijving": [], "vastgelegdIn": [],
             "beginObject": "2023-01-01", "eindeObject": "2099-12-31"}
            for i, oms in BESLUITTYPEN
        ]
        zaaktype = {
            "url": zt, "identificatie": ZAAKTYPE_ID, "omschrijving": "Re-integratietraject IJmond Werkt!",
            "vertrouwelijkheidaanduiding": "vertrouwelijk", "doel": "Deelnemer naar werk begeleiden",
            "aanleiding": "Aanmelding bij gemeente of IJmond Werkt!", "indicatieInternOfExtern": "extern",
            "handelingInitiator": "aanmelden", "onderwerp": "Re-integratie", "handelingBehandelaar": "begeleiden",
            "doorlooptijd": "P365D", "opschortingEnAanhoudingMogelijk": False, "verlengingMogelijk": False,
            "publicatieIndicatie": False, "productenOfDiensten": [],
            "referentieproces": {"naam": "Re-integratie Participatiewet", "link": ""},
            "concept": False, "verantwoordelijke": "IJmond Werkt!", "beginGeldigheid": "2023-01-01",
            "versiedatum": "2023-01-01", "statustypen": [s["url"] for s in statustypen],
            "resultaattypen": [r["url"] for r in resultaattypen],
            "eigenschappen": [], "informatieobjecttypen": [], "roltypen": [r["url"] for r in roltypen],
            "besluittypen": [t["url"] for t in besluittypen], "gerelateerdeZaaktypen": [], "zaakobjecttypen": [],
            "trefwoorden": [], "deelzaaktypen": [], **common,
        }
        return {"zaaktype": zaaktype, "statustypen": statustypen, "roltypen": roltypen, "resultaattypen": resultaattypen,
                "besluittypen": besluittypen}

    @app.middleware("http")
    async def auth_and_faults(request: Request, call_next: Any) -> Response:
        path = request.url.path
        if path.startswith("/_sim"):
            return await call_next(request)  # type: ignore[no-any-return]
        with state.lock:
            state.requests += 1
            sleutel = request.headers.get("idempotency-key", "").strip()
            if request.method == "POST" and path == VERLAGINGEN and sleutel:
                state.verzoeken[sleutel] = state.verzoeken.get(sleutel, 0) + 1
            fault = state.trek_fault()
        try:
            check_token(request.headers.get("authorization"), state.secrets)
        except TokenRefused as exc:
            return _problem(request, 403, "not_authenticated", "Niet geauthenticeerd", str(exc))
        if fault == "500":
            return _problem(request, 500, "error", "Interne fout", "Gesimuleerde storing.")
        if fault == "503":
            return _problem(request, 503, "unavailable", "Niet beschikbaar", "Gesimuleerde storing; probeer het "
                            "later opnieuw.")
        if fault == "malformed":
            return JSONResponse({"onverwacht": True})
        response: Response = await call_next(request)
        if fault == "verloren":  # handled (and stored), but the answer never reaches the client
            return _problem(request, 503, "unavailable", "Niet beschikbaar", "Gesimuleerd verloren antwoord.")
        if fault == "traag":  # handled (and stored), answered after the client gave up
            await asyncio.sleep(state.fault_vertraging)
        response.headers["API-version"] = "1.5.1"
        if path.startswith("/zaken/api/v1/zaken"):
            response.headers["Content-Crs"] = "EPSG:4326"  # zaak resources carry geometry
        return response

    # -- catalogi -------------------------------------------------------------------------
    @app.get("/catalogi/api/v1/zaaktypen")
    def zaaktypen(request: Request, identificatie: str | None = None) -> dict[str, Any]:
        zt = catalog(request)["zaaktype"]
        return _page([zt] if identificatie in (None, ZAAKTYPE_ID) else [])

    @app.get("/catalogi/api/v1/statustypen")
    def statustypen(request: Request, zaaktype: str | None = None,
                    zaaktypeIdentificatie: str | None = None) -> dict[str, Any]:  # noqa: N803 (API name)
        c = catalog(request)
        return _page([s for s in c["statustypen"] if zaaktype in (None, s["zaaktype"])
                      and zaaktypeIdentificatie in (None, s["zaaktypeIdentificatie"])])

    @app.get("/catalogi/api/v1/roltypen")
    def roltypen(request: Request, zaaktype: str | None = None,
                 zaaktypeIdentificatie: str | None = None) -> dict[str, Any]:  # noqa: N803 (API name)
        c = catalog(request)
        return _page([r for r in c["roltypen"] if zaaktype in (None, r["zaaktype"])
                      and zaaktypeIdentificatie in (None, r["zaaktypeIdentificatie"])])

    @app.get("/catalogi/api/v1/resultaattypen")
    def resultaattypen(request: Request, zaaktype: str | None = None,
                       zaaktypeIdentificatie: str | None = None) -> dict[str, Any]:  # noqa: N803 (API name)
        c = catalog(request)
        return _page([r for r in c["resultaattypen"] if zaaktype in (None, r["zaaktype"])
                      and zaaktypeIdentificatie in (None, r["zaaktypeIdentificatie"])])

    # -- zaken ----------------------------------------------------------------------------
    @app.get("/zaken/api/v1/zaken")
    def list_zaken(request: Request, identificatie: str | None = None,
                   bronorganisatie: str | None = None) -> dict[str, Any]:
        items = [z for z in state.zaken.values()
                 if identificatie in (None, z["identificatie"]) and bronorganisatie in (None, z["bronorganisatie"])]
        return _page(items)

    def _one(request: Request, store: dict[str, dict[str, Any]], key: str, what: str) -> Response:
        item = store.get(key)
        if item is None:
            return _problem(request, 404, "not_found", "Niet gevonden", f"{what} bestaat niet.")
        return JSONResponse(item)

    @app.get("/zaken/api/v1/zaken/{zaak_uuid}")
    def get_zaak(request: Request, zaak_uuid: str) -> Response:
        return _one(request, state.zaken, zaak_uuid, "Zaak")

    @app.post("/zaken/api/v1/zaken")
    async def create_zaak(request: Request) -> Response:
        if request.headers.get("content-crs") != "EPSG:4326":
            return _problem(request, 412, "precondition_failed", "Content-Crs ontbreekt",
                            "Content-Crs header 'EPSG:4326' is verplicht.")
        body = await request.json()
        required = ["bronorganisatie", "zaaktype", "verantwoordelijkeOrganisatie", "startdatum"]
        missing = [{"name": k, "code": "required", "reason": "Dit veld is vereist."} for k in required if not body.get(k)]
        if missing:
            return _problem(request, 400, "invalid", "Invalid input.", "Verplichte velden ontbreken.", missing)
        if body["zaaktype"] != catalog(request)["zaaktype"]["url"]:
            return _problem(request, 400, "invalid", "Invalid input.", "Onbekend zaaktype.",
                            [{"name": "zaaktype", "code": "bad-url", "reason": "Onbekend zaaktype."}])
        with state.lock:
            ident = body.get("identificatie") or f"ZAAK-{len(state.zaken) + 1:06d}"
            if any(z["identificatie"] == ident and z["bronorganisatie"] == body["bronorganisatie"]
                   for z in state.zaken.values()):
                return _problem(request, 400, "invalid", "Invalid input.", "Identificatie is niet uniek.",
                                [{"name": "identificatie", "code": "identificatie-niet-uniek",
                                  "reason": "Deze identificatie bestaat al voor deze bronorganisatie."}])
            u = str(uuidlib.uuid4())
            now = datetime.now(UTC).isoformat()
            zaak = {
                "url": f"{base(request)}/zaken/api/v1/zaken/{u}", "uuid": u, "identificatie": ident,
                "bronorganisatie": body["bronorganisatie"], "omschrijving": body.get("omschrijving", ""),
                "toelichting": body.get("toelichting", ""), "zaaktype": body["zaaktype"],
                "registratiedatum": body.get("registratiedatum") or date.today().isoformat(),
                "verantwoordelijkeOrganisatie": body["verantwoordelijkeOrganisatie"],
                "startdatum": body["startdatum"], "einddatum": None, "einddatumGepland": None,
                "uiterlijkeEinddatumAfdoening": None, "publicatiedatum": None, "laatstGemuteerd": now,
                "laatstGeopend": None, "communicatiekanaal": "", "communicatiekanaalNaam": "",
                "productenOfDiensten": [], "vertrouwelijkheidaanduiding": body.get("vertrouwelijkheidaanduiding",
                                                                                  "vertrouwelijk"),
                "betalingsindicatie": "", "betalingsindicatieWeergave": "", "laatsteBetaaldatum": None,
                "zaakgeometrie": None, "verlenging": None, "opschorting": {"indicatie": False, "reden": "",
                                                                          "eerdereOpschorting": False},
                "selectielijstklasse": "", "hoofdzaak": None, "deelzaken": [], "relevanteAndereZaken": [],
                "gerelateerdeZaken": [], "eigenschappen": [], "rollen": [], "status": None,
                "zaakinformatieobjecten": [], "zaakobjecten": [], "kenmerken": [], "archiefnominatie": None,
                "archiefstatus": "nog_te_archiveren", "archiefactiedatum": None, "resultaat": None,
                "opdrachtgevendeOrganisatie": "", "processobjectaard": "", "startdatumBewaartermijn": None,
                "processobject": None,
            }
            # Optional fields without a value are left out, as Open Zaak does for most of them.
            zaak = {k: v for k, v in zaak.items() if k in ZAAK_REQUIRED or v not in (None, "")}
            state.zaken[u] = zaak
            # No aanvraagdatum until one is set (/_sim): the simulator does not know the deelnemer's
            # age, so it cannot tell when a young person's zoektermijn allowed the aanvraag.
            state.uitkeringen[u] = {"status": "in_behandeling", "besluitdatum": None, "aanvraagdatum": None}
            state.save()
        return JSONResponse(zaak, status_code=201)

    def _zaak_by_url(url: str) -> dict[str, Any] | None:
        return state.zaken.get(url.rstrip("/").rsplit("/", 1)[-1])

    @app.get("/zaken/api/v1/statussen")
    def list_statussen(request: Request, zaak: str | None = None, statustype: str | None = None) -> dict[str, Any]:
        return _page([s for s in state.statussen.values()
                      if zaak in (None, s["zaak"]) and statustype in (None, s["statustype"])])

    @app.post("/zaken/api/v1/statussen")
    async def create_status(request: Request) -> Response:
        body = await request.json()
        zaak = _zaak_by_url(body.get("zaak", ""))
        st = {s["url"]: s for s in catalog(request)["statustypen"]}.get(body.get("statustype", ""))
        if zaak is None or st is None or not body.get("datumStatusGezet"):
            return _problem(request, 400, "invalid", "Invalid input.", "zaak, statustype en datumStatusGezet zijn "
                            "verplicht en moeten bestaan.",
                            [{"name": "statustype", "code": "invalid", "reason": "Onbekend of ontbrekend."}])
        with state.lock:
            u = str(uuidlib.uuid4())
            for s in state.statussen.values():
                if s["zaak"] == zaak["url"]:
                    s["indicatieLaatstGezetteStatus"] = False
            status = {"url": f"{base(request)}/zaken/api/v1/statussen/{u}", "uuid": u, "zaak": zaak["url"],
                      "statustype": st["url"], "datumStatusGezet": body["datumStatusGezet"],
                      "statustoelichting": body.get("statustoelichting", ""), "indicatieLaatstGezetteStatus": True,
                      "gezetdoor": None, "zaakinformatieobjecten": []}
            state.statussen[u] = status
            zaak["status"] = status["url"]
            if st["isEindstatus"]:  # ZGW: the eindstatus closes the zaak
                zaak["einddatum"] = body["datumStatusGezet"][:10]
            state.save()
        return JSONResponse(status, status_code=201)

    @app.get("/zaken/api/v1/statussen/{status_uuid}")
    def get_status(request: Request, status_uuid: str) -> Response:
        return _one(request, state.statussen, status_uuid, "Status")

    @app.get("/zaken/api/v1/rollen/{rol_uuid}")
    def get_rol(request: Request, rol_uuid: str) -> Response:
        return _one(request, state.rollen, rol_uuid, "Rol")

    @app.get("/zaken/api/v1/rollen")
    def list_rollen(request: Request, zaak: str | None = None, roltype: str | None = None) -> dict[str, Any]:
        return _page([r for r in state.rollen.values()
                      if zaak in (None, r["zaak"]) and roltype in (None, r["roltype"])])

    @app.post("/zaken/api/v1/rollen")
    async def create_rol(request: Request) -> Response:
        body = await request.json()
        zaak = _zaak_by_url(body.get("zaak", ""))
        rt = {r["url"]: r for r in catalog(request)["roltypen"]}.get(body.get("roltype", ""))
        btype = body.get("betrokkeneType")
        if zaak is None or rt is None or btype not in {"natuurlijk_persoon", "medewerker"}:
            return _problem(request, 400, "invalid", "Invalid input.", "zaak, roltype en betrokkeneType zijn verplicht.",
                            [{"name": "roltype", "code": "invalid", "reason": "Onbekend of ontbrekend."}])
        ident = body.get("betrokkeneIdentificatie") or {}
        if btype == "natuurlijk_persoon":
            bsn = str(ident.get("inpBsn", ""))
            if len(bsn) != 9 or not bsn.isdigit():
                return _problem(request, 400, "invalid", "Invalid input.", "inpBsn moet 9 cijfers zijn.",
                                [{"name": "betrokkeneIdentificatie.inpBsn", "code": "invalid",
                                  "reason": "Ongeldig BSN."}])
        with state.lock:
            u = str(uuidlib.uuid4())
            rol = {"url": f"{base(request)}/zaken/api/v1/rollen/{u}", "uuid": u, "zaak": zaak["url"],
                   "betrokkene": "", "betrokkeneType": btype, "afwijkendeNaamBetrokkene": "", "roltype": rt["url"],
                   "omschrijving": rt["omschrijving"], "omschrijvingGeneriek": rt["omschrijvingGeneriek"],
                   "roltoelichting": body.get("roltoelichting", ""), "registratiedatum": datetime.now(UTC).isoformat(),
                   "indicatieMachtiging": "", "contactpersoonRol": None, "statussen": [],
                   "betrokkeneIdentificatie": ident}
            rol = {k: v for k, v in rol.items() if k in ROL_REQUIRED or v not in (None, "")}
            state.rollen[u] = rol
            zaak["rollen"].append(rol["url"])
            state.save()
        return JSONResponse(rol, status_code=201)

    @app.get("/zaken/api/v1/resultaten")
    def list_resultaten(request: Request, zaak: str | None = None, resultaattype: str | None = None) -> dict[str, Any]:
        return _page([r for r in state.resultaten.values()
                      if zaak in (None, r["zaak"]) and resultaattype in (None, r["resultaattype"])])

    @app.get("/zaken/api/v1/resultaten/{resultaat_uuid}")
    def get_resultaat(request: Request, resultaat_uuid: str) -> Response:
        return _one(request, state.resultaten, resultaat_uuid, "Resultaat")

    @app.post("/zaken/api/v1/resultaten")
    async def create_resultaat(request: Request) -> Response:
        body = await request.json()
        zaak = _zaak_by_url(body.get("zaak", ""))
        rt = {r["url"]: r for r in catalog(request)["resultaattypen"]}.get(body.get("resultaattype", ""))
        if zaak is None or rt is None:
            return _problem(request, 400, "invalid", "Invalid input.", "zaak en resultaattype zijn verplicht en "
                            "moeten bestaan.", [{"name": "resultaattype", "code": "invalid",
                                                 "reason": "Onbekend of ontbrekend."}])
        with state.lock:
            if zaak.get("resultaat"):  # ZGW: a zaak has at most one resultaat
                return _problem(request, 400, "invalid", "Invalid input.", "De zaak heeft al een resultaat.",
                                [{"name": "zaak", "code": "unique", "reason": "De zaak heeft al een resultaat."}])
            u = str(uuidlib.uuid4())
            res = {"url": f"{base(request)}/zaken/api/v1/resultaten/{u}", "uuid": u, "zaak": zaak["url"],
                   "resultaattype": rt["url"], "toelichting": str(body.get("toelichting", ""))[:1000]}
            state.resultaten[u] = res
            zaak["resultaat"] = res["url"]
            state.save()
        return JSONResponse(res, status_code=201)

    # -- besluiten (ZGW Catalogi besluittypen, Besluiten API: the minimal part werkpad uses) --
    @app.get("/catalogi/api/v1/besluittypen")
    def besluittypen(request: Request, zaaktypen: str | None = None, omschrijving: str | None = None) -> dict[str, Any]:
        return _page([t for t in catalog(request)["besluittypen"] if zaaktypen in (None, *t["zaaktypen"])
                      and omschrijving in (None, t["omschrijving"])])

    @app.get("/besluiten/api/v1/besluiten")
    def list_besluiten(request: Request, zaak: str | None = None, identificatie: str | None = None,
                       verantwoordelijkeOrganisatie: str | None = None,  # noqa: N803 (the API's name)
                       besluittype: str | None = None) -> dict[str, Any]:
        return _page([b for b in state.besluiten.values() if zaak in (None, b["zaak"])
                      and identificatie in (None, b["identificatie"]) and besluittype in (None, b["besluittype"])
                      and verantwoordelijkeOrganisatie in (None, b["verantwoordelijkeOrganisatie"])])

    @app.get("/besluiten/api/v1/besluiten/{besluit_uuid}")
    def get_besluit(request: Request, besluit_uuid: str) -> Response:
        return _one(request, state.besluiten, besluit_uuid, "Besluit")

    @app.post("/besluiten/api/v1/besluiten")
    async def create_besluit(request: Request) -> Response:
        body = await request.json()
        if not isinstance(body, dict):
            return _problem(request, 400, "invalid", "Invalid input.", "Het besluit is geen JSON-object.")
        bt = {t["url"]: t for t in catalog(request)["besluittypen"]}.get(body.get("besluittype", ""))
        zaak = _zaak_by_url(str(body["zaak"])) if body.get("zaak") else None
        fouten = _besluit_fouten(body, bt is not None, body.get("zaak") is None or zaak is not None, state.vandaag())
        if fouten or bt is None:
            return _problem(request, 400, "invalid", "Invalid input.", "Het besluit is onvolledig of ongeldig: "
                            + "; ".join(f"{f['name']}: {f['reason']}" for f in fouten), fouten)
        with state.lock:
            ident = str(body.get("identificatie") or "")
            if ident and any(b["identificatie"] == ident and b["verantwoordelijkeOrganisatie"]
                             == body["verantwoordelijkeOrganisatie"] for b in state.besluiten.values()):
                return _problem(request, 400, "invalid", "Invalid input.", "Deze identificatie bestaat al.",
                                [{"name": "identificatie", "code": "identificatie-niet-uniek",
                                  "reason": "Deze identificatie bestaat al voor deze organisatie."}])
            u = str(uuidlib.uuid4())
            vervalreden = body.get("vervalreden") or ""
            besluit = {"url": f"{base(request)}/besluiten/api/v1/besluiten/{u}", "identificatie": ident or u[:12],
                       "verantwoordelijkeOrganisatie": body["verantwoordelijkeOrganisatie"], "besluittype": bt["url"],
                       "zaak": zaak["url"] if zaak else "", "datum": body["datum"],
                       "toelichting": str(body.get("toelichting") or ""),
                       "bestuursorgaan": str(body.get("bestuursorgaan") or ""), "ingangsdatum": body["ingangsdatum"],
                       "vervaldatum": body.get("vervaldatum"), "vervalreden": vervalreden,
                       "vervalredenWeergave": vervalreden.replace("_", " ").capitalize(),
                       "publicatiedatum": body.get("publicatiedatum"), "verzenddatum": body.get("verzenddatum"),
                       "uiterlijkeReactiedatum": body.get("uiterlijkeReactiedatum")}
            state.besluiten[u] = besluit
            state.save()
        return JSONResponse(besluit, status_code=201, headers={"Location": besluit["url"]})

    # -- the uitkeringsadministratie: verlagingen (our own modelled contract, no public spec) --
    def _verlaging(v: dict[str, Any]) -> dict[str, Any]:
        """The resource as the API shows it: no key, no hashes."""
        return {k: v[k] for k in ("url", "uuid", "zaak", "besluit", "soort", "maanden", "ontvangenOp")}

    @app.post(VERLAGINGEN)
    async def meld_verlaging(request: Request) -> Response:
        sleutel = request.headers.get("idempotency-key", "").strip()
        if not sleutel or len(sleutel) > MAX_SLEUTEL:
            return _problem(request, 400, "idempotency-key-ontbreekt", "Idempotency-Key ontbreekt",
                            f"Elke verlaging vraagt een Idempotency-Key (hooguit {MAX_SLEUTEL} tekens); zonder "
                            "sleutel herkent de uitkeringsadministratie een herhaald verzoek niet.")
        try:
            body = await request.json()
        except ValueError:
            return _problem(request, 400, "invalid", "Invalid input.", "De verlaging is geen geldige JSON.")
        digest = hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
        with state.lock:
            bestaand = next((v for v in state.verlagingen.values() if v["sleutel"] == sleutel), None)
            if bestaand is not None:
                if bestaand["body_hash"] != digest:
                    return _problem(request, 422, "sleutel-hergebruikt", "Idempotency-Key hergebruikt",
                                    "Deze Idempotency-Key is al gebruikt voor een andere verlaging; een nieuwe "
                                    "melding krijgt een nieuwe sleutel.")
                return JSONResponse(_verlaging(bestaand), status_code=200, headers={"Location": bestaand["url"]})
            fouten = _verlaging_fouten(body, lambda url: _zaak_by_url(url) is not None)
            if fouten:
                return _problem(request, 400, "invalid", "Invalid input.", "De verlaging is onvolledig of ongeldig: "
                                + "; ".join(f"{f['name']}: {f['reason']}" for f in fouten), fouten)
            u = str(uuidlib.uuid4())
            zaak = _zaak_by_url(body["zaak"])
            assert zaak is not None
            v = {"url": f"{base(request)}{VERLAGINGEN}/{u}", "uuid": u, "zaak": zaak["url"],
                 "besluit": body["besluit"], "soort": body["soort"],
                 "maanden": [{"maand": m["maand"], "percentage": m["percentage"]} for m in body["maanden"]],
                 "ontvangenOp": datetime.now(UTC).isoformat(), "sleutel": sleutel, "body_hash": digest,
                 "bsn_hash": bsn_hash(body["bsn"])}
            state.verlagingen[u] = v
            state.save()
        return JSONResponse(_verlaging(v), status_code=201, headers={"Location": v["url"]})

    @app.get(VERLAGINGEN)
    def list_verlagingen(request: Request, zaak: str | None = None, besluit: str | None = None) -> dict[str, Any]:
        return _page([_verlaging(v) for v in state.verlagingen.values()
                      if zaak in (None, v["zaak"]) and besluit in (None, v["besluit"])])

    @app.get(VERLAGINGEN + "/{verlaging_uuid}")
    def get_verlaging(request: Request, verlaging_uuid: str) -> Response:
        v = state.verlagingen.get(verlaging_uuid)
        if v is None:
            return _problem(request, 404, "not_found", "Niet gevonden", "Verlaging bestaat niet.")
        return JSONResponse(_verlaging(v))

    # -- uitkeringsstatus (not ZGW: the gemeente's benefit decision on the aanvraag) -------
    @app.get("/uitkeringen/api/v1/uitkeringsaanvragen")
    def uitkering(request: Request, zaak: str) -> Response:
        z = _zaak_by_url(zaak)
        if z is None:
            return _problem(request, 404, "not_found", "Niet gevonden", "Geen uitkeringsaanvraag bij deze zaak.")
        u = state.uitkeringen[z["uuid"]]
        if state.fault == "uitkering-onbekend":  # a status outside the contract (bad-input tests)
            u = {**u, "status": "misschien"}
        return JSONResponse({"zaak": z["url"], **u})

    # -- driving the simulator ------------------------------------------------------------
    @app.post("/_sim/uitkeringen/{identificatie}")
    async def set_uitkering(request: Request, identificatie: str) -> Response:
        """Body: {"status": ..., "besluitdatum"?: ..., "aanvraagdatum"?: JJJJ-MM-DD}; either key may be
        left out to change only the other (e.g. only the aanvraagdatum while in behandeling)."""
        body = await request.json()
        status = body.get("status")
        if status is not None and status not in {"in_behandeling", "toegekend", "afgewezen"}:
            return JSONResponse({"detail": "status moet in_behandeling, toegekend of afgewezen zijn"}, 400)
        aanvraag = body.get("aanvraagdatum")
        if aanvraag is not None:
            try:
                date.fromisoformat(aanvraag)
            except (TypeError, ValueError):
                return JSONResponse({"detail": "aanvraagdatum moet JJJJ-MM-DD zijn"}, 400)
        if status is None and aanvraag is None:
            return JSONResponse({"detail": "geef status en/of aanvraagdatum"}, 400)
        zaken = [z for z in state.zaken.values() if z["identificatie"] == identificatie]
        if not zaken:
            return JSONResponse({"detail": f"Geen zaak met identificatie {identificatie}"}, 404)
        with state.lock:
            for z in zaken:
                u = state.uitkeringen[z["uuid"]]
                if status is not None:
                    u.update(status=status, besluitdatum=body.get("besluitdatum") or (
                        None if status == "in_behandeling" else date.today().isoformat()))
                if aanvraag is not None:
                    u["aanvraagdatum"] = aanvraag
            state.save()
        return JSONResponse({"identificatie": identificatie, **state.uitkeringen[zaken[0]["uuid"]]})

    @app.post("/_sim/fault")
    async def set_fault(request: Request) -> Response:
        """Body: {"mode": "500" | "503" | "verloren" | "traag" | "malformed" | "uitkering-onbekend" | null,
        "volgende"?: N, "aandeel"?: 0.3, "seed"?: 7, "vertraging"?: 0.3 (s, for traag)}. Without
        volgende/aandeel the mode plays on every call; with them only on the next N calls and/or on
        this share of them. Each call replaces the previous setting; {"mode": null} clears it."""
        body = await request.json()
        with state.lock:
            state.reset_faults()
            try:
                mode = body.get("mode")
                state.fault = None if mode is None else str(mode)
                if body.get("volgende") is not None:
                    state.fault_volgende = int(body["volgende"])
                if body.get("aandeel") is not None:
                    state.fault_aandeel = float(body["aandeel"])
                if body.get("vertraging") is not None:
                    state.fault_vertraging = min(max(float(body["vertraging"]), 0.0), 60.0)
                if "seed" in body:
                    state.rng.seed(body["seed"])
            except (TypeError, ValueError):
                state.reset_faults()
                return JSONResponse({"detail": "ongeldige foutinjectie"}, 400)
        return JSONResponse({"fault": state.fault, "volgende": state.fault_volgende, "aandeel": state.fault_aandeel,
                             "vertraging": state.fault_vertraging})

    @app.post("/_sim/klok")
    async def set_klok(request: Request) -> Response:
        """Body: {"vandaag": "JJJJ-MM-DD" | null}: the gemeente's calendar day (null: the real day)."""
        waarde = (await request.json()).get("vandaag")
        try:
            state.klok = None if waarde is None else date.fromisoformat(waarde)
        except (TypeError, ValueError):
            return JSONResponse({"detail": "vandaag moet JJJJ-MM-DD of null zijn"}, 400)
        return JSONResponse({"vandaag": state.vandaag().isoformat()})

    @app.get("/_sim/verzoeken")
    def sim_verzoeken() -> dict[str, Any]:
        """POSTs of verlagingen per Idempotency-Key, and how many verlagingen each key made (no BSNs)."""
        per: dict[str, dict[str, int]] = {k: {"verzoeken": n, "verlagingen": 0} for k, n in state.verzoeken.items()}
        for v in state.verlagingen.values():
            per.setdefault(v["sleutel"], {"verzoeken": 0, "verlagingen": 0})["verlagingen"] += 1
        return {"per_sleutel": per, "verlagingen": [_verlaging(v) | {"sleutel": v["sleutel"]}
                                                    for v in state.verlagingen.values()]}

    @app.get("/_sim/zaken")
    def sim_zaken() -> dict[str, Any]:
        return {"zaken": [{"identificatie": z["identificatie"], "status": z["status"], "einddatum": z["einddatum"],
                           "resultaat": z["resultaat"],
                           "uitkering": state.uitkeringen[z["uuid"]]["status"]} for z in state.zaken.values()]}

    @app.get("/_sim/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return app


SECRET_ENV = "GEMEENTE_SIMULATOR_SECRET"  # not on the command line: argv is visible to every user (ps)


def main() -> None:
    import uvicorn

    from integrations.gemeente.settings import DEV_SECRET

    p = argparse.ArgumentParser(description="Gemeente-simulator (ZGW Zaken/Catalogi + uitkeringsstatus). Het geheim "
                                            f"van de client staat in ${SECRET_ENV} (standaard het ontwikkelgeheim).")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8100)
    p.add_argument("--state-file", type=Path, default=None,
                   help="JSON-bestand waarin zaken, statussen, rollen en uitkeringen een herstart overleven")
    p.add_argument("--base-url", default=None, help="Basis van de uitgegeven URL's (standaard http://<host>:<port>)")
    p.add_argument("--client-id", default="werkpad", help="De client_id die de simulator accepteert")
    p.add_argument("--klok-vrij", action="store_true",
                   help="Geen controle op data in de toekomst (stacks met een verzette klok: werkpad leeft dan "
                        "mogelijk na vandaag)")
    a = p.parse_args()
    # The simulator stands in for the gemeente, a system of its own: it is told whom to accept
    # (`werkpad up` passes werkpad's own client_id and secret) and reads no werkpad settings.
    state = SimState(secrets={a.client_id: os.environ.get(SECRET_ENV) or DEV_SECRET}, state_file=a.state_file,
                     base_url=(a.base_url or f"http://{a.host}:{a.port}").rstrip("/"),
                     klok=date.max if a.klok_vrij else None)
    uvicorn.run(create_app(state), host=a.host, port=a.port, log_level="warning")


if __name__ == "__main__":
    main()
