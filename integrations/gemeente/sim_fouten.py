"""The gemeente simulator's refusals, shaped as Open Zaak shapes them (commonground-api-common's
exception handler): problem+json with type/code/title/status/detail/instance and, for a 400,
invalidParams [{name, code, reason}] under the detail "Ongeldige invoer.". Also the small pieces
of validation several endpoints share (11-proef, URL references, date-times, pagination).

Reasons are Dutch and never quote the input (a BSN must not come back in an error)."""

from __future__ import annotations

import json
import re
import uuid as uuidlib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlencode, urlparse

from fastapi import Request
from fastapi.responses import JSONResponse

# DRF's and Open Zaak's (Dutch) texts
ONGELDIGE_INVOER = "Ongeldige invoer."
GEEN_TOESTEMMING = "Je hebt geen toestemming om deze actie uit te voeren."
ZAAK_GESLOTEN = "Je mag geen gegevens aanpassen van een gesloten zaak."
NIET_GEVONDEN = "Niet gevonden."
VERPLICHT = "Dit veld is verplicht."
GEEN_GELDIGE_URL = "Voer een geldige URL in."
PAGE_SIZE, MAX_PAGE_SIZE = 100, 500


@dataclass
class ApiFout(Exception):
    """Raised anywhere in a handler; the app turns it into the problem+json answer."""

    status: int
    code: str
    title: str
    detail: str
    klasse: str  # the exception class Open Zaak names in `type` (…/ref/fouten/<klasse>/)
    invalid: list[dict[str, str]] | None = None


def fout(name: str, code: str, reason: str) -> dict[str, str]:
    return {"name": name, "code": code, "reason": reason}


def ongeldig(fouten: list[dict[str, str]]) -> ApiFout:
    return ApiFout(400, "invalid", ONGELDIGE_INVOER, ONGELDIGE_INVOER, "ValidationError", fouten)


def geen_toegang(detail: str = GEEN_TOESTEMMING) -> ApiFout:
    return ApiFout(403, "permission_denied", GEEN_TOESTEMMING, detail, "PermissionDenied")


def zaak_gesloten() -> ApiFout:
    return ApiFout(403, "permission_denied", ZAAK_GESLOTEN, ZAAK_GESLOTEN, "ZaakClosed")


def niet_gevonden(detail: str = NIET_GEVONDEN) -> ApiFout:
    return ApiFout(404, "not_found", NIET_GEVONDEN, detail, "NotFound")


def parse_fout(detail: str = "Ongeldig samengestelde request.") -> ApiFout:
    return ApiFout(400, "parse_error", "Ongeldig samengestelde request.", detail, "ParseError")


def probleem(request: Request, f: ApiFout, base: str) -> JSONResponse:
    body: dict[str, Any] = {"type": f"{base}/ref/fouten/{f.klasse}/", "code": f.code, "title": f.title,
                            "status": f.status, "detail": f.detail, "instance": f"urn:uuid:{uuidlib.uuid4()}"}
    if f.invalid is not None:
        body["invalidParams"] = f.invalid
    return JSONResponse(body, status_code=f.status, media_type="application/problem+json")


async def json_object(request: Request) -> dict[str, Any]:
    """The request body as a JSON object; malformed JSON, null, an array or a scalar: 400 parse_error
    (as Open Zaak's permission check does: `get_fields` raises ParseError on a non-dict body)."""
    raw = await request.body()
    try:
        body = json.loads(raw) if raw.strip() else {}
    except ValueError as exc:
        msg = exc.msg if isinstance(exc, json.JSONDecodeError) else "ongeldige tekens"
        raise parse_fout(f"JSON parse error - {msg}") from None
    if not isinstance(body, dict):
        raise parse_fout()
    return body


# -- Accept-Crs / Content-Crs (vng_api_common.geo.GeoMixin) --------------------------------------
CRS = "EPSG:4326"


def crs_onderhandeling(request: Request) -> None:
    if request.method in ("POST", "PUT", "PATCH"):
        content = request.headers.get("content-crs")
        if content is None:
            raise ApiFout(412, "precondition_failed", "Precondition failed", "'Content-Crs' header ontbreekt",
                          "PreconditionFailed")
        if content != CRS:
            raise _niet_ondersteund()
    accept = request.headers.get("accept-crs")
    if accept is None:
        raise ApiFout(412, "precondition_failed", "Precondition failed", "'Accept-Crs' header ontbreekt",
                      "PreconditionFailed")
    if accept != CRS:
        raise _niet_ondersteund()


def _niet_ondersteund() -> ApiFout:
    # Open Zaak: NotAcceptable(detail=f"CRS '{crs}' is niet ondersteund"); the value is not echoed here.
    return ApiFout(406, "not_acceptable", 'Kan niet voldoen aan de opgegeven "Accept" header.',
                   "Deze CRS is niet ondersteund (alleen EPSG:4326).", "NotAcceptable")


# -- 11-proef (vng_api_common.validators.BaseIdentifierValidator + RSINField/BSNField) -------------
def elfproef_fouten(name: str, value: Any, soort: str) -> list[dict[str, str]]:
    """Open Zaak's checks of an RSIN or BSN field: only digits (code only-digits), the 11-proef
    (invalid), exactly nine characters (min_length/max_length)."""
    if not isinstance(value, str):
        return [fout(name, "invalid", "Geen geldige tekenreeks.")]
    fouten = []
    if not re.fullmatch(r"[0-9]+", value):
        fouten.append(fout(name, "only-digits", "Voer een numerieke waarde in"))
    else:
        total = sum((-1 if i == 1 else i) * int(c) for i, c in enumerate(reversed(value), start=1))
        if total % 11 != 0:
            fouten.append(fout(name, "invalid", f"Onjuist {soort} nummer"))
    if len(value) < 9:
        fouten.append(fout(name, "min_length", "Zorg ervoor dat dit veld minimaal 9 karakters bevat."))
    elif len(value) > 9:
        fouten.append(fout(name, "max_length", "Zorg ervoor dat dit veld niet meer dan 9 karakters bevat."))
    return fouten


# -- dates -----------------------------------------------------------------------------------------
_DATUMTIJD = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?")


def datumtijd(value: Any) -> datetime | None:
    """An ISO 8601 date-time as DRF's DateTimeField reads it; a naive one is taken as UTC (Open Zaak's
    TIME_ZONE for the API is UTC). None when it is not one."""
    if not isinstance(value, str) or not _DATUMTIJD.fullmatch(value):
        return None
    try:
        d = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return d if d.tzinfo else d.replace(tzinfo=UTC)


def datum(value: Any) -> date | None:
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


# -- URL references (django-loose-fk FKOrURLValidator + Open Zaak's LooseFkResourceValidator) ------
_PAD = re.compile(r"/(zaken|catalogi|besluiten)/api/v1/([a-z_]+)/([0-9a-fA-F-]{36})/?")


def verwijzing(value: Any, base: str) -> tuple[str, str] | None:
    """(resource, uuid) of a URL on this gemeente, e.g. ("statustypen", "…"); None for a URL elsewhere
    or not of that shape. Raises nothing: callers decide which code applies."""
    p = urlparse(value)
    if p.netloc != urlparse(base).netloc:
        return None
    m = _PAD.fullmatch(p.path)
    return (m.group(2), m.group(3).lower()) if m else None


def is_url(value: Any) -> bool:
    if not isinstance(value, str) or len(value) > 1000:
        return False
    p = urlparse(value)
    return p.scheme in ("http", "https") and bool(p.netloc) and " " not in value


def url_fout(name: str, value: Any, base: str, resource: str, bestaat: Any) -> dict[str, str] | None:
    """The error for a reference that should point at a `resource` (e.g. "statustypen") here, or None.
    Missing: required; not a URL or elsewhere (cannot be fetched): bad-url; one of ours of another
    kind: invalid-resource; ours, of the right kind, but unknown: does_not_exist."""
    if value is None or value == "":
        return fout(name, "required", VERPLICHT)
    if not is_url(value):
        return fout(name, "bad-url", GEEN_GELDIGE_URL)
    ref = verwijzing(value, base)
    if ref is None:
        p = urlparse(value)
        if p.netloc == urlparse(base).netloc:  # ours, but no resource at that path
            return fout(name, "does_not_exist", "Het object kon niet worden gevonden.")
        return fout(name, "bad-url", "Het object kon niet worden opgehaald.")
    if ref[0] != resource:
        return fout(name, "invalid-resource", "De URL wijst naar een ander soort object.")
    if not bestaat(ref[1]):
        return fout(name, "does_not_exist", "Het object kon niet worden gevonden.")
    return None


# -- pagination (DRF PageNumberPagination with vng_api_common's DynamicPageSizeMixin) -------------
def pagineer(request: Request, base: str, items: list[Any]) -> dict[str, Any]:
    q = request.query_params
    try:
        gevraagd = int(q.get("pageSize") or 0)
    except ValueError:
        gevraagd = 0
    size = min(gevraagd, MAX_PAGE_SIZE) if gevraagd > 0 else PAGE_SIZE  # DRF: invalid -> the default
    pages = max(1, -(-len(items) // size))
    raw = q.get("page", "1")
    try:
        page = pages if raw == "last" else int(raw)
    except ValueError:
        page = 0
    if not 1 <= page <= pages:
        raise niet_gevonden("Ongeldige pagina.")

    def link(n: int) -> str:
        params = [(k, v) for k, v in q.multi_items() if k != "page"] + ([("page", str(n))] if n > 1 else [])
        return f"{base}{request.url.path}" + (f"?{urlencode(params)}" if params else "")

    return {"count": len(items), "next": link(page + 1) if page < pages else None,
            "previous": link(page - 1) if page > 1 else None, "results": items[(page - 1) * size:page * size]}


def onbekende_parameters(request: Request, bekend: set[str], gesimuleerd: set[str]) -> None:
    """vng_api_common's CheckQueryParamsMixin: a query parameter the API does not know is refused
    (400 unknown-parameters); one the API knows but this simulator does not model is refused too,
    with its own code, rather than silently ignored (a wrong, unfiltered list would mislead)."""
    namen = set(request.query_params.keys())
    onbekend = namen - bekend - {"page", "pageSize"}
    if onbekend:
        raise ongeldig([fout("nonFieldErrors", "unknown-parameters",
                             "Onbekende query parameters: " + ", ".join(sorted(onbekend)))])
    niet = namen - gesimuleerd - {"page", "pageSize"}
    if niet:
        raise ongeldig([fout("nonFieldErrors", "niet-gesimuleerd",
                             "Deze filters kent de simulator niet: " + ", ".join(sorted(niet)))])
