"""werkpad and the gemeente's Notificaties API (Open Notificaties, ../shared/specs/zgw/notificaties-openapi.yaml).

- `Notificatie`: the message Open Notificaties POSTs to werkpad's callback (the spec's `Message`), validated as
  the spec says (the callback answers 400 on anything else);
- `gewenst_abonnement` / `verschillen`: the abonnement werkpad needs (kanaal `zaken`, one filter group per version
  of each aanvraag-zaaktype it follows, with the gemeente's RSIN) and, pure, how an existing one differs from it;
- `NotificatiesClient`: list, make, replace and delete abonnementen (httpx, the same ZGW JWT as the gemeente
  client: werkpad's client_id and secret, `notificaties.consumeren`).

Open Notificaties identifies an abonnement by its URL only; werkpad finds its own by its callback URL. The
abonnement's `auth` is writeOnly: nobody can read the token back, so a check can compare everything but that
(Open Notificaties tests the callback with it when the abonnement is made or replaced).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from integrations.gemeente.auth import make_token
from integrations.gemeente.client import reden_uit
from integrations.gemeente.errors import GemeenteConfiguratie, GemeenteMalformed, GemeenteRejected, GemeenteTransient
from integrations.gemeente.settings import GemeenteSection, NotificatiesSection

API_VERSIE = "1.0.0"  # the spec's info.version


class Notificatie(BaseModel):
    """The spec's `Message`: what Open Notificaties delivers to a callback. Required fields and lengths as the
    spec gives them; URLs and the moment must parse."""

    model_config = ConfigDict(extra="ignore")

    kanaal: str = Field(min_length=1, max_length=50)
    source: str | None = Field(default=None, max_length=100)
    hoofdObject: str = Field(min_length=1, max_length=1000)
    resource: str = Field(min_length=1, max_length=100)
    resourceUrl: str = Field(min_length=1, max_length=1000)
    actie: str = Field(min_length=1, max_length=100)
    aanmaakdatum: str
    kenmerken: dict[str, str] = Field(default_factory=dict)

    @field_validator("hoofdObject", "resourceUrl")
    @classmethod
    def _uri(cls, v: str) -> str:
        u = httpx.URL(v) if v.startswith(("http://", "https://")) else None
        if u is None or not u.host:
            raise ValueError("geen geldige URL")
        return v

    @field_validator("aanmaakdatum")
    @classmethod
    def _moment(cls, v: str) -> str:
        try:
            datetime.fromisoformat(v.replace("Z", "+00:00"))
        except ValueError:
            raise ValueError("geen geldige datum-tijd (ISO 8601)") from None
        return v

    @field_validator("kenmerken")
    @classmethod
    def _kenmerken(cls, v: dict[str, str]) -> dict[str, str]:
        if any(len(w) > 1000 for w in v.values()):
            raise ValueError("een kenmerk is langer dan 1000 tekens")
        return v


_VELD = {"kanaal": "kanaal", "source": "source", "hoofdObject": "hoofdObject", "resource": "resource",
         "resourceUrl": "resourceUrl", "actie": "actie", "aanmaakdatum": "aanmaakdatum", "kenmerken": "kenmerken"}


def lees_notificatie(body: Any) -> tuple[Notificatie | None, list[dict[str, str]]]:
    """A callback body as a `Notificatie`, or its faults as invalidParams ({name, code, reason}, Dutch)."""
    if not isinstance(body, dict):
        return None, [{"name": "nonFieldErrors", "code": "invalid", "reason": "Verwacht een JSON-object."}]
    try:
        return Notificatie.model_validate(body), []
    except ValidationError as exc:
        fouten = []
        for e in exc.errors():
            naam = str(e["loc"][0]) if e["loc"] else "nonFieldErrors"
            if e["type"] == "missing":
                reden, code = "Dit veld is vereist.", "required"
            elif e["type"] == "value_error":
                reden, code = str((e.get("ctx") or {}).get("error") or e["msg"]).capitalize() + ".", "invalid"
            elif e["type"] == "string_too_long":
                reden, code = "Te lang.", "max_length"
            elif e["type"] == "string_too_short":
                reden, code = "Dit veld mag niet leeg zijn.", "blank"
            else:
                reden, code = "Ongeldige waarde.", "invalid"
            fouten.append({"name": _VELD.get(naam, naam), "code": code, "reason": reden})
        return None, fouten


# -- the abonnement werkpad needs ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Gevolgd:
    """One zaaktype version werkpad follows at one gemeente (its aanvraag-zaak)."""

    gemeente: str
    rsin: str
    zaaktype_url: str


def gewenste_kanalen(kanaal: str, gevolgd: Iterable[Gevolgd]) -> list[dict[str, Any]]:
    """One filter group per followed zaaktype version: Open Notificaties matches each group's filters on the
    notification's kenmerken (`bronorganisatie`, `zaaktype`: a version's URL, so a new version needs a group)."""
    groepen = {(g.rsin, g.zaaktype_url) for g in gevolgd}
    return [{"naam": kanaal, "filters": {"bronorganisatie": rsin, "zaaktype": url}} for rsin, url in sorted(groepen)]


def gewenst_abonnement(instellingen: NotificatiesSection, gevolgd: Iterable[Gevolgd]) -> dict[str, Any]:
    return {"callbackUrl": instellingen.callback_url, "auth": instellingen.auth_header,
            "kanalen": gewenste_kanalen(instellingen.kanaal, gevolgd)}


def _groepen(kanalen: Any) -> set[tuple[str, tuple[tuple[str, str], ...]]]:
    uit: set[tuple[str, tuple[tuple[str, str], ...]]] = set()
    for k in kanalen if isinstance(kanalen, list) else []:
        if isinstance(k, dict):
            filters = k.get("filters")
            filters = filters if isinstance(filters, dict) else {}
            uit.add((str(k.get("naam")), tuple(sorted((str(a), str(b)) for a, b in filters.items()))))
    return uit


def verschillen(bestaand: Mapping[str, Any], gewenst: Mapping[str, Any]) -> list[str]:
    """How an existing abonnement differs from the wanted one, one Dutch line each (empty: it matches). The
    token (`auth`) is writeOnly and is not compared."""
    regels = []
    if bestaand.get("callbackUrl") != gewenst["callbackUrl"]:
        regels.append(f"callback-URL is {bestaand.get('callbackUrl')}, moet {gewenst['callbackUrl']} zijn")
    heeft, wil = _groepen(bestaand.get("kanalen")), _groepen(gewenst["kanalen"])
    for naam, filters in sorted(wil - heeft):
        regels.append(f"filter ontbreekt op kanaal {naam}: {_toon(filters)}")
    for naam, filters in sorted(heeft - wil):
        regels.append(f"filter te veel op kanaal {naam}: {_toon(filters) or 'zonder filters (alles)'}")
    return regels


def _toon(filters: Sequence[tuple[str, str]]) -> str:
    return ", ".join(f"{k}={v}" for k, v in filters)


# -- the client ---------------------------------------------------------------------------------------------------
class NotificatiesClient:
    def __init__(self, instellingen: NotificatiesSection, gemeente: GemeenteSection,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.instellingen, self.gemeente = instellingen, gemeente
        self._http = httpx.Client(base_url=instellingen.api_url.rstrip("/"), timeout=instellingen.timeout_seconds,
                                  transport=transport)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> NotificatiesClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def pad(self, url: str) -> str:
        basis = self.instellingen.api_url.rstrip("/")
        return url[len(basis):] if url.startswith(basis) else url

    def _request(self, method: str, path: str, json: Any = None) -> Any:
        headers = {"Authorization": "Bearer " + make_token(self.gemeente.client_id,
                                                           self.gemeente.secret.get_secret_value()),
                   "Accept": "application/json"}
        if json is not None:
            headers["Content-Type"] = "application/json"
        waar = self.instellingen.api_url
        try:
            r = self._http.request(method, path, json=json, headers=headers)
        except httpx.TransportError as exc:
            raise GemeenteTransient(f"Notificaties-API niet bereikbaar op {waar} ({type(exc).__name__}).") from None
        if r.status_code >= 500 or r.status_code == 429:
            raise GemeenteTransient(f"Notificaties-API gaf {r.status_code} op {method} {path}; later opnieuw.")
        if r.status_code in (401, 403):
            raise GemeenteConfiguratie(f"De Notificaties-API op {waar} weigert werkpad ({r.status_code}): controleer "
                                       "client_id, geheim en de scope notificaties.consumeren.")
        if r.status_code == 404 and path.rstrip("/") == "/abonnement":  # the collection itself: a wrong base URL
            raise GemeenteConfiguratie(f"{waar}{path} bestaat niet (404): controleer WERKPAD_NOTIFICATIES__API_URL.")
        if r.status_code >= 400:
            try:
                body = r.json()
            except ValueError:
                body = None
            raise GemeenteRejected(f"Notificaties-API weigerde {method} {path} ({r.status_code}): "
                                   f"{reden_uit(body) or r.reason_phrase}", r.status_code, body,
                                   invalid_params=body.get("invalidParams") if isinstance(body, dict) else None)
        if r.status_code == 204:
            return None
        try:
            return r.json()
        except ValueError:
            raise GemeenteMalformed(f"Antwoord van de Notificaties-API op {method} {path} is geen JSON.") from None

    def abonnementen(self) -> list[dict[str, Any]]:
        data = self._request("GET", "/abonnement")
        if not isinstance(data, list) or not all(isinstance(a, dict) for a in data):
            raise GemeenteMalformed("Onverwacht antwoord van de Notificaties-API (abonnementen): geen lijst.")
        return data

    def mijn_abonnement(self) -> dict[str, Any] | None:
        """werkpad's abonnement: the one with its callback URL (None: none yet)."""
        eigen = [a for a in self.abonnementen() if a.get("callbackUrl") == self.instellingen.callback_url]
        return eigen[0] if eigen else None

    def maak(self, body: Mapping[str, Any]) -> dict[str, Any]:
        data = self._request("POST", "/abonnement", json=dict(body))
        if not isinstance(data, dict) or not isinstance(data.get("url"), str):
            raise GemeenteMalformed("Onverwacht antwoord van de Notificaties-API (abonnement zonder url).")
        return data

    def vervang(self, url: str, body: Mapping[str, Any]) -> dict[str, Any]:
        data = self._request("PUT", self.pad(url), json=dict(body))
        if not isinstance(data, dict):
            raise GemeenteMalformed("Onverwacht antwoord van de Notificaties-API (abonnement).")
        return data

    def verwijder(self, url: str) -> None:
        self._request("DELETE", self.pad(url))


@dataclass
class Abonneren:
    """What `abonneer` did: made | replaced | unchanged, with the abonnement's URL and what was wrong before."""

    gedaan: str
    url: str
    verschillen: list[str]


def abonneer(client: NotificatiesClient, gewenst: Mapping[str, Any]) -> Abonneren:
    """Make werkpad's abonnement if missing, replace it if it differs, else change nothing (idempotent)."""
    bestaand = client.mijn_abonnement()
    if bestaand is None:
        return Abonneren("gemaakt", str(client.maak(gewenst)["url"]), [])
    fouten = verschillen(bestaand, gewenst)
    if not fouten:
        return Abonneren("ongewijzigd", str(bestaand.get("url")), [])
    client.vervang(str(bestaand["url"]), gewenst)
    return Abonneren("vervangen", str(bestaand.get("url")), fouten)


def gevolgde_zaaktypen(zaaktype_urls: Mapping[tuple[str, str], Sequence[str]]) -> list[Gevolgd]:
    """{(gemeente, rsin): [zaaktype version URLs]} -> the followed list."""
    return [Gevolgd(g, rsin, url) for (g, rsin), urls in zaaktype_urls.items() for url in urls]
