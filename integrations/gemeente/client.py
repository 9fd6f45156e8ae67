"""httpx client for the gemeente: ZGW Zaken, Catalogi and Besluiten APIs plus the
uitkeringsadministratie (uitkeringsstatus, verlagingen).

Every ZGW write is preceded by a lookup on our own stable keys (zaak.identificatie = traject
reference; one status per statustype; one rol per roltype; a besluit by its identificatie), so a
retry after a crash finds what was already created instead of creating it twice: ZGW has no
idempotency header. The uitkeringsadministratie's verlagingen do (our modelled contract,
docs/integratie-gemeente-uitkering.md): the caller's Idempotency-Key, the same on every retry.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from domain.bsn import maskeer_bsns
from integrations.gemeente.auth import make_token
from integrations.gemeente.errors import GemeenteMalformed, GemeenteRejected, GemeenteTransient
from integrations.gemeente.models import (
    BesluitType,
    ResultaatType,
    RolType,
    StatusType,
    Uitkeringsstatus,
    Verlaging,
    ZaakRef,
    ZaakType,
)
from integrations.gemeente.settings import GemeenteSection

M = TypeVar("M", bound=BaseModel)
ZAKEN = "/zaken/api/v1"
CATALOGI = "/catalogi/api/v1"
UITKERINGEN = "/uitkeringen/api/v1"
BESLUITEN = "/besluiten/api/v1"
VERLAGINGEN = "/uitkering/api/v1/verlagingen"


class GemeenteClient:
    def __init__(self, settings: GemeenteSection, transport: httpx.BaseTransport | None = None,
                 user_id: str = "werkpad") -> None:
        self.settings = settings
        self.user_id = user_id
        self._http = httpx.Client(base_url=settings.api_url, timeout=settings.timeout_seconds, transport=transport)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> GemeenteClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- plumbing -------------------------------------------------------------------------
    def _headers(self, write: bool = False) -> dict[str, str]:
        token = make_token(self.settings.client_id, self.settings.secret.get_secret_value(), self.user_id)
        h = {"Authorization": "Bearer " + token, "Accept": "application/json"}
        if write:
            h["Content-Type"] = "application/json"
        return h

    def _request(self, method: str, path: str, *, params: dict[str, Any] | None = None,
                 json: Any = None, extra_headers: dict[str, str] | None = None) -> Any:
        headers = self._headers(write=json is not None)
        headers.update(extra_headers or {})
        try:
            r = self._http.request(method, path, params=params, json=json, headers=headers)
        except httpx.TransportError as exc:
            raise GemeenteTransient(
                f"Gemeente-API niet bereikbaar op {self.settings.api_url} ({type(exc).__name__})."
            ) from None
        if r.status_code >= 500 or r.status_code == 429:
            raise GemeenteTransient(f"Gemeente-API gaf {r.status_code} op {method} {path}; later opnieuw.")
        if r.status_code >= 400:
            body: Any
            try:
                body = r.json()
                detail = (body.get("detail") if isinstance(body, dict) else None) or \
                    (body.get("title") if isinstance(body, dict) else None) or r.reason_phrase
            except ValueError:
                body, detail = r.text[:500], r.reason_phrase
            # The gemeente's words are passed on, but never a BSN (should one ever be quoted back).
            if maskeer_bsns(str(body)) != str(body):
                body = None
            raise GemeenteRejected(f"Gemeente weigerde {method} {path} ({r.status_code}): {maskeer_bsns(str(detail))}",
                                   r.status_code, body)
        try:
            return r.json()
        except ValueError:
            raise GemeenteMalformed(f"Antwoord op {method} {path} is geen JSON.") from None

    @staticmethod
    def _parse(model: type[M], data: Any, what: str) -> M:
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            raise GemeenteMalformed(f"Onverwacht antwoord van de gemeente ({what}): {exc.error_count()} fout(en).") \
                from None

    def _list(self, model: type[M], path: str, params: dict[str, Any], what: str) -> list[M]:
        data = self._request("GET", path, params=params)
        if not isinstance(data, dict) or not isinstance(data.get("results"), list):
            raise GemeenteMalformed(f"Onverwacht antwoord van de gemeente ({what}): geen gepagineerde lijst.")
        return [self._parse(model, item, what) for item in data["results"]]

    # -- catalogi -------------------------------------------------------------------------
    def zaaktype(self, identificatie: str) -> ZaakType:
        found = self._list(ZaakType, f"{CATALOGI}/zaaktypen", {"identificatie": identificatie}, "zaaktypen")
        if not found:
            raise GemeenteRejected(f"Zaaktype '{identificatie}' bestaat niet in de catalogus van de gemeente.", 404)
        return found[0]

    # The published Catalogi spec types the `zaaktype` query filter as integer (while it is a
    # URL), so a conforming client filters on `zaaktypeIdentificatie` and checks the URL itself.
    def statustypen(self, zaaktype: ZaakType) -> list[StatusType]:
        found = self._list(StatusType, f"{CATALOGI}/statustypen", {"zaaktypeIdentificatie": zaaktype.identificatie},
                           "statustypen")
        return sorted((s for s in found if s.zaaktype == zaaktype.url), key=lambda s: s.volgnummer)

    def roltypen(self, zaaktype: ZaakType) -> list[RolType]:
        found = self._list(RolType, f"{CATALOGI}/roltypen", {"zaaktypeIdentificatie": zaaktype.identificatie},
                           "roltypen")
        return [r for r in found if r.zaaktype == zaaktype.url]

    def resultaattypen(self, zaaktype: ZaakType) -> list[ResultaatType]:
        found = self._list(ResultaatType, f"{CATALOGI}/resultaattypen",
                           {"zaaktypeIdentificatie": zaaktype.identificatie}, "resultaattypen")
        return [r for r in found if r.zaaktype == zaaktype.url]

    def besluittypen(self, zaaktype: ZaakType) -> list[BesluitType]:
        found = self._list(BesluitType, f"{CATALOGI}/besluittypen", {"zaaktypen": zaaktype.url}, "besluittypen")
        return [t for t in found if zaaktype.url in t.zaaktypen]

    # -- besluiten (ZGW Besluiten API) ------------------------------------------------------
    def maak_besluit(self, *, verantwoordelijke_organisatie: str, identificatie: str, besluittype_url: str,
                     zaak_url: str, datum: date, toelichting: str = "", uiterlijke_reactiedatum: date | None = None,
                     bestuursorgaan: str = "college van burgemeester en wethouders",
                     verzenddatum: date | None = None, ingangsdatum: date | None = None,
                     vervaldatum: date | None = None) -> str:
        """One besluit per identificatie (our own key): looked up first, so a retry finds it (the
        first one's fields stand). `datum` is the beslisdatum (not in the future, Awb);
        `ingangsdatum` defaults to it; `vervaldatum` ends the werkingsperiode (e.g. the last day of a
        verlaging); `verzenddatum` is when the beschikking goes out (bekendmaking, Awb 3:41)."""
        bestaand = self._request("GET", f"{BESLUITEN}/besluiten", params={
            "identificatie": identificatie, "verantwoordelijkeOrganisatie": verantwoordelijke_organisatie})
        if not isinstance(bestaand, dict) or not isinstance(bestaand.get("results"), list):
            raise GemeenteMalformed("Onverwacht antwoord van de gemeente (besluiten): geen gepagineerde lijst.")
        if bestaand["results"]:
            return str(bestaand["results"][0]["url"])
        body = {"identificatie": identificatie[:50], "verantwoordelijkeOrganisatie": verantwoordelijke_organisatie,
                "besluittype": besluittype_url, "zaak": zaak_url, "datum": datum.isoformat(),
                "ingangsdatum": (ingangsdatum or datum).isoformat(), "toelichting": toelichting[:1000],
                "bestuursorgaan": bestuursorgaan[:50]}
        for veld, waarde in (("uiterlijkeReactiedatum", uiterlijke_reactiedatum), ("verzenddatum", verzenddatum),
                             ("vervaldatum", vervaldatum)):
            if waarde is not None:
                body[veld] = waarde.isoformat()
        created = self._request("POST", f"{BESLUITEN}/besluiten", json=body)
        if not isinstance(created, dict) or "url" not in created:
            raise GemeenteMalformed("Onverwacht antwoord van de gemeente (besluit).")
        return str(created["url"])

    # -- zaken ----------------------------------------------------------------------------
    def zoek_zaak(self, *, bronorganisatie: str, identificatie: str) -> ZaakRef | None:
        found = self._list(ZaakRef, f"{ZAKEN}/zaken",
                           {"bronorganisatie": bronorganisatie, "identificatie": identificatie}, "zaken")
        return found[0] if found else None

    def maak_zaak(self, *, bronorganisatie: str, identificatie: str, zaaktype_url: str, startdatum: date,
                  omschrijving: str) -> ZaakRef:
        bestaand = self.zoek_zaak(bronorganisatie=bronorganisatie, identificatie=identificatie)
        if bestaand is not None:
            return bestaand
        body = {"identificatie": identificatie, "bronorganisatie": bronorganisatie, "zaaktype": zaaktype_url,
                "verantwoordelijkeOrganisatie": bronorganisatie, "startdatum": startdatum.isoformat(),
                "omschrijving": omschrijving[:80], "vertrouwelijkheidaanduiding": "vertrouwelijk"}
        data = self._request("POST", f"{ZAKEN}/zaken", json=body, extra_headers={"Content-Crs": "EPSG:4326"})
        return self._parse(ZaakRef, data, "zaak")

    # The published Zaken spec types the `zaak` filter of /statussen and /rollen as integer,
    # so existence checks read the zaak itself (its current status and its rollen).
    def _get_url(self, url: str, what: str) -> dict[str, Any]:
        path = url.removeprefix(self.settings.api_url.rstrip("/"))
        data = self._request("GET", path)
        if not isinstance(data, dict):
            raise GemeenteMalformed(f"Onverwacht antwoord van de gemeente ({what}).")
        return data

    def zet_status(self, *, zaak_url: str, statustype_url: str, gezet_op: datetime, toelichting: str = "") -> str:
        zaak = self._get_url(zaak_url, "zaak")
        huidige = zaak.get("status")
        if huidige and self._get_url(huidige, "status").get("statustype") == statustype_url:
            return str(huidige)
        if gezet_op.tzinfo is None:  # RFC 3339 needs an offset; naive means UTC here
            gezet_op = gezet_op.replace(tzinfo=UTC)
        body = {"zaak": zaak_url, "statustype": statustype_url, "datumStatusGezet": gezet_op.isoformat(),
                "statustoelichting": toelichting[:1000]}
        created = self._request("POST", f"{ZAKEN}/statussen", json=body)
        if not isinstance(created, dict) or "url" not in created:
            raise GemeenteMalformed("Onverwacht antwoord van de gemeente (status).")
        return str(created["url"])

    def zet_resultaat(self, *, zaak_url: str, resultaattype_url: str, toelichting: str = "") -> str:
        """The zaak's one resultaat. Looked up on the zaak first: the same resultaat again is found,
        not created twice; a different one already there is refused (ZGW allows one per zaak)."""
        zaak = self._get_url(zaak_url, "zaak")
        huidig = zaak.get("resultaat")
        if huidig:
            if self._get_url(huidig, "resultaat").get("resultaattype") == resultaattype_url:
                return str(huidig)
            raise GemeenteRejected("De zaak heeft al een ander resultaat; de gemeente staat er één per zaak toe.", 400)
        body = {"zaak": zaak_url, "resultaattype": resultaattype_url, "toelichting": toelichting[:1000]}
        created = self._request("POST", f"{ZAKEN}/resultaten", json=body)
        if not isinstance(created, dict) or "url" not in created:
            raise GemeenteMalformed("Onverwacht antwoord van de gemeente (resultaat).")
        return str(created["url"])

    def voeg_rol_toe(self, *, zaak_url: str, roltype_url: str, betrokkene_type: str,
                     identificatie: dict[str, Any], toelichting: str = "") -> str:
        zaak = self._get_url(zaak_url, "zaak")
        for rol_url in zaak.get("rollen") or []:
            if self._get_url(rol_url, "rol").get("roltype") == roltype_url:
                return str(rol_url)
        body = {"zaak": zaak_url, "betrokkeneType": betrokkene_type, "roltype": roltype_url,
                "roltoelichting": toelichting, "betrokkeneIdentificatie": identificatie}
        created = self._request("POST", f"{ZAKEN}/rollen", json=body)
        if not isinstance(created, dict) or "url" not in created:
            raise GemeenteMalformed("Onverwacht antwoord van de gemeente (rol).")
        return str(created["url"])

    # -- uitkering ------------------------------------------------------------------------
    def uitkeringsstatus(self, zaak_url: str) -> Uitkeringsstatus:
        data = self._request("GET", f"{UITKERINGEN}/uitkeringsaanvragen", params={"zaak": zaak_url})
        st = self._parse(Uitkeringsstatus, data, "uitkeringsstatus")
        if st.status not in {"in_behandeling", "toegekend", "afgewezen"}:
            raise GemeenteMalformed(f"Onbekende uitkeringsstatus '{st.status}' van de gemeente.")
        return st

    # -- verlagingen (the uitkeringsadministratie; our own modelled contract) ----------------
    def meld_verlaging(self, *, idempotency_key: str, zaak_url: str, bsn: str, besluit: str, soort: str,
                       maanden: Sequence[Mapping[str, Any]]) -> str:
        """Tell the uitkeringsadministratie to apply (opleggen), correct (herzien: the full corrected
        list) or withdraw (intrekken: no maanden) the verlaging of `besluit` (its identificatie).
        Exactly once per `idempotency_key`: a retry with the same key and body gets the same
        resource back. Returns the verlaging's URL. maanden: [{"maand": "2027-01", "percentage": 20}]."""
        body = {"zaak": zaak_url, "bsn": bsn, "besluit": besluit, "soort": soort,
                "maanden": [{"maand": m["maand"], "percentage": m["percentage"]} for m in maanden]}
        data = self._request("POST", VERLAGINGEN, json=body, extra_headers={"Idempotency-Key": idempotency_key})
        v = self._parse(Verlaging, data, "verlaging")
        if v.zaak != zaak_url or v.besluit != besluit or v.soort != soort:
            raise GemeenteMalformed("Onverwacht antwoord van de gemeente (verlaging): een andere verlaging dan "
                                    "gemeld.")
        return v.url

    def verlagingen(self, zaak_url: str) -> list[Verlaging]:
        """The verlagingen the uitkeringsadministratie holds for this zaak, oldest first."""
        return self._list(Verlaging, VERLAGINGEN, {"zaak": zaak_url}, "verlagingen")
