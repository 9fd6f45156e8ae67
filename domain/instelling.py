"""Building blocks of a process's own settings section (domain/processen.py `instellingen`): an e-mail address
checked with the one address rule. The settings name the variable (`WERKPAD_<SECTIE>__<VELD>`) in front of the
reason (tasks/settings.py `beschrijf`), so a section need not know its own name."""

from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import AfterValidator, BaseModel, ConfigDict

from domain.errors import DomainError
from domain.invoer import controleer_email


def _adres(v: str) -> str:
    try:
        return controleer_email(v, "het adres")
    except DomainError as exc:
        raise ValueError(str(exc)) from None


Emailadres = Annotated[str, AfterValidator(_adres)]


class Sectie(BaseModel):
    """A process's settings section: unknown keys are refused (a misspelt name never silently keeps a default).

    `OUDE_NAMEN` maps a variable the section was read from before it had a section to its field; set, it still
    counts (the new name wins when both are set)."""

    model_config = ConfigDict(extra="forbid")
    OUDE_NAMEN: ClassVar[dict[str, str]] = {}


MIN_API_WACHTWOORD = 16  # the Prefect API's basic-auth password outside ontwikkeling


def api_auth_fout(auth: str) -> str | None:
    """Why this basic-auth string is no real lock ('gebruiker:wachtwoord', a password of MIN_API_WACHTWOORD or
    more), or None."""
    gebruiker, dubbele_punt, wachtwoord = auth.partition(":")
    if not dubbele_punt or not gebruiker.strip() or len(wachtwoord) < MIN_API_WACHTWOORD:
        return f"moet 'gebruiker:wachtwoord' zijn, met een wachtwoord van minstens {MIN_API_WACHTWOORD} tekens"
    return None


def oidc_fout(issuer: str | None, client_secret: str | None, ontwikkeling: bool) -> tuple[str, str] | None:
    """Why the OpenID Connect login may not start outside ontwikkeling, as (field, reason): an issuer without a
    client secret, or an issuer on plain http. None when it may; without an issuer there is no OIDC login."""
    if not issuer or ontwikkeling:
        return None
    if not (client_secret or "").strip():
        return "client_secret", "ontbreekt; zodra een issuer is gezet meldt werkpad zich met dat geheim bij de " \
            "identiteitsprovider"
    if not issuer.startswith("https://"):
        return "issuer", "moet een https-adres zijn"
    return None


MIN_NOTIFICATIE_TOKEN = 16  # the token the gemeente's Notificaties API sends to werkpad's callback, outside ontwikkeling


def notificatie_token_fout(token: str) -> str | None:
    """Why this callback token is no real lock (fewer than MIN_NOTIFICATIE_TOKEN characters, or blank), or None."""
    if len(token.strip()) < MIN_NOTIFICATIE_TOKEN:
        return f"moet een token van minstens {MIN_NOTIFICATIE_TOKEN} tekens zijn"
    return None


MIN_WEB_GEHEIM = 32  # characters of werkpad web's signing secret (sessions and task links) outside ontwikkeling


def web_geheim_fout(geheim: str | None, ontwikkeling: bool) -> str | None:
    """Why werkpad web cannot start with this signing secret, or None. In ontwikkeling an unset secret is made once
    in the data folder; elsewhere it must be set, and long enough that nobody can guess a link or a session."""
    if geheim is None or not geheim.strip():
        return None if ontwikkeling else "ontbreekt; werkpad web ondertekent er sessies en taaklinks mee"
    if not ontwikkeling and len(geheim) < MIN_WEB_GEHEIM:
        return f"moet minstens {MIN_WEB_GEHEIM} tekens zijn"
    return None
