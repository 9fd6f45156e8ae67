"""Build and send messages with plain smtplib (explicit timeout, stable Message-ID), many over one connection."""

from __future__ import annotations

import secrets
import smtplib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.encoders import encode_base64
from email.generator import BytesGenerator
from email.header import Header
from email.message import Message
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.policy import Compat32
from email.utils import format_datetime
from io import BytesIO
from typing import Any

from notifications.render import Rendered
from notifications.settings import MailSection


# Header folding at 78 columns mangled a subject with a non-ASCII character (an extra space before the
# encoded word, or a subject starting with a space). RFC 5322 allows 998. The message is built with the
# compat32 classes: the same MIME structure as EmailMessage's, at a fifth of its cost (its header registry
# parsed every header again: 1.1 ms of a 1.5 ms send).
class _Policy(Compat32):
    """compat32 that writes a short ASCII header as it is, without building a Header object to fold it."""

    def _fold(self, name: str, value: Any, sanitize: bool) -> str:
        if isinstance(value, str) and value.isascii() and "\n" not in value and "\r" not in value \
                and len(name) + len(value) + 2 <= (self.max_line_length or 998):
            return f"{name}: {value}{self.linesep}"
        return str(super()._fold(name, value, sanitize))  # type: ignore[misc]  # typeshed lacks it


POLICY = _Policy(max_line_length=998)


@dataclass(frozen=True)
class Afbeelding:
    """An image the HTML body shows inline (`<img src="cid:{cid}">`); a multipart/related part."""

    cid: str  # without the angle brackets, e.g. "fasen-2026q3@ijmondwerkt.example"
    png: bytes
    bestandsnaam: str


def message_id(idem_key: str, domain: str) -> str:
    """The same outbox row always yields the same Message-ID, so a resend is recognisable."""
    safe = "".join(c if c.isalnum() or c in "-." else "." for c in idem_key)
    return f"<{safe}@{domain}>"


def _kop(waarde: str) -> str:
    """A header value: as it is when ASCII, else one RFC 2047 encoded word (folded at 998, not 78)."""
    return waarde if waarde.isascii() else Header(waarde, "utf-8").encode(maxlinelen=998)


def _deel(subtype: str, *delen: Message) -> MIMEMultipart:
    """A multipart with a boundary of its own: random, so it needs no search of the text (the generator
    compiled a regular expression per message to look for its own)."""
    return MIMEMultipart(subtype, boundary=f"=_werkpad_{secrets.token_hex(16)}", _subparts=delen, policy=POLICY)


def _tekst(inhoud: str, subtype: str) -> Message:
    """A text part in UTF-8, 8bit (headers set as text: MIMEText's parameter handling cost more than the rest)."""
    deel = Message(policy=POLICY)
    deel["Content-Type"] = f'text/{subtype}; charset="utf-8"'
    deel["Content-Transfer-Encoding"] = "8bit"
    deel.set_payload(inhoud.encode("utf-8").decode("ascii", "surrogateescape"))  # bytes as the generator writes them
    return deel


def _bijlage(data: bytes, maintype: str, subtype: str, **params: str) -> MIMEBase:
    deel = MIMEBase(maintype, subtype, policy=POLICY, **params)
    deel.set_payload(data)
    encode_base64(deel)
    return deel


def build(rendered: Rendered, *, to: str, settings: MailSection, idem_key: str, when: datetime,
          ics: bytes | None = None, reply_to: str | None = None, afbeeldingen: Sequence[Afbeelding] = ()) -> Message:
    html: Message = _tekst(rendered.html, "html")
    if afbeeldingen:  # multipart/alternative(text, multipart/related(html, png...)): clients show them inline
        html = _deel("related", html)
        for a in afbeeldingen:
            png = _bijlage(a.png, "image", "png")
            png.add_header("Content-Disposition", "inline", filename=a.bestandsnaam)
            png["Content-ID"] = f"<{a.cid}>"
            html.attach(png)
    msg: Message = _deel("alternative", _tekst(rendered.text, "plain"), html)
    if ics is not None:
        deel = _bijlage(ics, "text", "calendar", method="REQUEST")
        deel.add_header("Content-Disposition", "attachment", filename="uitnodiging.ics")
        msg = _deel("mixed", msg, deel)
    msg["From"] = settings.sender
    msg["To"] = to
    msg["Subject"] = _kop(rendered.subject)
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = message_id(idem_key, settings.message_id_domain)
    if reply_to:
        msg["Reply-To"] = reply_to
    msg["X-Werkpad-Key"] = _kop(idem_key)
    msg["Content-Language"] = "nl"
    return msg


def send(msg: Message, settings: MailSection) -> str:
    """One message over a connection of its own."""
    with Verbinding(settings) as v:
        return v.send(msg)


class Verbinding:
    """One SMTP connection for many messages (a dispatch batch): opened on the first message, opened again
    when the server dropped it between two messages. A message is sent again on a new connection only when
    the old one failed before its DATA: until then the server has accepted nothing of it."""

    def __init__(self, settings: MailSection) -> None:
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Verbinding:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _open(self) -> smtplib.SMTP:
        if self._smtp is None:
            s = self.settings
            self._smtp = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=s.smtp_timeout_seconds)
        return self._smtp

    def send(self, msg: Message) -> str:
        hergebruikt = self._smtp is not None
        try:
            return self._send(msg)
        except _VoorData as exc:  # the server dropped the connection before it got any of this message
            self.close()
            if not hergebruikt:
                raise exc.fout from None
        try:
            return self._send(msg)  # once more on a fresh connection (an idle one the server closed)
        except _VoorData as exc:
            self.close()
            raise exc.fout from None
        except BaseException:
            self.close()
            raise

    def _send(self, msg: Message) -> str:
        van, aan = str(msg["From"]), str(msg["To"])
        smtp = self._open()
        try:
            smtp.ehlo_or_helo_if_needed()
            code, resp = smtp.mail(van)
            if code == 421:  # "closing the connection": nothing of this message was taken
                raise _VoorData(smtplib.SMTPSenderRefused(code, resp, van))
            if code != 250:
                self._rset()
                raise smtplib.SMTPSenderRefused(code, resp, van)
            code, resp = smtp.rcpt(aan)
            if code not in (250, 251):
                self._rset()
                raise smtplib.SMTPRecipientsRefused({aan: (code, resp)})
        except (smtplib.SMTPServerDisconnected, ConnectionResetError, BrokenPipeError) as exc:
            raise _VoorData(exc) from None
        except smtplib.SMTPException:
            raise
        except BaseException:
            self.close()
            raise
        try:  # from here on the server may have taken the message: never sent again by this connection
            code, resp = smtp.data(_bytes(msg))
        except BaseException:
            self.close()
            raise
        if code != 250:
            self._rset()
            raise smtplib.SMTPDataError(code, resp)
        return str(msg["Message-ID"])

    def _rset(self) -> None:
        try:
            if self._smtp is not None:
                self._smtp.rset()
        except smtplib.SMTPServerDisconnected:
            self._smtp = None

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()


class _VoorData(Exception):
    """The connection failed before the message's DATA; `fout` is what smtplib raised."""

    def __init__(self, fout: Exception) -> None:
        super().__init__(str(fout))
        self.fout = fout


def _bytes(msg: Message) -> bytes:
    buf = BytesIO()
    BytesGenerator(buf, mangle_from_=False, policy=POLICY.clone(linesep="\r\n")).flatten(msg, linesep="\r\n")
    return buf.getvalue()
