"""The session contract of werkpad web: who is logged in. Every login mode (magic link, one-time code, OIDC in
werkpad/web/oidc.py) ends in `meld_aan`; every page asks `wie`. The session itself is Starlette's signed cookie
(SessionMiddleware, itsdangerous), SameSite=Lax, https-only when the site's address is https; the identity in it
expires after the setting `web.sessie_minuten`."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import Any

SESSIE_SECONDEN_STANDAARD = 480 * 60


@dataclass(frozen=True)
class Identiteit:
    email: str
    naam: str
    rollen: frozenset[str]
    bron: str  # "magic-link" | "oidc" | "code"


def _seconden(request: Any) -> int:
    return int(getattr(request.app.state, "sessie_seconden", SESSIE_SECONDEN_STANDAARD))


def meld_aan(request: Any, identiteit: Identiteit, *, alleen_taak: int | None = None) -> None:
    """Log in: a new session (nothing of the one before carries over but where to go next), the identity with its
    expiry and a fresh CSRF token. `alleen_taak`: a gemeente login by code sees that task's page only."""
    volgende = request.session.get("volgende")
    request.session.clear()
    request.session.update({
        "wie": {"email": identiteit.email.strip().lower(), "naam": identiteit.naam,
                "rollen": sorted(identiteit.rollen), "bron": identiteit.bron},
        "tot": int(time.time()) + _seconden(request), "csrf": secrets.token_urlsafe(24),
        "sid": secrets.token_urlsafe(12)})
    if alleen_taak is not None:
        request.session["alleen_taak"] = int(alleen_taak)
    if volgende:
        request.session["volgende"] = volgende


def wie(request: Any) -> Identiteit | None:
    """The logged-in identity, or None (never logged in, or the session expired: then it is cleared)."""
    d = request.session.get("wie")
    if not isinstance(d, dict):
        return None
    if int(request.session.get("tot", 0)) < time.time():
        request.session.clear()
        return None
    return Identiteit(email=str(d["email"]), naam=str(d.get("naam") or d["email"]),
                      rollen=frozenset(d.get("rollen") or ()), bron=str(d.get("bron") or ""))


def meld_af(request: Any) -> None:
    request.session.clear()


def csrf_token(request: Any) -> str:
    """The session's CSRF token (made on first use, also before login: the login form has one)."""
    t = request.session.get("csrf")
    if not t:
        t = request.session["csrf"] = secrets.token_urlsafe(24)
    return str(t)


def csrf_klopt(request: Any, gegeven: str | None) -> bool:
    t = request.session.get("csrf")
    return bool(t and gegeven and secrets.compare_digest(str(t), str(gegeven)))
