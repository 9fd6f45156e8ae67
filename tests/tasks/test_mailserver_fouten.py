"""The mail server's faults as the outbox sees them, against a real SMTP server on loopback: each one
Dutch, without errno, and transient (the row stays queued; a 5xx too, see tasks/handlers/email.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from integrations.errors import PartnerTransient, is_transient
from notifications import smtp
from notifications.render import render
from notifications.settings import MailSection
from tasks.handlers.email import verzend
from tests.conftest import free_port


class Antwoord:
    """Answers RCPT (or DATA) with a chosen SMTP reply."""

    def __init__(self, rcpt: str | None = None, data: str | None = None) -> None:
        self.rcpt, self.data = rcpt, data

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if self.rcpt:
            return self.rcpt
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        return self.data or "250 Message accepted"


@pytest.fixture()
def server() -> Iterator[Any]:
    started: list[Controller] = []

    def start(**kw: str) -> MailSection:
        c = Controller(Antwoord(**kw), hostname="127.0.0.1", port=free_port())
        c.start()
        started.append(c)
        return MailSection(smtp_port=c.port)

    yield start
    for c in started:
        c.stop()


def bericht(mail: MailSection) -> Any:
    ctx = {"referentie": "IJW-2026-000001", "omschrijving": "x", "due": "2026-12-01", "stap_label": "nog 1 werkdag",
           "grondslag": "Awb", "soort": "taak", "deadline_id": 7, "taak_id": 3, "ontvanger_rol": "werkcoach",
           "eigenaar_rol": "werkcoach", "werkcoach": "wc@ijw.example"}
    return smtp.build(render("herinnering", ctx), to="wc@ijw.example", settings=mail, idem_key="k:1",
                      when=datetime(2026, 11, 30, tzinfo=UTC))


def test_a_server_that_is_down_is_transient_and_said_in_dutch() -> None:
    mail = MailSection(smtp_port=free_port())  # nothing listens
    with pytest.raises(PartnerTransient) as e:
        verzend(bericht(mail), mail)
    assert str(e.value) == (f"Mailserver 127.0.0.1:{mail.smtp_port} niet bereikbaar (verbinding geweigerd); de e-mail "
                            "blijft in de wachtrij en gaat bij de volgende poging mee.")
    assert is_transient(e.value) and "Errno" not in str(e.value)


@pytest.mark.parametrize(("kw", "stukje"), [
    ({"rcpt": "550 5.1.1 Mailbox unknown"}, "neemt de ontvanger(s) niet aan (code 550)"),
    ({"rcpt": "451 4.3.0 Try again"}, "neemt de ontvanger(s) niet aan (code 451)"),
    ({"data": "554 5.7.1 Spam"}, "neemt het bericht niet aan (554 5.7.1 Spam)"),
    ({"data": "452 4.3.1 Disk full"}, "neemt het bericht niet aan (452 4.3.1 Disk full)"),
])
def test_replies_of_the_server(server: Any, kw: dict[str, str], stukje: str) -> None:
    mail = server(**kw)
    with pytest.raises(PartnerTransient) as e:
        verzend(bericht(mail), mail)
    assert stukje in str(e.value) and str(e.value).startswith(f"Mailserver 127.0.0.1:{mail.smtp_port} ")
    assert is_transient(e.value) and "de e-mail blijft in de wachtrij" in str(e.value)


def test_an_accepting_server_returns_the_message_id(server: Any) -> None:
    mail = server()
    assert verzend(bericht(mail), mail) == "<k.1@werkpad.ijmondwerkt.nl>"


def test_not_a_mail_server_and_an_unknown_host(tmp_path: Any) -> None:
    """Trial: '(SMTPServerDisconnected)' and '(Name or service not known)' reached the user."""
    import socket
    import threading

    lsock = socket.socket()
    lsock.bind(("127.0.0.1", 0))
    lsock.listen(1)

    def sluit() -> None:  # accepts and hangs up: a port that is no mail server
        c, _ = lsock.accept()
        c.close()

    t = threading.Thread(target=sluit, daemon=True)
    t.start()
    mail = MailSection(smtp_port=lsock.getsockname()[1])
    with pytest.raises(PartnerTransient) as e:
        verzend(bericht(mail), mail)
    t.join(5)
    lsock.close()
    assert str(e.value).endswith("verbrak de verbinding (is dit wel een mailserver?); de e-mail blijft in de wachtrij.")
    mail = MailSection(smtp_host="mail.bestaat-niet.invalid", smtp_port=25)
    with pytest.raises(PartnerTransient) as e:
        verzend(bericht(mail), mail)
    assert "de naam mail.bestaat-niet.invalid is onbekend" in str(e.value)


def _luisteraar(antwoord: bytes | None) -> Any:
    """A TCP listener that greets with `antwoord` (not SMTP) or says nothing at all."""
    import socket
    import threading

    lsock = socket.socket()
    lsock.bind(("127.0.0.1", 0))
    lsock.listen(1)
    klaar = threading.Event()

    def dien() -> None:
        c, _ = lsock.accept()
        if antwoord is not None:
            c.sendall(antwoord)
        klaar.wait(10)
        c.close()

    threading.Thread(target=dien, daemon=True).start()
    return lsock, klaar


@pytest.mark.parametrize(("antwoord", "verwacht"), [
    (b"HTTP/1.1 400 Bad Request\r\n\r\n", "antwoordt niet als mailserver (is dit wel een mailserver?)"),
    (None, "antwoordt niet binnen 0.5 s"),
])
def test_a_listener_that_speaks_no_smtp_or_nothing(antwoord: bytes | None, verwacht: str) -> None:
    """Trial: an HTTP port gave '(-1 /1.1 400 Bad Request)', a silent one 'verbrak de verbinding'."""
    lsock, klaar = _luisteraar(antwoord)
    mail = MailSection(smtp_port=lsock.getsockname()[1], smtp_timeout_seconds=0.5)
    try:
        with pytest.raises(PartnerTransient) as e:
            verzend(bericht(mail), mail)
    finally:
        klaar.set()
        lsock.close()
    assert verwacht in str(e.value) and "-1" not in str(e.value), str(e.value)
