"""ZGW JWT (HS256): the client signs a fresh token per call; the server checks age and signature."""

from __future__ import annotations

import time

import jwt

MAX_AGE_SECONDS = 3600  # Open Zaak's JWT_EXPIRY default


def make_token(client_id: str, secret: str, user_id: str = "werkpad", user_representation: str = "werkpad",
               now: float | None = None) -> str:
    iat = int(now if now is not None else time.time())
    payload = {"iss": client_id, "iat": iat, "client_id": client_id, "user_id": user_id,
               "user_representation": user_representation}
    return jwt.encode(payload, secret, algorithm="HS256")


class TokenRefused(Exception):
    pass


def check_token(header: str | None, secrets: dict[str, str], now: float | None = None, leeway: int = 0) -> str:
    """Return the client_id of a valid `Authorization: Bearer` header, else raise TokenRefused."""
    if not header or not header.startswith("Bearer "):
        raise TokenRefused("Authenticatiegegevens zijn niet opgegeven.")
    token = header.removeprefix("Bearer ").strip()
    try:
        unverified = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        raise TokenRefused("Token is geen geldige JWT.") from None
    client_id = unverified.get("client_id") or unverified.get("iss")
    if client_id not in secrets:
        raise TokenRefused("Onbekende client_id.")
    try:
        claims = jwt.decode(token, secrets[client_id], algorithms=["HS256"], options={"require": ["iat"]})
    except jwt.InvalidSignatureError:
        raise TokenRefused("Token geweigerd: de handtekening klopt niet (ander geheim?).") from None
    except jwt.PyJWTError:
        raise TokenRefused("Token geweigerd: geen geldig token.") from None
    t = now if now is not None else time.time()
    iat = int(claims["iat"])
    if iat > t + leeway:
        raise TokenRefused("Token is uitgegeven in de toekomst (iat).")
    if t - iat > MAX_AGE_SECONDS + leeway:
        raise TokenRefused("Token is verlopen (iat ouder dan 3600 seconden).")
    return str(client_id)
