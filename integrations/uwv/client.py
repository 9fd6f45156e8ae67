"""The HTTP implementation of the indicatie channel (our modelled contract, see contract.py).

One call per method and no retry loop here: retries belong to the task (tasks/retry.py, on
transient errors only), which passes the outbox row's key as `Idempotency-Key` every time, so
a retry after a lost answer finds UWV's aanvraag instead of filing a second one.
"""

from __future__ import annotations

import json
import ssl
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from domain.bsn import maskeer_bsns
from integrations.uwv.contract import VORM, Aanvraag, AanvraagStatus, Ontvangstbewijs
from integrations.uwv.errors import UwvMalformed, UwvOnleesbaar, UwvRejected, UwvTransient
from integrations.uwv.kanaal import Ingediend, Status
from integrations.uwv.settings import UwvSettings

M = TypeVar("M", bound=BaseModel)
AANVRAGEN = "/api/v1/indicatieaanvragen"
MAX_KEY_LENGTH = 255


def _verify(settings: UwvSettings) -> ssl.SSLContext | bool:
    """TLS for https: the CA that signed UWV's certificate and, for mTLS, our own certificate."""
    if settings.ca_bundle is None and settings.client_cert is None:
        return True
    ctx = ssl.create_default_context(cafile=str(settings.ca_bundle) if settings.ca_bundle else None)
    if settings.client_cert is not None and settings.client_key is not None:
        ctx.load_cert_chain(str(settings.client_cert), str(settings.client_key))
    return ctx


class UwvHttpKanaal:
    def __init__(self, settings: UwvSettings, transport: httpx.BaseTransport | None = None) -> None:
        self.settings = settings
        self._http = httpx.Client(base_url=settings.api_url, timeout=settings.timeout_seconds, transport=transport,
                                  verify=_verify(settings))

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> UwvHttpKanaal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the channel ----------------------------------------------------------------------
    def dien_in(self, aanvraag: Aanvraag, idempotency_key: str) -> Ingediend:
        key = idempotency_key.strip()
        if not key or len(key) > MAX_KEY_LENGTH or not key.isascii() or not key.isprintable():
            raise ValueError("Idempotency-Key moet 1 tot 255 afdrukbare ASCII-tekens zijn.")
        data = self._request("POST", AANVRAGEN, json=aanvraag.model_dump(mode="json"),
                             headers={"Idempotency-Key": key})
        bewijs = self._parse(Ontvangstbewijs, data, "ontvangstbewijs")
        if bewijs.soort != aanvraag.soort or bewijs.zaakreferentie != aanvraag.zaakreferentie:
            # Another aanvraag's receipt (a mixed-up key at UWV): do not file it under this one.
            raise UwvMalformed("Het ontvangstbewijs van UWV hoort niet bij deze aanvraag (soort of referentie wijkt af).")
        return Ingediend(uwv_id=bewijs.id, ingediend_op=bewijs.ingediend_op, ontvangen_op=bewijs.ontvangen_op)

    def status(self, uwv_id: str) -> Status:
        if not uwv_id or "/" in uwv_id:
            raise ValueError("Ongeldig UWV-kenmerk.")
        data = self._request("GET", f"{AANVRAGEN}/{uwv_id}")
        st = self._parse(AanvraagStatus, data, "status")
        if st.id != uwv_id:
            raise UwvMalformed("De status van UWV hoort bij een ander kenmerk dan gevraagd.")
        if st.beslissing is not None:
            if st.beslissing.vorm != VORM[st.soort]:
                raise UwvMalformed(f"UWV meldt een {st.beslissing.vorm} bij een aanvraag {st.soort}; "
                                   f"verwacht: {VORM[st.soort]}.")
            if st.ontvangen_op is None or st.beslissing.datum < st.ontvangen_op:
                raise UwvMalformed("UWV meldt een beslissing zonder of vóór de ontvangstbevestiging.")
        return Status(uwv_id=st.id, soort=st.soort, ontvangen_op=st.ontvangen_op, beslissing=st.beslissing)

    # -- plumbing -------------------------------------------------------------------------
    def _request(self, method: str, path: str, *, json: Any = None, headers: dict[str, str] | None = None) -> Any:
        h = {"Authorization": "Bearer " + self.settings.token.get_secret_value(), "Accept": "application/json",
             **(headers or {})}
        try:
            r = self._http.request(method, path, json=json, headers=h)
        except httpx.TimeoutException:
            raise UwvTransient(f"UWV antwoordde niet binnen {self.settings.timeout_seconds:g} s op {method} {path}; "
                               f"later opnieuw met dezelfde Idempotency-Key.") from None
        except httpx.TransportError as exc:
            if _tls_fault(exc):  # transient too: a certificate rotated at either end is fixed without us
                raise UwvTransient(f"TLS-verbinding met UWV op {self.settings.api_url} mislukt; controleer certificaat, "
                                   f"sleutel en CA (WERKPAD_UWV__CLIENT_CERT, __CLIENT_KEY, __CA_BUNDLE).") from None
            raise UwvTransient(f"UWV niet bereikbaar op {self.settings.api_url} ({type(exc).__name__}).") from None
        if r.status_code >= 500 or r.status_code == 429:
            raise UwvTransient(f"UWV gaf {r.status_code} op {method} {path}; later opnieuw.")
        if r.status_code >= 400:
            body: Any
            try:
                body = r.json()
                detail = (body.get("detail") or body.get("title")) if isinstance(body, dict) else None
            except ValueError:
                body, detail = None, None
            # UWV's own words (Dutch), but never a BSN, even if UWV were to echo one.
            detail = maskeer_bsns(str(detail or r.reason_phrase))[:500]
            raise UwvRejected(f"UWV weigerde {method} {path} ({r.status_code}): {detail}", r.status_code,
                              body if isinstance(body, dict) and not _has_bsn(body) else None)
        if r.status_code not in (200, 201):
            raise UwvOnleesbaar(f"Onverwachte statuscode {r.status_code} van UWV op {method} {path}.")
        try:
            return r.json()
        except ValueError:
            raise UwvOnleesbaar(f"Antwoord van UWV op {method} {path} is geen JSON.") from None

    @staticmethod
    def _parse(model: type[M], data: Any, what: str) -> M:
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            raise UwvMalformed(f"Onverwacht antwoord van UWV ({what}): {exc.error_count()} fout(en).") from None


def _tls_fault(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    for _ in range(10):  # httpx wraps httpcore's error, which wraps the ssl module's
        if seen is None:
            return False
        if isinstance(seen, ssl.SSLError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _has_bsn(body: dict[str, Any]) -> bool:
    text = json.dumps(body, ensure_ascii=False)
    return maskeer_bsns(text) != text
