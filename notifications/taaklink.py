"""The signed link to a task's page in werkpad web, put in every task mail (tasks/sweep.py) and verified by the
site (werkpad/web): a token that names the taak, a keyed hash of the addressee's e-mail address and a random
nonce, signed and dated with itsdangerous. Never a BSN or a name: a mail may be forwarded, and the link is in
the URL (the site sends Referrer-Policy: no-referrer). The nonce is what the site marks used when the action the
link grants was done (single use); the expiry is the site's `link_dagen`."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

ZOUT = "werkpad-taaklink"
GEHEIM_BESTAND = "web-geheim"


class OngeldigeLink(Exception):
    """Tampered, or made with another secret."""


class VerlopenLink(Exception):
    """Signed by werkpad, but older than the link's lifetime."""


@dataclass(frozen=True)
class TaakLink:
    taak_id: int
    geadresseerde: str  # kenmerk(email): a keyed hash, not the address
    nonce: str


def kenmerk(geheim: str, email: str) -> str:
    """A keyed hash of an address: the link names its addressee without carrying the address."""
    return hmac.new(geheim.encode(), email.strip().lower().encode(), hashlib.sha256).hexdigest()[:32]


def _serializer(geheim: str, op: datetime | None = None) -> URLSafeTimedSerializer:
    if op is None:
        return URLSafeTimedSerializer(geheim, salt=ZOUT)
    moment = int(op.timestamp())

    class Gedateerd(TimestampSigner):  # a token dated at `op` (the injected clock of tests and the demo)
        def get_timestamp(self) -> int:
            return moment

    return URLSafeTimedSerializer(geheim, salt=ZOUT, signer=Gedateerd)


def maak(geheim: str, *, taak_id: int, email: str, nonce: str | None = None, op: datetime | None = None) -> str:
    return _serializer(geheim, op).dumps({"t": int(taak_id), "a": kenmerk(geheim, email),
                                          "n": nonce or secrets.token_urlsafe(12)})


def lees(geheim: str, token: str, *, max_dagen: int) -> TaakLink:
    try:
        d = _serializer(geheim).loads(token, max_age=max_dagen * 86400)
    except SignatureExpired:
        raise VerlopenLink() from None
    except BadSignature:
        raise OngeldigeLink() from None
    if not isinstance(d, dict) or not isinstance(d.get("t"), int) or not isinstance(d.get("a"), str) \
            or not isinstance(d.get("n"), str):
        raise OngeldigeLink()
    return TaakLink(d["t"], d["a"], d["n"])


def url(basis_url: str, geheim: str, *, taak_id: int, email: str) -> str:
    """The task page's address with a fresh token for this addressee."""
    return f"{basis_url.rstrip('/')}/taak/{int(taak_id)}?t={quote(maak(geheim, taak_id=taak_id, email=email))}"


def geheim(ingesteld: str | None, data_dir: Path) -> str:
    """The signing secret: the setting, or in ontwikkeling (the settings refuse an unset one elsewhere) the one
    made once into <data_dir>/web-geheim, owner-only, so the mails' sender and the site agree."""
    if ingesteld:
        return ingesteld
    pad = Path(data_dir) / GEHEIM_BESTAND
    try:
        return pad.read_text().strip()
    except FileNotFoundError:
        pass
    pad.parent.mkdir(parents=True, exist_ok=True)
    nieuw = secrets.token_urlsafe(48)
    try:
        fd = os.open(pad, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first: use theirs
        return pad.read_text().strip()
    with os.fdopen(fd, "w") as f:
        f.write(nieuw + "\n")
    return nieuw
