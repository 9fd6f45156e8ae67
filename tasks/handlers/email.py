"""Outbox kind `email`: render the row's template and send it over SMTP with a stable Message-ID.

A template that needs more than its payload (a lookup at send time, an .ics attachment)
registers a context builder with `@email_context("<template>")` in its process's module; the
payload itself holds references only.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from email.message import Message
from typing import Any

from casestore.models import Outbox
from integrations.errors import PartnerTransient
from notifications import smtp, taaklink
from notifications.render import render
from tasks.dispatch import Context, handler

# Adds to the payload in place; may return an .ics attachment.
ContextBuilder = Callable[[Context, Outbox, dict[str, Any]], bytes | None]
CONTEXT: dict[str, ContextBuilder] = {}
# Images the HTML body shows inline (cid:), drawn at send time; may add to the payload (the cid).
AfbeeldingBuilder = Callable[[Context, Outbox, dict[str, Any]], list[smtp.Afbeelding]]
AFBEELDINGEN: dict[str, AfbeeldingBuilder] = {}


# Each template with a context or images of its own -> the module that registers them, imported when a row of
# that template is sent (tests/tasks/test_dispatch.py checks it against every process's registrations).
SJABLONEN = {
    "herinnering": "tasks.sweep",
    "escalatie": "tasks.sweep",
    "werkvoorraad": "tasks.sweep",
    "uitnodiging_brede_intake": "tasks.aanmelding",
    "indicatie_taak": "tasks.indicatie.mail",
    "maatregel_gemeld": "tasks.maatregel_mail",
    "maatregel_horen": "tasks.maatregel_mail",
    "maatregel_vier_ogen": "tasks.maatregel_mail",
    "kwartaalrapportage": "tasks.kwartaalrapportage",
}


def laad_sjabloon(template: str) -> None:
    """Import the module that registers this template's context (no-op when there is none or it is loaded)."""
    module = SJABLONEN.get(template)
    if module is not None and module not in sys.modules:
        importlib.import_module(module)


def email_context(template: str) -> Callable[[ContextBuilder], ContextBuilder]:
    def register(fn: ContextBuilder) -> ContextBuilder:
        CONTEXT[template] = fn
        return fn
    return register


def email_afbeeldingen(template: str) -> Callable[[AfbeeldingBuilder], AfbeeldingBuilder]:
    def register(fn: AfbeeldingBuilder) -> AfbeeldingBuilder:
        AFBEELDINGEN[template] = fn
        return fn
    return register


def rol(ctx: Context, email: str) -> str:
    """werkcoach | consulent | teamleider: the gemeente's consulent gets no werkpad commands."""
    for g in ctx.rt.gemeenten.values():
        if email in (g.consulent_email, g.klantmanager_email):  # gemeente staff: no werkpad commands
            return "consulent"
        if email == g.teamleider_email:
            return "teamleider"
    return "werkcoach"


def taak_link(rt: Any, taak_id: int, aan: str) -> str | None:
    """The signed link to the task's page in werkpad web for this addressee (notifications/taaklink.py); None
    when werkpad web has no secret here (outside ontwikkeling, unset): the mail keeps its other ways."""
    geheim = rt.settings.web_geheim()
    return taaklink.url(rt.settings.web.basis_url, geheim, taak_id=taak_id, email=aan) if geheim else None


def bericht(ctx: Context, row: Outbox) -> Message:
    """The row's message as it leaves: rendered, with its stable Message-ID (the row's key)."""
    p = dict(row.payload)
    key = p.pop("template")
    laad_sjabloon(key)
    builder = CONTEXT.get(key)
    ics_bytes = builder(ctx, row, p) if builder else None
    beelden = AFBEELDINGEN[key](ctx, row, p) if key in AFBEELDINGEN else []
    rendered = render(key, p)
    # A consulent does not use werkpad: a reply reaches the werkcoach, who records it.
    reply_to = p.get("werkcoach") if p.get("ontvanger_rol") == "consulent" else None
    return smtp.build(rendered, to=p["aan"], settings=ctx.rt.mail, idem_key=row.idem_key, when=ctx.nu, ics=ics_bytes,
                      reply_to=reply_to, afbeeldingen=beelden)


def verbinding(ctx: Context) -> smtp.Verbinding:
    """One SMTP connection per dispatch run: every email row of the run goes over it."""
    if "smtp" not in ctx.cache:
        v = smtp.Verbinding(ctx.rt.mail)
        ctx.cache.setdefault("_close", []).append(v.close)
        ctx.cache["smtp"] = v
    return ctx.cache["smtp"]  # type: ignore[no-any-return]


@handler("email", schrijft=False)  # writes nothing to the store: its sent mark may wait for the batch's
def send_email(ctx: Context, row: Outbox) -> str:
    return verzend(bericht(ctx, row), ctx.rt.mail, verbinding(ctx))


class MailserverFout(PartnerTransient):
    partner = "mailserver"


def verzend(msg: Any, mail: Any, over: smtp.Verbinding | None = None) -> str:
    """smtp.send, its faults in one Dutch line without errno. All stay transient (the row stays queued
    and is retried), a 5xx too: a refusal would make a staff task, whose reminder mail to the same
    refused address would be refused again, task after task."""
    import smtplib
    import socket
    import ssl

    waar = f"Mailserver {mail.smtp_host}:{mail.smtp_port}"
    try:
        return over.send(msg) if over is not None else smtp.send(msg, mail)
    except smtplib.SMTPRecipientsRefused as exc:
        codes = ", ".join(str(c) for c in sorted({c for c, _ in exc.recipients.values()}))
        raise MailserverFout(f"{waar} neemt de ontvanger(s) niet aan (code {codes}); de e-mail blijft in de "
                             "wachtrij. Controleer het adres.") from None
    except smtplib.SMTPResponseException as exc:
        if exc.smtp_code < 0:  # smtplib's -1: the other side answered, but not in SMTP
            raise MailserverFout(f"{waar} antwoordt niet als mailserver (is dit wel een mailserver?); de e-mail blijft "
                                 "in de wachtrij.") from None
        tekst = exc.smtp_error.decode(errors="replace")[:120] if isinstance(exc.smtp_error, bytes) else ""
        raise MailserverFout(f"{waar} neemt het bericht niet aan ({exc.smtp_code} {tekst}); de e-mail blijft in "
                             "de wachtrij.") from None
    except ConnectionRefusedError:
        raise MailserverFout(f"{waar} niet bereikbaar (verbinding geweigerd); de e-mail blijft in de wachtrij en "
                             "gaat bij de volgende poging mee.") from None
    except TimeoutError:
        raise MailserverFout(f"{waar} antwoordt niet binnen {mail.smtp_timeout_seconds:g} s; de e-mail blijft in "
                             "de wachtrij.") from None
    except socket.gaierror:
        raise MailserverFout(f"{waar} niet bereikbaar (de naam {mail.smtp_host} is onbekend); de e-mail blijft in de "
                             "wachtrij.") from None
    except smtplib.SMTPServerDisconnected as exc:
        if "timed out" in str(exc):  # smtplib turns a read timeout into a disconnect
            raise MailserverFout(f"{waar} antwoordt niet binnen {mail.smtp_timeout_seconds:g} s; de e-mail blijft in "
                                 "de wachtrij.") from None
        raise MailserverFout(f"{waar} verbrak de verbinding (is dit wel een mailserver?); de e-mail blijft in de "
                             "wachtrij.") from None
    except ssl.SSLError:
        raise MailserverFout(f"{waar}: de beveiligde verbinding (TLS) mislukte; de e-mail blijft in de wachtrij.") from None
    except OSError:  # any other socket fault: no errno or English text, they help nobody reading a run
        raise MailserverFout(f"{waar} niet bereikbaar (netwerkfout); de e-mail blijft in de wachtrij.") from None
