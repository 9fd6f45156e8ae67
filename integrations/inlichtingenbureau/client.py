"""Client for the Inlichtingenbureau: submits the DKD re-integratiebericht (praktijkroute).

Exactly once through an Idempotency-Key: the caller derives it from its own stable data
(bericht.idempotentiesleutel) and sends it again on every retry; the IB answers a repeat with
the first receipt. So a transient fault (timeout, 5xx) is always safe to retry.
"""

from __future__ import annotations

import logging
import ssl
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx

from domain.bsn import maskeer_bsns
from integrations.inlichtingenbureau.bericht import OngeldigBericht, Reintegratiebericht, fouten
from integrations.inlichtingenbureau.errors import IBMalformed, IBRejected, IBTransient
from integrations.inlichtingenbureau.settings import InlichtingenbureauSettings

log = logging.getLogger(__name__)
PAD = "/api/v1/reintegratieberichten"


@dataclass(frozen=True)
class Ontvangstbevestiging:
    bericht_id: str
    ontvangen_op: datetime
    herhaald: bool  # True: the IB already had this bericht under this key (a retry)


class InlichtingenbureauClient:
    def __init__(self, settings: InlichtingenbureauSettings, transport: httpx.BaseTransport | None = None) -> None:
        self.settings = settings
        auth = None
        if settings.user is not None:
            auth = httpx.BasicAuth(settings.user, settings.password.get_secret_value() if settings.password else "")
        verify: ssl.SSLContext | bool = True
        if settings.ca_file is not None or settings.cert_file is not None:
            verify = ssl.create_default_context(cafile=str(settings.ca_file) if settings.ca_file else None)
            if settings.cert_file is not None and settings.key_file is not None:
                verify.load_cert_chain(str(settings.cert_file), str(settings.key_file))
        self._http = httpx.Client(base_url=settings.url.rstrip("/"), timeout=settings.timeout_seconds, auth=auth,
                                  verify=verify, transport=transport)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> InlichtingenbureauClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def verstuur(self, bericht: Reintegratiebericht, idempotency_key: str) -> Ontvangstbevestiging:
        """Submit the bericht; raises OngeldigBericht (never sent) when a field breaks the rules,
        IBTransient / IBRejected / IBMalformed for the partner's faults."""
        body = bericht.body()
        problemen = fouten(body, self.settings.specs_dir)
        if problemen:
            raise OngeldigBericht("Re-integratiebericht ongeldig: " + "; ".join(
                f"{p['name']}: {p['reason']}" for p in problemen))
        headers = {"Idempotency-Key": idempotency_key, "Accept": "application/json"}
        try:
            r = self._http.post(PAD, json=body, headers=headers)
        except httpx.TimeoutException:
            raise IBTransient(f"Inlichtingenbureau antwoordde niet binnen {self.settings.timeout_seconds:g} s; "
                              "opnieuw met dezelfde sleutel.") from None
        except httpx.TransportError as exc:
            raise IBTransient(f"Inlichtingenbureau niet bereikbaar ({type(exc).__name__}); later opnieuw.") from None
        log.info("Re-integratiebericht naar het Inlichtingenbureau: HTTP %s", r.status_code)
        if r.status_code >= 500 or r.status_code == 429:
            raise IBTransient(f"Inlichtingenbureau gaf {r.status_code}; opnieuw met dezelfde sleutel.")
        if r.status_code >= 400:
            detail, data = self._problem(r)
            raise IBRejected(f"Inlichtingenbureau weigerde het re-integratiebericht ({r.status_code}): {detail}",
                             r.status_code, data)
        try:
            data = r.json()
            return Ontvangstbevestiging(bericht_id=str(data["berichtId"]),
                                        ontvangen_op=datetime.fromisoformat(data["ontvangenOp"]),
                                        herhaald=r.status_code == 200)
        except (ValueError, KeyError, TypeError):
            raise IBMalformed("Onverwacht antwoord van het Inlichtingenbureau: geen ontvangstbevestiging.") from None

    @staticmethod
    def _problem(r: httpx.Response) -> tuple[str, Any]:
        try:
            data = r.json()
        except ValueError:
            return r.reason_phrase, None
        if not isinstance(data, dict):
            return r.reason_phrase, None
        detail = maskeer_bsns(str(data.get("detail") or data.get("title") or r.reason_phrase))
        params = data.get("invalidParams") or []
        if params:
            detail += " (" + "; ".join(maskeer_bsns(f"{p.get('name')}: {p.get('reason')}") for p in params
                                       if isinstance(p, dict)) + ")"
        return detail, {"detail": detail}
