"""Build and send a message with plain smtplib (explicit timeout, stable Message-ID)."""

from __future__ import annotations

import smtplib
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime

from notifications.render import Rendered
from notifications.settings import MailSection

# Python's header folding at 78 columns mangles a subject with a non-ASCII character (an extra
# space before the encoded word, or a subject starting with a space). RFC 5322 allows 998.
POLICY = policy.default.clone(max_line_length=998)


def message_id(idem_key: str, domain: str) -> str:
    """The same outbox row always yields the same Message-ID, so a resend is recognisable."""
    safe = "".join(c if c.isalnum() or c in "-." else "." for c in idem_key)
    return f"<{safe}@{domain}>"


def build(rendered: Rendered, *, to: str, settings: MailSection, idem_key: str, when: datetime,
          ics: bytes | None = None, reply_to: str | None = None) -> EmailMessage:
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
    if ics is not None:
        msg.add_attachment(ics, maintype="text", subtype="calendar", filename="uitnodiging.ics",
                           params={"method": "REQUEST"})
    return msg


def send(msg: EmailMessage, settings: MailSection) -> str:
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_seconds) as smtp:
        smtp.send_message(msg)
    return str(msg["Message-ID"])
