"""Build and send a message with plain smtplib (explicit timeout, stable Message-ID)."""

from __future__ import annotations

import smtplib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime

from notifications.render import Rendered
from notifications.settings import MailSection

# Python's header folding at 78 columns mangles a subject with a non-ASCII character (an extra
# space before the encoded word, or a subject starting with a space). RFC 5322 allows 998.
POLICY = policy.default.clone(max_line_length=998)


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


def build(rendered: Rendered, *, to: str, settings: MailSection, idem_key: str, when: datetime,
          ics: bytes | None = None, reply_to: str | None = None, afbeeldingen: Sequence[Afbeelding] = ()) -> EmailMessage:
    msg = EmailMessage(policy=POLICY)
    msg["From"] = settings.sender
    msg["To"] = to
    msg["Subject"] = rendered.subject
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = message_id(idem_key, settings.message_id_domain)
    if reply_to:
        msg["Reply-To"] = reply_to
    msg["X-Werkpad-Key"] = idem_key
    msg["Content-Language"] = "nl"
    msg.set_content(rendered.text)
    msg.add_alternative(rendered.html, subtype="html")
    if afbeeldingen:  # multipart/alternative(text, multipart/related(html, png...)): clients show them inline
        html_deel = msg.get_body(preferencelist=("html",))
        assert html_deel is not None
        for a in afbeeldingen:
            html_deel.add_related(a.png, maintype="image", subtype="png", cid=f"<{a.cid}>", filename=a.bestandsnaam,
                                  disposition="inline")
    if ics is not None:
        msg.add_attachment(ics, maintype="text", subtype="calendar", filename="uitnodiging.ics",
                           params={"method": "REQUEST"})
    return msg


def send(msg: EmailMessage, settings: MailSection) -> str:
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_seconds) as smtp:
        smtp.send_message(msg)
    return str(msg["Message-ID"])
