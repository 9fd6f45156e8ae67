"""A local gemeente: ZGW Zaken, Catalogi and Besluiten (the parts werkpad uses), as strict as a real
Open Zaak (1.30) on what werkpad could get wrong, plus two non-ZGW pieces of the gemeente.

ZGW (shapes per ../shared/specs/zgw; refusals with Open Zaak's codes, see docs/gemeente-simulator.md):
HS256 JWT with iat age check; autorisaties per Applicatie (client_id: scopes, zaaktypen, max
vertrouwelijkheidaanduiding, besluittypen); Accept-Crs/Content-Crs on the zaak resource; versioned
zaaktypen built from catalogus.py; statussen with Open Zaak's rules (unique moment per zaak, not in the
future by the real clock, the eindstatus needs a resultaat and closes the zaak, the current status is the
latest one); closed zaken refuse writes without zaken.heropenen / zaken.geforceerd-bijwerken; 11-proef on
RSIN and BSN; ZaakBesluiten made with a besluit; page-numbered lists of 100.

Not ZGW: the uitkeringsstatus (derived from the gemeente's own LO-AANVRAAG zaak) and the
uitkeringsadministratie's verlagingen, exactly once per Idempotency-Key: our own modelled contract
(docs/integratie-gemeente-uitkering.md).

State is in memory and, with a state file, also on disk: a restarted stack still knows the zaken whose
URLs the case store keeps (catalogue versions and applicaties are not persisted). `/_sim/...` endpoints let
the CLI and tests drive it (grant an uitkering, publish a zaaktype version, break the catalogue, set an
applicatie, inject a fault, set the gemeente's calendar day, count requests per key).
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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from domain.bsn import validate_bsn
from domain.errors import InvalidBSN
from integrations.gemeente.auth import TokenRefused, check_token
from integrations.gemeente.catalogus import AANVRAAG
from integrations.gemeente.sim_autorisaties import (
    BEHEER_CLIENT,
    BESLUITEN_AANMAKEN,
    BESLUITEN_LEZEN,
    CATALOGI_LEZEN,
    STATUSSEN_TOEVOEGEN,
    VERTROUWELIJKHEID,
    ZAKEN_AANMAKEN,
    ZAKEN_BIJWERKEN,
    ZAKEN_GEFORCEERD_BIJWERKEN,
    ZAKEN_HEROPENEN,
    ZAKEN_LEZEN,
    Applicatie,
    beheer_applicatie,
    standaard_applicatie,
)
from integrations.gemeente.sim_catalogus import Bundel, Catalogus
from integrations.gemeente.sim_fouten import (
    GEEN_GELDIGE_URL,
    VERPLICHT,
    ApiFout,
    crs_onderhandeling,
    datum,
    datumtijd,
    elfproef_fouten,
    fout,
    geen_toegang,
    is_url,
    json_object,
    niet_gevonden,
    onbekende_parameters,
    ongeldig,
    pagineer,
    probleem,
    url_fout,
    verwijzing,
    zaak_gesloten,
)
from integrations.simstate import bsn_hash

ZAAK_REQUIRED = {"betalingsindicatieWeergave", "bronorganisatie", "deelzaken", "eigenschappen", "einddatum",
                 "laatstGemuteerd", "resultaat", "rollen", "startdatum", "status", "url", "uuid",
                 "verantwoordelijkeOrganisatie", "zaakinformatieobjecten", "zaakobjecten", "zaaktype"}
ROL_REQUIRED = {"betrokkeneType", "omschrijving", "omschrijvingGeneriek", "registratiedatum", "roltype", "statussen",
                "url", "uuid", "zaak"}
BETROKKENE_TYPEN = {"natuurlijk_persoon", "niet_natuurlijk_persoon", "vestiging", "organisatorische_eenheid",
                    "medewerker"}
AARD_RELATIE = {"vervolg", "onderwerp", "bijdrage", "overig"}
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
# The API-version header per component (the specs' info.version).
API_VERSIES = {"/zaken/api/v1/": "1.5.1", "/catalogi/api/v1/": "1.3.1", "/besluiten/api/v1/": "1.1.0"}
BEHEER_SECRET = "gemeente-beheer-secret-of-at-least-32-bytes"
_ZAAK_RESOURCE = re.compile(r"/zaken/api/v1/zaken(/_zoek|/[0-9a-fA-F-]{36})?/?")
DATUMTIJD_FORMAAT = ("Datetime heeft een ongeldig formaat, gebruik 1 van de volgende formaten: "
                     "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].")
DATUM_FORMAAT = "Date heeft het verkeerde formaat, gebruik 1 van de onderstaande formaten: YYYY-MM-DD."

# Query parameters per list endpoint: what the API knows (the spec; anything else is 400
# unknown-parameters, as Open Zaak's CheckQueryParamsMixin) and what the simulator filters on.
_ZAKEN_SPEC = {
    "archiefactiedatum", "archiefactiedatum__gt", "archiefactiedatum__isnull", "archiefactiedatum__lt",
    "archiefnominatie", "archiefnominatie__in", "archiefstatus", "archiefstatus__in", "bronorganisatie",
    "bronorganisatie__in", "einddatum", "einddatumGepland", "einddatumGepland__gt", "einddatumGepland__lt",
    "einddatum__gt", "einddatum__isnull", "einddatum__lt", "expand", "identificatie", "identificatie__icontains",
    "kenmerk", "kenmerk__bron", "maximaleVertrouwelijkheidaanduiding", "omschrijving", "ordering",
    "registratiedatum", "registratiedatum__gt", "registratiedatum__lt", "resultaat__resultaattype",
    "rol__betrokkene", "rol__betrokkeneIdentificatie__medewerker__identificatie",
    "rol__betrokkeneIdentificatie__natuurlijkPersoon__anpIdentificatie",
    "rol__betrokkeneIdentificatie__natuurlijkPersoon__inpA_nummer",
    "rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn",
    "rol__betrokkeneIdentificatie__nietNatuurlijkPersoon__annIdentificatie",
    "rol__betrokkeneIdentificatie__nietNatuurlijkPersoon__innNnpId",
    "rol__betrokkeneIdentificatie__nietNatuurlijkPersoon__kvkNummer",
    "rol__betrokkeneIdentificatie__nietNatuurlijkPersoon__vestigingsNummer",
    "rol__betrokkeneIdentificatie__organisatorischeEenheid__identificatie",
    "rol__betrokkeneIdentificatie__vestiging__kvkNummer", "rol__betrokkeneIdentificatie__vestiging__vestigingsNummer",
    "rol__betrokkeneType", "rol__machtiging", "rol__machtiging__loa", "rol__omschrijvingGeneriek", "startdatum",
    "startdatum__gt", "startdatum__gte", "startdatum__lt", "startdatum__lte", "status__statustype",
    "uiterlijkeEinddatumAfdoening", "uiterlijkeEinddatumAfdoening__gt", "uiterlijkeEinddatumAfdoening__lt", "zaaktype",
    "zaaktype__omschrijving"}
BSN_FILTER = "rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn"
_ZAKEN_SIM = {"identificatie", "bronorganisatie", "zaaktype", BSN_FILTER, "einddatum__isnull", "startdatum"}
_ZOEK_SIM = _ZAKEN_SIM | {"zaaktype__in", "uuid__in", "bronorganisatie__in"}
_ROLLEN_SPEC = {
    "betrokkene", "betrokkeneIdentificatie__medewerker__identificatie",
    "betrokkeneIdentificatie__natuurlijkPersoon__anpIdentificatie",
    "betrokkeneIdentificatie__natuurlijkPersoon__inpA_nummer", "betrokkeneIdentificatie__natuurlijkPersoon__inpBsn",
    "betrokkeneIdentificatie__nietNatuurlijkPersoon__annIdentificatie",
    "betrokkeneIdentificatie__nietNatuurlijkPersoon__innNnpId",
    "betrokkeneIdentificatie__nietNatuurlijkPersoon__kvkNummer",
    "betrokkeneIdentificatie__nietNatuurlijkPersoon__vestigingsNummer",
    "betrokkeneIdentificatie__organisatorischeEenheid__identificatie", "betrokkeneIdentificatie__vestiging__kvkNummer",
    "betrokkeneIdentificatie__vestiging__vestigingsNummer", "betrokkeneType", "machtiging", "machtiging__loa",
    "omschrijving", "omschrijvingGeneriek", "roltype", "zaak"}
_ROLLEN_SIM = {"zaak", "roltype", "betrokkeneType", "omschrijving", "omschrijvingGeneriek",
               "betrokkeneIdentificatie__natuurlijkPersoon__inpBsn"}
_CATALOGI = {
    "zaaktypen": ({"catalogus", "datumGeldigheid", "identificatie", "identificatie__icontains",
                   "omschrijving__icontains", "status", "trefwoorden"},
                  {"catalogus", "datumGeldigheid", "identificatie", "status"}),
    "statustypen": ({"datumGeldigheid", "status", "zaaktype", "zaaktypeIdentificatie"},
                    {"datumGeldigheid", "status", "zaaktype", "zaaktypeIdentificatie"}),
    "roltypen": ({"datumGeldigheid", "omschrijving", "omschrijvingGeneriek", "status", "zaaktype",
                  "zaaktypeIdentificatie"},
                 {"datumGeldigheid", "omschrijving", "omschrijvingGeneriek", "status", "zaaktype",
                  "zaaktypeIdentificatie"}),
    "resultaattypen": ({"datumGeldigheid", "status", "zaaktype", "zaaktypeIdentificatie"},
                       {"datumGeldigheid", "status", "zaaktype", "zaaktypeIdentificatie"}),
    "besluittypen": ({"catalogus", "datumGeldigheid", "informatieobjecttypen", "omschrijving", "status", "zaaktypen"},
                     {"catalogus", "datumGeldigheid", "omschrijving", "status", "zaaktypen"}),
    "catalogussen": ({"domein", "domein__in", "rsin", "rsin__in"}, {"domein", "rsin"}),
}


@dataclass
class SimState:
    secrets: dict[str, str]
    zaken: dict[str, dict[str, Any]] = field(default_factory=dict)
    statussen: dict[str, dict[str, Any]] = field(default_factory=dict)
    rollen: dict[str, dict[str, Any]] = field(default_factory=dict)
    resultaten: dict[str, dict[str, Any]] = field(default_factory=dict)
    besluiten: dict[str, dict[str, Any]] = field(default_factory=dict)  # ZGW Besluiten API, by uuid
    zaakbesluiten: dict[str, dict[str, Any]] = field(default_factory=dict)  # Zaken API's ZaakBesluit, by uuid
    # The uitkeringsadministratie's verlagingen, by uuid; each keeps its Idempotency-Key, the hash of
    # the body it was created with and a hash of the BSN (no BSN: the record is shown on /_sim).
    verlagingen: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Autorisaties per client_id; a client in `secrets` without one gets standaard_applicatie()
    # (what werkpad needs). Not persisted.
    applicaties: dict[str, Applicatie] = field(default_factory=dict)
    # The built-in client of tests that play the gemeente itself (heeftAlleAutorisaties).
    beheer_secret: str = BEHEER_SECRET
    catalogus: Catalogus = field(default_factory=Catalogus)  # versions: not persisted
    # Fault injection (a test driver: never persisted). `fault` alone plays on every call; with
    # `fault_volgende` (the next N calls) and/or `fault_aandeel` (this share, seeded) only on those.
    fault: str | None = None  # "500" | "503" | "verloren" | "traag" | "malformed" | "uitkering-onbekend" | None
    fault_volgende: int | None = None
    fault_aandeel: float | None = None
    fault_vertraging: float = 0.3
    rng: random.Random = field(default_factory=lambda: random.Random(0))
    requests: int = 0
    verzoeken: dict[str, int] = field(default_factory=dict)  # POSTs per Idempotency-Key (exactly-once tests)
    # The gemeente's calendar day for "not in the future" checks of a besluit's datum; None: the real
    # day in Amsterdam. Tests and stacks with a moved clock set it (date.max: no check). A status's
    # datumStatusGezet is always checked against the real clock, as Open Zaak does.
    klok: date | None = None
    lock: threading.RLock = field(default_factory=threading.RLock)
    # Where the gemeente's records survive a restart (None: memory only, as in most tests).
    state_file: Path | None = None
    # The base of every URL we hand out. Fixed (not taken from the Host header), so a restart on
    # the same port hands out and recognises the same URLs the case store already keeps.
    base_url: str | None = None

    PERSISTED = ("zaken", "statussen", "rollen", "resultaten", "besluiten", "zaakbesluiten", "verlagingen")

    def __post_init__(self) -> None:
        self._begin_secrets = dict(self.secrets)
        self._begin_applicaties = dict(self.applicaties)
        if self.state_file is not None and self.state_file.exists():
            data = json.loads(self.state_file.read_text(encoding="utf-8"))
            for name in self.PERSISTED:
                getattr(self, name).update(data.get(name, {}))
            if self.base_url and data.get("base_url") not in (None, self.base_url):
                print(f"Let op: {self.state_file} is geschreven onder {data['base_url']}, de simulator draait nu onder "
                      f"{self.base_url}; opgeslagen zaak-URL's wijzen naar het oude adres.", file=sys.stderr)

    def leeg(self) -> None:
        """An empty gemeente (tests): no records, the full catalogue in its first version, the
        applicaties and secrets it started with, no faults."""
        with self.lock:
            for name in self.PERSISTED:
                getattr(self, name).clear()
            self.verzoeken.clear()
            self.requests = 0
            self.catalogus.herstel()
            self.secrets.clear()
            self.secrets.update(self._begin_secrets)
            self.applicaties.clear()
            self.applicaties.update(self._begin_applicaties)
            self.reset_faults()

    def alle_secrets(self) -> dict[str, str]:
        return {BEHEER_CLIENT: self.beheer_secret, **self.secrets}

    def applicatie(self, client_id: str) -> Applicatie:
        if client_id in self.applicaties:
            return self.applicaties[client_id]
        if client_id == BEHEER_CLIENT:
            return beheer_applicatie()
        return standaard_applicatie()

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
        data = {"versie": 2, "base_url": self.base_url, **{n: getattr(self, n) for n in self.PERSISTED}}
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
    """The non-ZGW endpoints' refusals (uitkeringsadministratie): the same problem+json shape."""
    body: dict[str, Any] = {"type": f"https://werkpad.local/fouten/{code}", "code": code, "title": title,
                            "status": status, "detail": detail, "instance": f"urn:uuid:{uuidlib.uuid4()}"}
    if invalid is not None:
        body["invalidParams"] = invalid
    return JSONResponse(body, status_code=status, media_type="application/problem+json")


def _toon(item: dict[str, Any]) -> dict[str, Any]:
    """A record as the API shows it: without the simulator's own bookkeeping (keys starting with _)."""
    return {k: v for k, v in item.items() if not k.startswith("_")}


def _utc(moment: datetime) -> str:
    """A moment as Open Zaak writes it (UTC, 'Z')."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _nu() -> datetime:
    return datetime.now(UTC)


def _plus_jaren(d: date, jaren: int) -> date:
    try:
        return d.replace(year=d.year + jaren)
    except ValueError:  # 29 February
        return d.replace(year=d.year + jaren, day=28)


def _ja(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    return {"true": True, "1": True, "false": False, "0": False}.get(str(value).lower())


def _besluit_fouten(body: dict[str, Any], vandaag: date) -> list[dict[str, str]]:
    """Open Zaak's field checks of a new besluit, besides the URL references (reasons in Dutch,
    never quoting the input)."""
    fouten = elfproef_fouten("verantwoordelijkeOrganisatie", body.get("verantwoordelijkeOrganisatie"), "RSIN") \
        if body.get("verantwoordelijkeOrganisatie") else [fout("verantwoordelijkeOrganisatie", "required", VERPLICHT)]
    if len(str(body.get("identificatie") or "")) > 50:
        fouten.append(fout("identificatie", "max_length", "Zorg ervoor dat dit veld niet meer dan 50 karakters bevat."))
    if len(str(body.get("bestuursorgaan") or "")) > 50:
        fouten.append(fout("bestuursorgaan", "max_length", "Zorg ervoor dat dit veld niet meer dan 50 karakters bevat."))
    if not isinstance(body.get("toelichting", ""), str):
        fouten.append(fout("toelichting", "invalid", "Geen geldige tekenreeks."))
    dag = datum(body.get("datum"))
    if dag is None:
        fouten.append(fout("datum", "required" if not body.get("datum") else "invalid",
                           VERPLICHT if not body.get("datum") else DATUM_FORMAAT))
    elif dag > vandaag:  # Open Zaak: UntilTodayValidator (the beslisdatum cannot lie ahead)
        fouten.append(fout("datum", "future_not_allowed", "Deze datum mag niet in de toekomst liggen."))
    ingang = datum(body.get("ingangsdatum"))
    if ingang is None:
        fouten.append(fout("ingangsdatum", "required" if not body.get("ingangsdatum") else "invalid",
                           VERPLICHT if not body.get("ingangsdatum") else DATUM_FORMAAT))
    for naam in ("vervaldatum", "verzenddatum", "uiterlijkeReactiedatum", "publicatiedatum"):
        if body.get(naam) is not None and datum(body[naam]) is None:
            fouten.append(fout(naam, "invalid", DATUM_FORMAAT))
    verval = datum(body.get("vervaldatum"))
    if verval is not None and ingang is not None and verval < ingang:
        fouten.append(fout("vervaldatum", "date-mismatch", "De vervaldatum ligt vóór de ingangsdatum."))
    if (body.get("vervalreden") or "") not in VERVALREDENEN | {""}:
        fouten.append(fout("vervalreden", "invalid_choice", "Dit is geen geldige keuze."))
    return fouten


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


def create_app(state: SimState) -> FastAPI:  # noqa: C901 (one closure per endpoint)
    app = FastAPI(title="werkpad gemeente-simulator", docs_url=None, redoc_url=None, openapi_url=None)

    def base(request: Request) -> str:
        return state.base_url or str(request.base_url).rstrip("/")

    def bundel(request: Request) -> Bundel:
        return state.catalogus.bundel(base(request))

    def applicatie(request: Request) -> Applicatie:
        return getattr(request.state, "applicatie", None) or Applicatie()

    @app.exception_handler(ApiFout)
    async def api_fout(request: Request, exc: ApiFout) -> Response:
        return probleem(request, exc, base(request))

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
        versie = next((v for p, v in API_VERSIES.items() if path.startswith(p)), None)
        try:
            client_id = check_token(request.headers.get("authorization"), state.alle_secrets())
        except TokenRefused as exc:
            resp: Response = probleem(request, ApiFout(403, "not_authenticated", "Authenticatiegegevens zijn niet "
                                                       "opgegeven.", str(exc), "NotAuthenticated"), base(request))
        else:
            request.state.applicatie = state.applicatie(client_id)
            if fault == "500":
                return _problem(request, 500, "error", "Interne fout", "Gesimuleerde storing.")
            if fault == "503":
                return _problem(request, 503, "unavailable", "Niet beschikbaar", "Gesimuleerde storing; probeer het "
                                "later opnieuw.")
            if fault == "malformed":
                return JSONResponse({"onverwacht": True})
            resp = await call_next(request)
            if fault == "verloren":  # handled (and stored), but the answer never reaches the client
                return _problem(request, 503, "unavailable", "Niet beschikbaar", "Gesimuleerd verloren antwoord.")
            if fault == "traag":  # handled (and stored), answered after the client gave up
                await asyncio.sleep(state.fault_vertraging)
        if versie:
            resp.headers["API-version"] = versie
        if _ZAAK_RESOURCE.fullmatch(path):
            resp.headers["Content-Crs"] = "EPSG:4326"  # Open Zaak's GeoMixin: on every answer of the zaak resource
        return resp

    # -- shared pieces ------------------------------------------------------------------------
    def mag(app_: Applicatie, scopes: Iterable[str], zaak: dict[str, Any]) -> bool:
        return app_.has_auth(scopes, "zrc", zaaktype=zaak_ident(zaak), vertrouwelijkheid=zaak.get(
            "vertrouwelijkheidaanduiding"))

    def type_by_url(soort: str, url: Any) -> dict[str, Any] | None:
        """A catalogue resource by the uuid in its URL (whatever base the URL was handed out under)."""
        return state.catalogus.bundel("").get(soort, str(url).rstrip("/").rsplit("/", 1)[-1].lower())

    def zaak_ident(zaak: dict[str, Any]) -> str:
        if zaak.get("_zaaktype_id"):
            return str(zaak["_zaaktype_id"])
        zt = type_by_url("zaaktypen", zaak["zaaktype"])  # a zaak stored before the simulator kept it
        return str(zt["identificatie"]) if zt else ""

    def eis_scope(app_: Applicatie, scopes: Iterable[str], component: str) -> None:
        """DRF has_permission without the object: one of the scopes somewhere in this component."""
        if not app_.has_auth(scopes, component):
            raise geen_toegang()

    def zaak_of_404(zaak_uuid: str) -> dict[str, Any]:
        zaak = state.zaken.get(zaak_uuid.lower())
        if zaak is None:
            raise niet_gevonden()
        return zaak

    def zaak_by_url(url: Any) -> dict[str, Any] | None:
        if not isinstance(url, str):
            return None
        return state.zaken.get(url.rstrip("/").rsplit("/", 1)[-1].lower())

    def hoofdzaak(request: Request, body: dict[str, Any]) -> dict[str, Any]:
        """The zaak a status/rol/resultaat names, resolved before the scopes are checked (Open Zaak's
        AuthRequired.validate_create): its codes are that check's."""
        url = body.get("zaak")
        if not url:
            raise ongeldig([fout("zaak", "required", "zaak is vereist voor de autorisatiecontrole.")])
        if not is_url(url):
            raise ongeldig([fout("zaak", "bad-url", GEEN_GELDIGE_URL)])
        ref = verwijzing(url, base(request))
        if ref is None or ref[0] != "zaken":
            raise ongeldig([fout("zaak", "incorrect_match", "Onjuiste resource. Verwacht: Zaak")])
        zaak = state.zaken.get(ref[1])
        if zaak is None:
            raise ongeldig([fout("zaak", "object-does-not-exist", "Dit object bestaat niet in de database")])
        return zaak

    def gesloten_check(app_: Applicatie, zaak: dict[str, Any] | None) -> None:
        """Open Zaak's ClosedZaakMixin: no writes on a closed zaak without zaken.geforceerd-bijwerken."""
        if zaak is not None and zaak.get("einddatum") and not mag(app_, (ZAKEN_GEFORCEERD_BIJWERKEN,), zaak):
            raise zaak_gesloten()

    def lijst(request: Request, items: list[dict[str, Any]]) -> dict[str, Any]:
        return pagineer(request, base(request), [_toon(i) for i in items])

    def huidige_status(zaak: dict[str, Any]) -> None:
        """The current status is the one with the latest datumStatusGezet (Open Zaak orders by it)."""
        eigen = [s for s in state.statussen.values() if s["zaak"] == zaak["url"]]
        laatste = max(eigen, key=lambda s: datumtijd(s["datumStatusGezet"]) or datetime.min.replace(tzinfo=UTC),
                      default=None)
        for s in eigen:
            s["indicatieLaatstGezetteStatus"] = s is laatste
        zaak["status"] = laatste["url"] if laatste else None

    def gemuteerd(zaak: dict[str, Any]) -> None:
        zaak["laatstGemuteerd"] = _utc(_nu())

    # -- writing records (the API's handlers validate first; the uitkering driver writes directly) --
    def nieuwe_zaak(request: Request, zt: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
        u = str(uuidlib.uuid4())
        ident = body.get("identificatie") or f"ZAAK-{len(state.zaken) + 1:06d}"
        zaak = {
            "url": f"{base(request)}/zaken/api/v1/zaken/{u}", "uuid": u, "identificatie": ident,
            "bronorganisatie": body["bronorganisatie"], "omschrijving": body.get("omschrijving", ""),
            "toelichting": body.get("toelichting", ""), "zaaktype": zt["url"],
            "registratiedatum": body.get("registratiedatum") or datetime.now(AMSTERDAM).date().isoformat(),
            "verantwoordelijkeOrganisatie": body["verantwoordelijkeOrganisatie"],
            "startdatum": body["startdatum"], "einddatum": None, "einddatumGepland": body.get("einddatumGepland"),
            "uiterlijkeEinddatumAfdoening": body.get("uiterlijkeEinddatumAfdoening"), "publicatiedatum": None,
            "laatstGemuteerd": _utc(_nu()), "laatstGeopend": None, "communicatiekanaal": "",
            "communicatiekanaalNaam": "", "productenOfDiensten": [],
            "vertrouwelijkheidaanduiding": body.get("vertrouwelijkheidaanduiding") or zt["vertrouwelijkheidaanduiding"],
            "betalingsindicatie": "", "betalingsindicatieWeergave": "", "laatsteBetaaldatum": None,
            "zaakgeometrie": None, "verlenging": None, "opschorting": {"indicatie": False, "reden": "",
                                                                      "eerdereOpschorting": False},
            "selectielijstklasse": "", "hoofdzaak": None, "deelzaken": [],
            "relevanteAndereZaken": [{"url": r["url"], "aardRelatie": r["aardRelatie"],
                                      "overigeRelatie": r.get("overigeRelatie", ""), "toelichting": r.get("toelichting", "")}
                                     for r in body.get("relevanteAndereZaken") or []],
            "gerelateerdeZaken": [], "eigenschappen": [], "rollen": [], "status": None,
            "zaakinformatieobjecten": [], "zaakobjecten": [], "kenmerken": [], "archiefnominatie": None,
            "archiefstatus": "nog_te_archiveren", "archiefactiedatum": None, "resultaat": None,
            "opdrachtgevendeOrganisatie": "", "processobjectaard": "", "startdatumBewaartermijn": None,
            "processobject": None, "_zaaktype_id": zt["identificatie"],
        }
        # Optional fields without a value are left out, as Open Zaak does for most of them.
        zaak = {k: v for k, v in zaak.items() if k in ZAAK_REQUIRED or v not in (None, "")}
        state.zaken[u] = zaak
        return zaak

    def nieuwe_status(request: Request, zaak: dict[str, Any], st: dict[str, Any], gezet: datetime,
                      lokaal: str, toelichting: str = "") -> dict[str, Any]:
        """`lokaal`: the moment as the client wrote it (its offset decides the einddatum, as in Open Zaak)."""
        u = str(uuidlib.uuid4())
        status = {"url": f"{base(request)}/zaken/api/v1/statussen/{u}", "uuid": u, "zaak": zaak["url"],
                  "statustype": st["url"], "datumStatusGezet": _utc(gezet), "statustoelichting": toelichting,
                  "indicatieLaatstGezetteStatus": True, "gezetdoor": None, "zaakinformatieobjecten": []}
        state.statussen[u] = status
        if st["isEindstatus"]:  # the eindstatus closes the zaak; archiving fields from the resultaattype
            eind = datetime.fromisoformat(lokaal.replace("Z", "+00:00")).date()
            zaak["einddatum"] = eind.isoformat()
            rt = type_by_url("resultaattypen", state.resultaten.get(
                str(zaak.get("resultaat", "")).rsplit("/", 1)[-1], {}).get("resultaattype"))
            zaak["archiefnominatie"] = rt["archiefnominatie"] if rt else "vernietigen"
            zaak["startdatumBewaartermijn"] = eind.isoformat()
            zaak["archiefactiedatum"] = _plus_jaren(eind, 10).isoformat()
        else:  # any other status (re)opens it: Open Zaak resets einddatum and the archiving fields
            zaak["einddatum"] = None
            for k in ("archiefnominatie", "archiefactiedatum", "startdatumBewaartermijn"):
                zaak.pop(k, None)
        huidige_status(zaak)
        gemuteerd(zaak)
        return status

    def nieuwe_rol(request: Request, zaak: dict[str, Any], rt: dict[str, Any], btype: str,
                   ident: dict[str, Any], toelichting: str = "") -> dict[str, Any]:
        u = str(uuidlib.uuid4())
        rol = {"url": f"{base(request)}/zaken/api/v1/rollen/{u}", "uuid": u, "zaak": zaak["url"],
               "betrokkene": "", "betrokkeneType": btype, "afwijkendeNaamBetrokkene": "", "roltype": rt["url"],
               "omschrijving": rt["omschrijving"], "omschrijvingGeneriek": rt["omschrijvingGeneriek"],
               "roltoelichting": toelichting, "registratiedatum": _utc(_nu()), "indicatieMachtiging": "",
               "contactpersoonRol": None, "statussen": [], "betrokkeneIdentificatie": ident}
        rol = {k: v for k, v in rol.items() if k in ROL_REQUIRED or v not in (None, "")}
        state.rollen[u] = rol
        zaak["rollen"].append(rol["url"])
        gemuteerd(zaak)
        return rol

    def nieuw_resultaat(request: Request, zaak: dict[str, Any], rt: dict[str, Any],
                        toelichting: str = "") -> dict[str, Any]:
        u = str(uuidlib.uuid4())
        res = {"url": f"{base(request)}/zaken/api/v1/resultaten/{u}", "uuid": u, "zaak": zaak["url"],
               "resultaattype": rt["url"], "toelichting": toelichting}
        state.resultaten[u] = res
        zaak["resultaat"] = res["url"]
        gemuteerd(zaak)
        return res

    def nieuw_besluit(request: Request, bt: dict[str, Any], zaak: dict[str, Any] | None,
                      body: dict[str, Any]) -> dict[str, Any]:
        u = str(uuidlib.uuid4())
        vervalreden = body.get("vervalreden") or ""
        besluit = {"url": f"{base(request)}/besluiten/api/v1/besluiten/{u}",
                   "identificatie": str(body.get("identificatie") or "") or f"BESLUIT-{len(state.besluiten) + 1:06d}",
                   "verantwoordelijkeOrganisatie": body["verantwoordelijkeOrganisatie"], "besluittype": bt["url"],
                   "zaak": zaak["url"] if zaak else "", "datum": body["datum"],
                   "toelichting": str(body.get("toelichting") or ""),
                   "bestuursorgaan": str(body.get("bestuursorgaan") or ""), "ingangsdatum": body["ingangsdatum"],
                   "vervaldatum": body.get("vervaldatum"), "vervalreden": vervalreden,
                   "vervalredenWeergave": vervalreden.replace("_", " ").capitalize(),
                   "publicatiedatum": body.get("publicatiedatum"), "verzenddatum": body.get("verzenddatum"),
                   "uiterlijkeReactiedatum": body.get("uiterlijkeReactiedatum")}
        state.besluiten[u] = besluit
        if zaak is not None:  # Open Zaak's signal: a local besluit with a zaak makes the ZaakBesluit
            zb = str(uuidlib.uuid4())
            state.zaakbesluiten[zb] = {"url": f"{zaak['url']}/besluiten/{zb}", "uuid": zb, "besluit": besluit["url"],
                                       "_zaak": zaak["uuid"]}
        return besluit

    # -- catalogi ---------------------------------------------------------------------------
    def catalogus_lijst(request: Request, soort: str) -> dict[str, Any]:
        eis_scope(applicatie(request), (CATALOGI_LEZEN,), "ztc")
        bekend, gesimuleerd = _CATALOGI[soort]
        onbekende_parameters(request, bekend, gesimuleerd)
        q = request.query_params
        b = bundel(request)
        items = list(b.per_soort[soort].values())
        dag = None
        if q.get("datumGeldigheid") is not None:
            dag = datum(q["datumGeldigheid"])
            if dag is None:
                raise ongeldig([fout("datumGeldigheid", "invalid", "Voer een geldige datum in.")])
        status = q.get("status", "definitief")
        if status not in ("alles", "concept", "definitief"):
            raise ongeldig([fout("status", "invalid_choice", "Selecteer een geldige keuze.")])
        if status == "concept":
            items = []

        def zaaktype_geldig(url: str) -> bool:
            info = b.zaaktype_info.get(url)
            return dag is None or (info is not None and info[1].geldig_op(dag))

        for naam, waarde in q.items():
            if naam in ("page", "pageSize", "status", "datumGeldigheid"):
                continue
            if naam == "zaaktypen":
                items = [i for i in items if waarde in i["zaaktypen"]]
            else:
                items = [i for i in items if str(i.get(naam)) == waarde]
        if dag is not None:
            if soort == "zaaktypen":
                items = [i for i in items if zaaktype_geldig(i["url"])]
            elif soort == "besluittypen":
                items = [i for i in items if any(zaaktype_geldig(z) for z in i["zaaktypen"])]
            elif soort != "catalogussen":
                items = [i for i in items if zaaktype_geldig(i["zaaktype"])]
        return lijst(request, items)

    def catalogus_een(request: Request, soort: str, uuid: str) -> Response:
        eis_scope(applicatie(request), (CATALOGI_LEZEN,), "ztc")
        item = bundel(request).get(soort, uuid.lower())
        if item is None:
            raise niet_gevonden()
        return JSONResponse(item)

    for _soort in _CATALOGI:
        def _maak(soort: str) -> None:
            async def lijst_endpoint(request: Request) -> dict[str, Any]:
                return catalogus_lijst(request, soort)

            async def een_endpoint(request: Request, uuid: str) -> Response:
                return catalogus_een(request, soort, uuid)

            app.get(f"/catalogi/api/v1/{soort}", name=f"{soort}_list")(lijst_endpoint)
            app.get(f"/catalogi/api/v1/{soort}/{{uuid}}", name=f"{soort}_read")(een_endpoint)
        _maak(_soort)

    # -- zaken --------------------------------------------------------------------------------
    def filter_zaken(request: Request, crit: dict[str, Any]) -> list[dict[str, Any]]:
        app_ = applicatie(request)
        # Open Zaak's ListFilterByAuthorizationsMixin: only zaken the applicatie may read, silently.
        items = [z for z in reversed(state.zaken.values()) if mag(app_, (ZAKEN_LEZEN,), z)]
        for naam, waarde in crit.items():
            if naam in ("identificatie", "bronorganisatie", "zaaktype", "startdatum"):
                items = [z for z in items if z.get(naam) == waarde]
            elif naam == "bronorganisatie__in":
                items = [z for z in items if z["bronorganisatie"] in waarde]
            elif naam == "zaaktype__in":
                items = [z for z in items if z["zaaktype"] in waarde]
            elif naam == "uuid__in":
                items = [z for z in items if z["uuid"] in {str(w).lower() for w in waarde}]
            elif naam == "einddatum__isnull":
                items = [z for z in items if (z.get("einddatum") is None) == waarde]
            elif naam == BSN_FILTER:
                met = {r["zaak"] for r in state.rollen.values()
                       if (r.get("betrokkeneIdentificatie") or {}).get("inpBsn") == waarde}
                items = [z for z in items if z["url"] in met]
        return items

    @app.get("/zaken/api/v1/zaken")
    def list_zaken(request: Request) -> dict[str, Any]:
        eis_scope(applicatie(request), (ZAKEN_LEZEN,), "zrc")
        crs_onderhandeling(request)
        onbekende_parameters(request, _ZAKEN_SPEC, _ZAKEN_SIM)
        crit: dict[str, Any] = {k: v for k, v in request.query_params.items() if k in _ZAKEN_SIM}
        if "einddatum__isnull" in crit:
            crit["einddatum__isnull"] = _ja(crit["einddatum__isnull"])
            if crit["einddatum__isnull"] is None:
                raise ongeldig([fout("einddatum__isnull", "invalid", "Kies true of false.")])
        return lijst(request, filter_zaken(request, crit))

    @app.post("/zaken/api/v1/zaken/_zoek")
    async def zoek_zaken(request: Request) -> dict[str, Any]:
        eis_scope(applicatie(request), (ZAKEN_LEZEN,), "zrc")
        crs_onderhandeling(request)
        body = await json_object(request)
        if not body:
            raise ongeldig([fout("nonFieldErrors", "empty_search_body", "Je moet zoekparameters opgeven")])
        fouten = []
        for naam in ("uuid__in", "zaaktype__in", "bronorganisatie__in"):
            if naam in body and not isinstance(body[naam], list):
                fouten.append(fout(naam, "not_a_list", "Verwacht een lijst met items."))
        for i, w in enumerate(body.get("uuid__in") or [] if isinstance(body.get("uuid__in"), list) else []):
            try:
                uuidlib.UUID(str(w))
            except ValueError:
                fouten.append(fout(f"uuid__in.{i}", "invalid", "Dit is geen geldige UUID."))
        for i, w in enumerate(body.get("zaaktype__in") or [] if isinstance(body.get("zaaktype__in"), list) else []):
            if not is_url(w):
                fouten.append(fout(f"zaaktype__in.{i}", "invalid", GEEN_GELDIGE_URL))
        if "einddatum__isnull" in body and _ja(body["einddatum__isnull"]) is None:
            fouten.append(fout("einddatum__isnull", "invalid", "Kies true of false."))
        if fouten:
            raise ongeldig(fouten)
        crit = {k: v for k, v in body.items() if k in _ZOEK_SIM}
        if "einddatum__isnull" in crit:
            crit["einddatum__isnull"] = _ja(crit["einddatum__isnull"])
        niet = sorted(set(body) - _ZOEK_SIM - {"expand"})
        if niet:  # known to the API but not modelled here: refused rather than ignored
            raise ongeldig([fout("nonFieldErrors", "niet-gesimuleerd",
                                 "Deze zoekvelden kent de simulator niet: " + ", ".join(niet))])
        return lijst(request, filter_zaken(request, crit))

    @app.get("/zaken/api/v1/zaken/{zaak_uuid}")
    def get_zaak(request: Request, zaak_uuid: str) -> Response:
        app_ = applicatie(request)
        eis_scope(app_, (ZAKEN_LEZEN,), "zrc")
        crs_onderhandeling(request)
        onbekende_parameters(request, {"expand"}, set())
        zaak = zaak_of_404(zaak_uuid)
        if not mag(app_, (ZAKEN_LEZEN,), zaak):
            raise geen_toegang()
        return JSONResponse(_toon(zaak))

    def relevante_zaken_fouten(request: Request, waarde: Any) -> list[dict[str, str]]:
        if waarde is None:
            return []
        if not isinstance(waarde, list):
            return [fout("relevanteAndereZaken", "not_a_list", "Verwacht een lijst met items.")]
        fouten = []
        for i, r in enumerate(waarde):
            naam = f"relevanteAndereZaken.{i}"
            if not isinstance(r, dict):
                fouten.append(fout(f"{naam}.nonFieldErrors", "invalid", "Ongeldige data. Verwacht een object."))
                continue
            f = url_fout(f"{naam}.url", r.get("url"), base(request), "zaken", lambda u: u in state.zaken)
            if f:
                fouten.append(f)
            if r.get("aardRelatie") in (None, ""):
                fouten.append(fout(f"{naam}.aardRelatie", "required", VERPLICHT))
            elif r["aardRelatie"] not in AARD_RELATIE:
                fouten.append(fout(f"{naam}.aardRelatie", "invalid_choice", "Dit is geen geldige keuze."))
            elif r["aardRelatie"] == "overig" and not r.get("overigeRelatie"):
                fouten.append(fout(f"{naam}.overigeRelatie", "required", VERPLICHT))
        return fouten

    @app.post("/zaken/api/v1/zaken")
    async def create_zaak(request: Request) -> Response:
        body = await json_object(request)
        app_, b = applicatie(request), bundel(request)
        # Open Zaak's permission check first: the zaaktype and vertrouwelijkheidaanduiding given decide
        # whether this applicatie may create the zaak at all.
        zt_fout = url_fout("zaaktype", body["zaaktype"], base(request), "zaaktypen",
                           lambda u: b.get("zaaktypen", u) is not None) if body.get("zaaktype") else None
        vertrouwelijk = body.get("vertrouwelijkheidaanduiding")
        if zt_fout:
            raise ongeldig([zt_fout])
        if vertrouwelijk and vertrouwelijk not in VERTROUWELIJKHEID:
            raise ongeldig([fout("vertrouwelijkheidaanduiding", "invalid_choice", "Dit is geen geldige keuze.")])
        zt = b.by_url("zaaktypen", body.get("zaaktype"))
        if not app_.has_auth((ZAKEN_AANMAKEN,), "zrc", zaaktype=zt["identificatie"] if zt else None,
                             vertrouwelijkheid=vertrouwelijk or None):
            raise geen_toegang()
        crs_onderhandeling(request)
        fouten = [fout(k, "required", VERPLICHT) for k in
                  ("bronorganisatie", "zaaktype", "verantwoordelijkeOrganisatie", "startdatum") if not body.get(k)]
        for k in ("bronorganisatie", "verantwoordelijkeOrganisatie"):
            if body.get(k):
                fouten += elfproef_fouten(k, body[k], "RSIN")
        for k in ("startdatum", "einddatumGepland", "uiterlijkeEinddatumAfdoening", "registratiedatum"):
            if body.get(k) and datum(body[k]) is None:
                fouten.append(fout(k, "invalid", DATUM_FORMAAT))
        for k, n in (("identificatie", 40), ("omschrijving", 80), ("toelichting", 1000)):
            if body.get(k) is not None and (not isinstance(body[k], str) or len(body[k]) > n):
                fouten.append(fout(k, "max_length", f"Zorg ervoor dat dit veld niet meer dan {n} karakters bevat."))
        fouten += relevante_zaken_fouten(request, body.get("relevanteAndereZaken"))
        if fouten or zt is None:
            raise ongeldig(fouten)
        with state.lock:
            ident = body.get("identificatie")
            if ident and any(z["identificatie"] == ident and z["bronorganisatie"] == body["bronorganisatie"]
                             for z in state.zaken.values()):
                raise ongeldig([fout("identificatie", "identificatie-niet-uniek",
                                     "Deze identificatie bestaat al voor deze bronorganisatie")])
            zaak = nieuwe_zaak(request, zt, body)
            state.save()
        return JSONResponse(_toon(zaak), status_code=201, headers={"Location": zaak["url"]})

    @app.patch("/zaken/api/v1/zaken/{zaak_uuid}")
    async def patch_zaak(request: Request, zaak_uuid: str) -> Response:
        app_ = applicatie(request)
        scopes = (ZAKEN_BIJWERKEN, ZAKEN_GEFORCEERD_BIJWERKEN)
        eis_scope(app_, scopes, "zrc")
        crs_onderhandeling(request)
        zaak = zaak_of_404(zaak_uuid)
        if not mag(app_, scopes, zaak):
            raise geen_toegang()
        body = await json_object(request)
        fouten = []
        for k in ("identificatie", "bronorganisatie", "zaaktype"):
            if k in body and body[k] != zaak.get(k):
                fouten.append(fout(k, "wijzigen-niet-toegelaten", "Dit veld mag niet gewijzigd worden."))
        for k in ("einddatumGepland", "uiterlijkeEinddatumAfdoening", "startdatum"):
            if body.get(k) is not None and datum(body[k]) is None:
                fouten.append(fout(k, "invalid", DATUM_FORMAAT))
        v = body.get("vertrouwelijkheidaanduiding")
        if v is not None and v not in VERTROUWELIJKHEID:
            fouten.append(fout("vertrouwelijkheidaanduiding", "invalid_choice", "Dit is geen geldige keuze."))
        fouten += relevante_zaken_fouten(request, body.get("relevanteAndereZaken"))
        if fouten:
            raise ongeldig(fouten)
        if zaak.get("einddatum") and not mag(app_, (ZAKEN_GEFORCEERD_BIJWERKEN,), zaak):
            # Open Zaak (ZaakViewSet.perform_update): a PermissionDenied of its own, not ZaakClosed
            raise geen_toegang("Het wijzigen van een gesloten zaak is met de huidige scope niet toegestaan.")
        with state.lock:
            for k in ("omschrijving", "toelichting", "einddatumGepland", "uiterlijkeEinddatumAfdoening", "startdatum",
                      "vertrouwelijkheidaanduiding", "relevanteAndereZaken"):
                if k in body:
                    zaak[k] = body[k]
            gemuteerd(zaak)
            state.save()
        return JSONResponse(_toon(zaak))

    @app.get("/zaken/api/v1/zaken/{zaak_uuid}/besluiten")
    def list_zaakbesluiten(request: Request, zaak_uuid: str) -> Response:
        zaak = zaak_of_404(zaak_uuid)
        if not mag(applicatie(request), (ZAKEN_LEZEN,), zaak):
            raise geen_toegang()
        return JSONResponse([_toon(zb) for zb in state.zaakbesluiten.values() if zb["_zaak"] == zaak["uuid"]])

    @app.get("/zaken/api/v1/zaken/{zaak_uuid}/besluiten/{zb_uuid}")
    def get_zaakbesluit(request: Request, zaak_uuid: str, zb_uuid: str) -> Response:
        zaak = zaak_of_404(zaak_uuid)
        if not mag(applicatie(request), (ZAKEN_LEZEN,), zaak):
            raise geen_toegang()
        zb = state.zaakbesluiten.get(zb_uuid.lower())
        if zb is None or zb["_zaak"] != zaak["uuid"]:
            raise niet_gevonden()
        return JSONResponse(_toon(zb))

    # -- statussen, rollen, resultaten ---------------------------------------------------------
    def sub_lijst(request: Request, store: dict[str, dict[str, Any]], bekend: set[str], gesimuleerd: set[str],
                  sleutel: Callable[[dict[str, Any]], Any] | None = None) -> dict[str, Any]:
        app_ = applicatie(request)
        eis_scope(app_, (ZAKEN_LEZEN,), "zrc")
        onbekende_parameters(request, bekend, gesimuleerd)
        items = [i for i in store.values() if (z := zaak_by_url(i["zaak"])) is not None and mag(app_, (ZAKEN_LEZEN,), z)]
        for naam, waarde in request.query_params.items():
            if naam in ("page", "pageSize"):
                continue
            if naam == "betrokkeneIdentificatie__natuurlijkPersoon__inpBsn":
                items = [i for i in items if (i.get("betrokkeneIdentificatie") or {}).get("inpBsn") == waarde]
            elif naam == "indicatieLaatstGezetteStatus":
                items = [i for i in items if i.get(naam) == _ja(waarde)]
            else:
                items = [i for i in items if str(i.get(naam)) == waarde]
        if sleutel is not None:
            items.sort(key=sleutel, reverse=True)
        return lijst(request, items)

    def sub_een(request: Request, store: dict[str, dict[str, Any]], uuid: str) -> Response:
        app_ = applicatie(request)
        eis_scope(app_, (ZAKEN_LEZEN,), "zrc")
        item = store.get(uuid.lower())
        if item is None:
            raise niet_gevonden()
        zaak = zaak_by_url(item["zaak"])
        if zaak is not None and not mag(app_, (ZAKEN_LEZEN,), zaak):
            raise geen_toegang()
        return JSONResponse(_toon(item))

    @app.get("/zaken/api/v1/statussen")
    def list_statussen(request: Request) -> dict[str, Any]:
        return sub_lijst(request, state.statussen, {"indicatieLaatstGezetteStatus", "statustype", "zaak"},
                         {"indicatieLaatstGezetteStatus", "statustype", "zaak"},
                         lambda s: datumtijd(s["datumStatusGezet"]) or datetime.min.replace(tzinfo=UTC))

    @app.get("/zaken/api/v1/statussen/{status_uuid}")
    def get_status(request: Request, status_uuid: str) -> Response:
        return sub_een(request, state.statussen, status_uuid)

    @app.post("/zaken/api/v1/statussen")
    async def create_status(request: Request) -> Response:
        body = await json_object(request)
        app_, b = applicatie(request), bundel(request)
        zaak = hoofdzaak(request, body)
        if not mag(app_, (ZAKEN_AANMAKEN, STATUSSEN_TOEVOEGEN, ZAKEN_HEROPENEN), zaak):
            raise geen_toegang()
        fouten = []
        if f := url_fout("statustype", body.get("statustype"), base(request), "statustypen",
                         lambda u: b.get("statustypen", u) is not None):
            fouten.append(f)
        waarde = body.get("datumStatusGezet")
        gezet = datumtijd(waarde)
        if waarde in (None, ""):
            fouten.append(fout("datumStatusGezet", "required", VERPLICHT))
        elif gezet is None:
            fouten.append(fout("datumStatusGezet", "invalid", DATUMTIJD_FORMAAT))
        elif gezet > _nu():  # DateNotInFutureValidator: the real clock, TIME_LEEWAY 0
            fouten.append(fout("datumStatusGezet", "date-in-future", "Deze datum mag niet in de toekomst zijn"))
        toelichting = body.get("statustoelichting", "")
        if not isinstance(toelichting, str) or len(toelichting) > 1000:
            fouten.append(fout("statustoelichting", "max_length",
                               "Zorg ervoor dat dit veld niet meer dan 1000 karakters bevat."))
        if fouten:
            raise ongeldig(fouten)
        assert gezet is not None and isinstance(waarde, str)
        st = b.by_url("statustypen", body["statustype"])
        assert st is not None
        with state.lock:
            # the serializer's validators: UniqueTogetherValidator(zaak, datum_status_gezet), CorrectZaaktypeValidator
            if any(s["zaak"] == zaak["url"] and datumtijd(s["datumStatusGezet"]) == gezet
                   for s in state.statussen.values()):
                fouten.append(fout("nonFieldErrors", "unique",
                                   "De velden zaak, datum_status_gezet moeten een unieke set zijn."))
            if st["zaaktype"] != zaak["zaaktype"]:
                fouten.append(fout("nonFieldErrors", "zaaktype-mismatch",
                                   "De referentie hoort niet bij het zaaktype van de zaak."))
            if fouten:
                raise ongeldig(fouten)
            if st["isEindstatus"] and not zaak.get("resultaat"):  # BrondatumCalculator: Resultaat.DoesNotExist
                raise ongeldig([fout("nonFieldErrors", "resultaat-does-not-exist",
                                     "De zaak heeft geen resultaat; zet dat vóór de eindstatus.")])
            # StatusViewSet.perform_create
            if not mag(app_, (STATUSSEN_TOEVOEGEN, ZAKEN_HEROPENEN), zaak) and any(
                    s["zaak"] == zaak["url"] for s in state.statussen.values()):
                raise geen_toegang(f"Met de '{ZAKEN_AANMAKEN}' scope mag je slechts 1 status zetten")
            if zaak.get("einddatum") and not mag(app_, (ZAKEN_HEROPENEN,), zaak):
                raise geen_toegang("Het heropenen van een gesloten zaak is niet toegestaan zonder de scope "
                                   f"{ZAKEN_HEROPENEN}")
            status = nieuwe_status(request, zaak, st, gezet, waarde, toelichting)
            state.save()
        return JSONResponse(_toon(status), status_code=201, headers={"Location": status["url"]})

    @app.get("/zaken/api/v1/rollen")
    def list_rollen(request: Request) -> dict[str, Any]:
        return sub_lijst(request, state.rollen, _ROLLEN_SPEC, _ROLLEN_SIM)

    @app.get("/zaken/api/v1/rollen/{rol_uuid}")
    def get_rol(request: Request, rol_uuid: str) -> Response:
        return sub_een(request, state.rollen, rol_uuid)

    @app.post("/zaken/api/v1/rollen")
    async def create_rol(request: Request) -> Response:
        body = await json_object(request)
        app_, b = applicatie(request), bundel(request)
        zaak = hoofdzaak(request, body)
        if not mag(app_, (ZAKEN_BIJWERKEN, ZAKEN_GEFORCEERD_BIJWERKEN), zaak):
            raise geen_toegang()
        fouten = []
        if f := url_fout("roltype", body.get("roltype"), base(request), "roltypen",
                         lambda u: b.get("roltypen", u) is not None):
            fouten.append(f)
        btype = body.get("betrokkeneType")
        if btype in (None, ""):
            fouten.append(fout("betrokkeneType", "required", VERPLICHT))
        elif btype not in BETROKKENE_TYPEN:
            fouten.append(fout("betrokkeneType", "invalid_choice", "Dit is geen geldige keuze."))
        ident = body.get("betrokkeneIdentificatie") or {}
        if not isinstance(ident, dict):
            fouten.append(fout("betrokkeneIdentificatie", "invalid", "Ongeldige data. Verwacht een object."))
            ident = {}
        elif btype == "natuurlijk_persoon" and ident.get("inpBsn") not in (None, ""):
            fouten += elfproef_fouten("betrokkeneIdentificatie.inpBsn", ident["inpBsn"], "BSN")
        toelichting = body.get("roltoelichting", "")
        if not isinstance(toelichting, str) or len(toelichting) > 1000:
            fouten.append(fout("roltoelichting", "max_length", "Zorg ervoor dat dit veld niet meer dan 1000 karakters "
                                                               "bevat."))
        if fouten:
            raise ongeldig(fouten)
        rt = b.by_url("roltypen", body["roltype"])
        assert rt is not None
        with state.lock:
            gen = rt["omschrijvingGeneriek"]
            if gen in ("initiator", "zaakcoordinator") and any(
                    r["zaak"] == zaak["url"] and r["omschrijvingGeneriek"] == gen for r in state.rollen.values()):
                fouten.append(fout("roltype", "max-occurences", f"Er is al een rol '{gen}' bij deze zaak."))
            if rt["zaaktype"] != zaak["zaaktype"]:
                fouten.append(fout("nonFieldErrors", "zaaktype-mismatch",
                                   "De referentie hoort niet bij het zaaktype van de zaak."))
            if fouten:
                raise ongeldig(fouten)
            gesloten_check(app_, zaak)
            rol = nieuwe_rol(request, zaak, rt, str(btype), ident, toelichting)
            state.save()
        return JSONResponse(_toon(rol), status_code=201, headers={"Location": rol["url"]})

    @app.get("/zaken/api/v1/resultaten")
    def list_resultaten(request: Request) -> dict[str, Any]:
        return sub_lijst(request, state.resultaten, {"resultaattype", "zaak"}, {"resultaattype", "zaak"})

    @app.get("/zaken/api/v1/resultaten/{resultaat_uuid}")
    def get_resultaat(request: Request, resultaat_uuid: str) -> Response:
        return sub_een(request, state.resultaten, resultaat_uuid)

    @app.post("/zaken/api/v1/resultaten")
    async def create_resultaat(request: Request) -> Response:
        body = await json_object(request)
        app_, b = applicatie(request), bundel(request)
        zaak = hoofdzaak(request, body)
        if not mag(app_, (ZAKEN_BIJWERKEN, ZAKEN_GEFORCEERD_BIJWERKEN), zaak):
            raise geen_toegang()
        fouten = []
        if f := url_fout("resultaattype", body.get("resultaattype"), base(request), "resultaattypen",
                         lambda u: b.get("resultaattypen", u) is not None):
            fouten.append(f)
        toelichting = body.get("toelichting", "")
        if not isinstance(toelichting, str) or len(toelichting) > 1000:
            fouten.append(fout("toelichting", "max_length", "Zorg ervoor dat dit veld niet meer dan 1000 karakters "
                                                            "bevat."))
        with state.lock:
            if zaak.get("resultaat"):  # ZGW: a zaak has at most one resultaat (a OneToOne in Open Zaak)
                fouten.append(fout("zaak", "unique", "Dit veld moet uniek zijn."))
            if fouten:
                raise ongeldig(fouten)
            rt = b.by_url("resultaattypen", body["resultaattype"])
            assert rt is not None
            if rt["zaaktype"] != zaak["zaaktype"]:
                raise ongeldig([fout("nonFieldErrors", "zaaktype-mismatch",
                                     "De referentie hoort niet bij het zaaktype van de zaak.")])
            gesloten_check(app_, zaak)
            res = nieuw_resultaat(request, zaak, rt, toelichting)
            state.save()
        return JSONResponse(_toon(res), status_code=201, headers={"Location": res["url"]})

    # -- besluiten (ZGW Besluiten API: the part werkpad uses) -----------------------------------
    def besluit_mag(app_: Applicatie, scopes: Iterable[str], besluit: dict[str, Any], b: Bundel) -> bool:
        bt = b.by_url("besluittypen", besluit["besluittype"])
        return app_.has_auth(scopes, "brc", besluittype=bt["omschrijving"] if bt else "")

    @app.get("/besluiten/api/v1/besluiten")
    def list_besluiten(request: Request) -> dict[str, Any]:
        app_, b = applicatie(request), bundel(request)
        eis_scope(app_, (BESLUITEN_LEZEN,), "brc")
        namen = {"besluittype", "identificatie", "verantwoordelijkeOrganisatie", "zaak"}
        onbekende_parameters(request, namen, namen)
        items = [x for x in reversed(state.besluiten.values()) if besluit_mag(app_, (BESLUITEN_LEZEN,), x, b)]
        for naam, waarde in request.query_params.items():
            if naam in namen:
                items = [x for x in items if x.get(naam) == waarde]
        return lijst(request, items)

    @app.get("/besluiten/api/v1/besluiten/{besluit_uuid}")
    def get_besluit(request: Request, besluit_uuid: str) -> Response:
        app_ = applicatie(request)
        eis_scope(app_, (BESLUITEN_LEZEN,), "brc")
        besluit = state.besluiten.get(besluit_uuid.lower())
        if besluit is None:
            raise niet_gevonden()
        if not besluit_mag(app_, (BESLUITEN_LEZEN,), besluit, bundel(request)):
            raise geen_toegang()
        return JSONResponse(besluit)

    @app.post("/besluiten/api/v1/besluiten")
    async def create_besluit(request: Request) -> Response:
        body = await json_object(request)
        app_, b = applicatie(request), bundel(request)
        btype_fout = url_fout("besluittype", body.get("besluittype"), base(request), "besluittypen",
                              lambda u: b.get("besluittypen", u) is not None)
        if body.get("besluittype") and btype_fout:  # the permission check validates what it needs
            raise ongeldig([btype_fout])
        bt = b.by_url("besluittypen", body.get("besluittype"))
        if not app_.has_auth((BESLUITEN_AANMAKEN,), "brc", besluittype=bt["omschrijving"] if bt else None):
            raise geen_toegang()
        fouten = [btype_fout] if btype_fout else []
        zaak = None
        if body.get("zaak"):
            if f := url_fout("zaak", body["zaak"], base(request), "zaken", lambda u: u in state.zaken):
                fouten.append(f)
            else:
                zaak = zaak_by_url(body["zaak"])
        fouten += _besluit_fouten(body, state.vandaag())
        if fouten or bt is None:
            raise ongeldig(fouten)
        with state.lock:
            ident = str(body.get("identificatie") or "")
            if ident and any(x["identificatie"] == ident and x["verantwoordelijkeOrganisatie"]
                             == body["verantwoordelijkeOrganisatie"] for x in state.besluiten.values()):
                fouten.append(fout("identificatie", "identificatie-niet-uniek",
                                   "Deze identificatie bestaat al voor deze verantwoordelijke organisatie"))
            if zaak is not None and zaak["zaaktype"] not in bt["zaaktypen"]:  # BesluittypeZaaktypeValidator
                fouten.append(fout("nonFieldErrors", "zaaktype-mismatch",
                                   "De referentie hoort niet bij het zaaktype van de zaak."))
            if fouten:
                raise ongeldig(fouten)
            gesloten_check(app_, zaak)  # BesluitViewSet has Open Zaak's ClosedZaakMixin too
            besluit = nieuw_besluit(request, bt, zaak, body)
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
            fouten = _verlaging_fouten(body, lambda url: zaak_by_url(url) is not None)
            if fouten:
                return _problem(request, 400, "invalid", "Invalid input.", "De verlaging is onvolledig of ongeldig: "
                                + "; ".join(f"{f['name']}: {f['reason']}" for f in fouten), fouten)
            u = str(uuidlib.uuid4())
            zaak = zaak_by_url(body["zaak"])
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
        items = [_verlaging(v) for v in state.verlagingen.values()
                 if zaak in (None, v["zaak"]) and besluit in (None, v["besluit"])]
        return {"count": len(items), "next": None, "previous": None, "results": items}

    @app.get(VERLAGINGEN + "/{verlaging_uuid}")
    def get_verlaging(request: Request, verlaging_uuid: str) -> Response:
        v = state.verlagingen.get(verlaging_uuid)
        if v is None:
            return _problem(request, 404, "not_found", "Niet gevonden", "Verlaging bestaat niet.")
        return JSONResponse(_verlaging(v))

    # -- the aanvraag levensonderhoud: the gemeente's own LO-AANVRAAG zaak ------------------------
    def deelnemer_bsn(zaak: dict[str, Any]) -> str | None:
        for r in state.rollen.values():
            if r["zaak"] == zaak["url"] and r["omschrijving"] == "Deelnemer" \
                    and r["betrokkeneType"] == "natuurlijk_persoon":
                bsn = (r.get("betrokkeneIdentificatie") or {}).get("inpBsn")
                if bsn:
                    return str(bsn)
        return None

    def aanvraagzaak(bsn: str, bronorganisatie: str) -> dict[str, Any] | None:
        met = {r["zaak"] for r in state.rollen.values() if r["omschrijving"] == "Aanvrager"
               and (r.get("betrokkeneIdentificatie") or {}).get("inpBsn") == bsn}
        return next((z for z in reversed(state.zaken.values()) if z.get("_zaaktype_id") == AANVRAAG.identificatie
                     and z["url"] in met and z["bronorganisatie"] == bronorganisatie), None)

    def uitkering_van(traject: dict[str, Any]) -> dict[str, Any]:
        bsn = deelnemer_bsn(traject)
        az = aanvraagzaak(bsn, traject["bronorganisatie"]) if bsn else None
        if az is None:
            return {"status": "in_behandeling", "besluitdatum": None, "aanvraagdatum": None}
        status, besluitdatum = "in_behandeling", None
        res = state.resultaten.get(str(az.get("resultaat") or "").rsplit("/", 1)[-1])
        if az.get("einddatum") and res is not None:
            rt = type_by_url("resultaattypen", res["resultaattype"])
            oms = rt["omschrijving"] if rt else str(res.get("_omschrijving", ""))
            status = {"Toegekend": "toegekend", "Afgewezen": "afgewezen"}.get(oms, "in_behandeling")
            besluiten = [x for x in state.besluiten.values() if x["zaak"] == az["url"]]
            besluitdatum = besluiten[-1]["datum"] if besluiten else az["einddatum"]
        return {"status": status, "besluitdatum": besluitdatum,
                "aanvraagdatum": az["startdatum"] if az.get("_aanvraagdatum_bekend") else None}

    @app.get("/uitkeringen/api/v1/uitkeringsaanvragen")
    def uitkering(request: Request, zaak: str) -> Response:
        z = zaak_by_url(zaak)
        if z is None:
            return _problem(request, 404, "not_found", "Niet gevonden", "Geen uitkeringsaanvraag bij deze zaak.")
        u = uitkering_van(z)
        if state.fault == "uitkering-onbekend":  # a status outside the contract (bad-input tests)
            u = {**u, "status": "misschien"}
        return JSONResponse({"zaak": z["url"], **u})

    def vrij_moment(zaak: dict[str, Any], moment: datetime) -> datetime:
        """`moment`, capped at now, moved back until no status of the zaak has it (unique per zaak)."""
        moment = min(moment, _nu())
        bezet = {datumtijd(s["datumStatusGezet"]) for s in state.statussen.values() if s["zaak"] == zaak["url"]}
        while moment in bezet:
            moment -= timedelta(seconds=1)
        return moment.replace(microsecond=0)

    def zet(request: Request, zaak: dict[str, Any], omschrijving: str, moment: datetime) -> None:
        b = bundel(request)
        st = next(s for s in b.per_soort["statustypen"].values()
                  if s["zaaktype"] == zaak["zaaktype"] and s["omschrijving"] == omschrijving)
        m = vrij_moment(zaak, moment)
        nieuwe_status(request, zaak, st, m, m.astimezone(AMSTERDAM).isoformat())

    def maak_aanvraagzaak(request: Request, traject: dict[str, Any], bsn: str, start: date) -> dict[str, Any]:
        b = bundel(request)
        zt = b.zaaktype_op(AANVRAAG.identificatie, start) or b.zaaktype_op(AANVRAAG.identificatie, date.today())
        if zt is None:
            raise ApiFout(409, "catalogus", "Catalogus onvolledig", "Het zaaktype LO-AANVRAAG ontbreekt in de "
                          "catalogus van de simulator.", "Conflict")
        n = sum(1 for z in state.zaken.values() if z.get("_zaaktype_id") == AANVRAAG.identificatie) + 1
        zaak = nieuwe_zaak(request, zt, {"identificatie": f"LO-{n:06d}", "bronorganisatie": traject["bronorganisatie"],
                                         "verantwoordelijkeOrganisatie": traject["verantwoordelijkeOrganisatie"],
                                         "startdatum": start.isoformat(), "omschrijving": AANVRAAG.omschrijving})
        rt = next(r for r in b.per_soort["roltypen"].values()
                  if r["zaaktype"] == zt["url"] and r["omschrijving"] == "Aanvrager")
        nieuwe_rol(request, zaak, rt, "natuurlijk_persoon", {"inpBsn": bsn})
        ochtend = datetime.combine(start, time(9), AMSTERDAM)
        zet(request, zaak, "Ontvangen", ochtend)
        zet(request, zaak, "In behandeling", ochtend + timedelta(minutes=1))
        return zaak

    def heropen(request: Request, zaak: dict[str, Any]) -> None:
        """The gemeente revises its decision: resultaat and besluit go, the zaak is in behandeling again."""
        res = str(zaak.get("resultaat") or "").rsplit("/", 1)[-1]
        state.resultaten.pop(res, None)
        zaak["resultaat"] = None
        for k in [k for k, x in state.besluiten.items() if x["zaak"] == zaak["url"]]:
            url = state.besluiten.pop(k)["url"]
            for zb in [zb for zb, v in state.zaakbesluiten.items() if v["besluit"] == url]:
                del state.zaakbesluiten[zb]
        laatste = max((datumtijd(s["datumStatusGezet"]) for s in state.statussen.values()
                       if s["zaak"] == zaak["url"]), default=_nu(), key=lambda d: d or _nu())
        zet(request, zaak, "In behandeling", (laatste or _nu()) + timedelta(seconds=1))

    @app.post("/_sim/uitkeringen/{identificatie}")
    async def set_uitkering(request: Request, identificatie: str) -> Response:
        """Body: {"status"?: in_behandeling|toegekend|afgewezen, "besluitdatum"?: JJJJ-MM-DD, "aanvraagdatum"?:
        JJJJ-MM-DD}; {identificatie} is werkpad's traject zaak. The gemeente records it on its own
        LO-AANVRAAG zaak for the deelnemer's BSN (made when there is none yet)."""
        body = await _sim_body(request)
        status = body.get("status")
        if status is not None and status not in {"in_behandeling", "toegekend", "afgewezen"}:
            return JSONResponse({"detail": "status moet in_behandeling, toegekend of afgewezen zijn"}, 400)
        aanvraag = body.get("aanvraagdatum")
        if aanvraag is not None and datum(aanvraag) is None:
            return JSONResponse({"detail": "aanvraagdatum moet JJJJ-MM-DD zijn"}, 400)
        besluitdatum = body.get("besluitdatum")
        if besluitdatum is not None and datum(besluitdatum) is None:
            return JSONResponse({"detail": "besluitdatum moet JJJJ-MM-DD zijn"}, 400)
        if status is None and aanvraag is None:
            return JSONResponse({"detail": "geef status en/of aanvraagdatum"}, 400)
        trajecten = [z for z in state.zaken.values() if z["identificatie"] == identificatie]
        if not trajecten:
            return JSONResponse({"detail": f"Geen zaak met identificatie {identificatie}"}, 404)
        vandaag = datetime.now(AMSTERDAM).date()
        with state.lock:
            for traject in trajecten:
                bsn = deelnemer_bsn(traject)
                if bsn is None:
                    return JSONResponse({"detail": f"Zaak {identificatie} heeft geen deelnemer met een BSN"}, 409)
                az = aanvraagzaak(bsn, traject["bronorganisatie"])
                if az is None:
                    az = maak_aanvraagzaak(request, traject, bsn, datum(aanvraag) or vandaag)
                if aanvraag is not None:
                    az["startdatum"] = aanvraag
                    az["_aanvraagdatum_bekend"] = True
                if status is not None and (az.get("einddatum") or az.get("resultaat")):
                    heropen(request, az)
                if status in ("toegekend", "afgewezen"):
                    dag = datum(besluitdatum) or vandaag
                    oms = "Toegekend" if status == "toegekend" else "Afgewezen"
                    b = bundel(request)
                    rt = next(r for r in b.per_soort["resultaattypen"].values()
                              if r["zaaktype"] == az["zaaktype"] and r["omschrijving"] == oms)
                    res = nieuw_resultaat(request, az, rt)
                    res["_omschrijving"] = oms
                    bt_oms = "Toekenning levensonderhoud" if status == "toegekend" else "Afwijzing levensonderhoud"
                    bt = next((x for x in b.per_soort["besluittypen"].values()
                               if az["zaaktype"] in x["zaaktypen"] and x["omschrijving"] == bt_oms), None)
                    if bt is not None:
                        nieuw_besluit(request, bt, az, {"verantwoordelijkeOrganisatie": az["verantwoordelijkeOrganisatie"],
                                                        "datum": dag.isoformat(), "ingangsdatum": dag.isoformat(),
                                                        "identificatie": f"{az['identificatie']}-B"})
                    zet(request, az, "Afgehandeld", datetime.combine(dag, time(12), AMSTERDAM))
            state.save()
        return JSONResponse({"identificatie": identificatie, **uitkering_van(trajecten[0])})

    # -- driving the simulator ------------------------------------------------------------------
    async def _sim_body(request: Request) -> dict[str, Any]:
        try:
            return await json_object(request)
        except ApiFout as exc:
            raise ApiFout(400, "parse_error", exc.title, "Verwacht een JSON-object.", "ParseError") from None

    @app.post("/_sim/zaaktype-versie")
    async def zaaktype_versie(request: Request) -> Response:
        """Body: {"identificatie": "IJW-REINTEGRATIE", "beginGeldigheid": "JJJJ-MM-DD"}: publish a new version."""
        body = await _sim_body(request)
        begin = datum(body.get("beginGeldigheid"))
        if begin is None:
            return JSONResponse({"detail": "beginGeldigheid moet JJJJ-MM-DD zijn"}, 400)
        with state.lock:
            try:
                state.catalogus.nieuwe_versie(str(body.get("identificatie")), begin)
            except KeyError:
                return JSONResponse({"detail": "onbekend zaaktype"}, 404)
            except ValueError as exc:
                return JSONResponse({"detail": str(exc)}, 400)
        b = bundel(request)
        versies = [{"url": url, "beginGeldigheid": v.begin.isoformat(),
                    "eindeGeldigheid": v.einde.isoformat() if v.einde else None}
                   for url, (ident, v) in b.zaaktype_info.items() if ident == body["identificatie"]]
        return JSONResponse({"identificatie": body["identificatie"], "versies": versies}, 201)

    @app.post("/_sim/catalogus/verwijder")
    async def catalogus_verwijder(request: Request) -> Response:
        """Body: {"zaaktype": ident, "soort": "zaaktype"|"statustype"|"roltype"|"resultaattype"|"besluittype",
        "omschrijving"?: ...}: remove one piece (a broken catalogue, for the onboarding check)."""
        body = await _sim_body(request)
        with state.lock:
            try:
                state.catalogus.verwijder(str(body.get("zaaktype")), str(body.get("soort")),
                                          str(body.get("omschrijving") or ""))
            except KeyError:
                return JSONResponse({"detail": "onbekend zaaktype of soort"}, 400)
        return JSONResponse({"verwijderd": sorted(map(list, state.catalogus.verwijderd))})

    @app.post("/_sim/catalogus/herstel")
    async def catalogus_herstel() -> Response:
        with state.lock:
            state.catalogus.herstel()
        return JSONResponse({"verwijderd": []})

    @app.post("/_sim/applicatie")
    async def set_applicatie(request: Request) -> Response:
        """Body: {"client_id": ..., "secret"?: ..., "heeftAlleAutorisaties"?: bool, "autorisaties"?: [{"component":
        "zrc"|"ztc"|"brc", "scopes": [...], "zaaktype"?: ident, "maxVertrouwelijkheidaanduiding"?: ...,
        "besluittype"?: omschrijving}]} or {"client_id": ..., "standaard": true} (werkpad's default)."""
        body = await _sim_body(request)
        cid = body.get("client_id")
        if not isinstance(cid, str) or not cid:
            return JSONResponse({"detail": "client_id ontbreekt"}, 400)
        geheim = body.get("secret")
        if geheim is not None and (not isinstance(geheim, str) or len(geheim) < 32):
            return JSONResponse({"detail": "secret moet minstens 32 tekens zijn"}, 400)
        try:
            app_ = standaard_applicatie() if body.get("standaard") else Applicatie.van_json(body)
        except ValueError as exc:
            return JSONResponse({"detail": str(exc)}, 400)
        with state.lock:
            if geheim is not None:
                state.secrets[cid] = geheim
            state.applicaties[cid] = app_
        return JSONResponse({"client_id": cid, "heeftAlleAutorisaties": app_.heeft_alle_autorisaties,
                             "autorisaties": len(app_.autorisaties)})

    @app.post("/_sim/fault")
    async def set_fault(request: Request) -> Response:
        """Body: {"mode": "500" | "503" | "verloren" | "traag" | "malformed" | "uitkering-onbekend" | null,
        "volgende"?: N, "aandeel"?: 0.3, "seed"?: 7, "vertraging"?: 0.3 (s, for traag)}. Without
        volgende/aandeel the mode plays on every call; with them only on the next N calls and/or on
        this share of them. Each call replaces the previous setting; {"mode": null} clears it."""
        body = await _sim_body(request)
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
        """Body: {"vandaag": "JJJJ-MM-DD" | null}: the gemeente's calendar day for a besluit's datum (null: the
        real day). A status's datumStatusGezet is always checked against the real clock."""
        waarde = (await _sim_body(request)).get("vandaag")
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
        return {"zaken": [{"identificatie": z["identificatie"], "zaaktype": zaak_ident(z), "status": z["status"],
                           "einddatum": z.get("einddatum"), "resultaat": z.get("resultaat"),
                           "uitkering": uitkering_van(z)["status"] if zaak_ident(z) != AANVRAAG.identificatie
                           else None}
                          for z in state.zaken.values()]}

    @app.get("/_sim/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return app


SECRET_ENV = "GEMEENTE_SIMULATOR_SECRET"  # not on the command line: argv is visible to every user (ps)
BEHEER_SECRET_ENV = "GEMEENTE_SIMULATOR_BEHEER_SECRET"


def main() -> None:
    import uvicorn

    from integrations.gemeente.settings import DEV_SECRET

    p = argparse.ArgumentParser(description="Gemeente-simulator (ZGW Zaken/Catalogi/Besluiten + uitkeringsstatus). "
                                            f"Het geheim van de client staat in ${SECRET_ENV} (standaard het "
                                            f"ontwikkelgeheim), dat van de beheerclient in ${BEHEER_SECRET_ENV}.")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8100)
    p.add_argument("--state-file", type=Path, default=None,
                   help="JSON-bestand waarin zaken, statussen, rollen, resultaten en besluiten een herstart overleven")
    p.add_argument("--base-url", default=None, help="Basis van de uitgegeven URL's (standaard http://<host>:<port>)")
    p.add_argument("--client-id", default="werkpad", help="De client_id die de simulator accepteert")
    p.add_argument("--klok-vrij", action="store_true",
                   help="Geen controle op besluitdata in de toekomst (stacks met een verzette klok: werkpad leeft dan "
                        "mogelijk na vandaag). De datum van een status wordt altijd aan de echte klok getoetst.")
    a = p.parse_args()
    # The simulator stands in for the gemeente, a system of its own: it is told whom to accept
    # (`werkpad up` passes werkpad's own client_id and secret) and reads no werkpad settings.
    state = SimState(secrets={a.client_id: os.environ.get(SECRET_ENV) or DEV_SECRET}, state_file=a.state_file,
                     base_url=(a.base_url or f"http://{a.host}:{a.port}").rstrip("/"),
                     klok=date.max if a.klok_vrij else None,
                     beheer_secret=os.environ.get(BEHEER_SECRET_ENV) or BEHEER_SECRET)
    uvicorn.run(create_app(state), host=a.host, port=a.port, log_level="warning")


if __name__ == "__main__":
    main()
