"""The outbox in batches: one claim and few marks per batch, the email rows over one SMTP connection (a dropped
connection reopened, a refused message costing the others nothing), and only the handlers a run needs."""

from __future__ import annotations

import asyncio
import importlib
import os
import pkgutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import event
from sqlmodel import col, select

from casestore import repo
from casestore.db import session
from casestore.models import Outbox
from tasks import dispatch
from tests.conftest import at, free_port

NU = at("2026-11-23T09:00")


class Server:
    """An SMTP server on loopback that counts connections, keeps each message's Message-ID, refuses one
    recipient, and can drop the connection after every n-th message (as a server closing idle ones does)."""

    def __init__(self, weiger: str | None = None, verbreek_na: int | None = None) -> None:
        self.weiger, self.verbreek_na = weiger, verbreek_na
        self.verbindingen = 0
        self.ids: list[str] = []

    async def handle_EHLO(self, server: Any, session: Any, envelope: Any, hostname: str, responses: list[str]) -> list[str]:
        self.verbindingen += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address == self.weiger:
            return "550 5.1.1 Mailbox unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        kop = envelope.content.split(b"\r\n\r\n", 1)[0].decode()
        self.ids.append(next(r.split(":", 1)[1].strip() for r in kop.split("\r\n") if r.startswith("Message-ID:")))
        if self.verbreek_na and len(self.ids) % self.verbreek_na == 0:
            asyncio.get_running_loop().call_soon(server.transport.close)  # after the reply: the next MAIL finds it gone
        return "250 Message accepted"


@pytest.fixture()
def smtp_server(rt: Any) -> Iterator[Any]:
    started: list[Controller] = []

    def start(**kw: Any) -> Server:
        h = Server(**kw)
        c = Controller(h, hostname="127.0.0.1", port=free_port())
        c.start()
        started.append(c)
        rt.settings.mail.smtp_port = c.port
        return h

    yield start
    for c in started:
        c.stop()


def queue(rt: Any, n: int, weiger_nr: int | None = None) -> list[int]:
    """n mails that need no send-time lookups; mail `weiger_nr` goes to the address the server refuses."""
    with session(rt.engine) as s:
        for i in range(n):
            repo.add_outbox(s, idem_key=f"proef:{i}", soort="email", traject=None, nu=NU, payload={
                "template": "toekenning_tijdens_zoektermijn", "referentie": f"IJW-2026-{i:06d}", "gemeente": "Velsen",
                "zoektermijn_einde": "2026-12-21", "grondslag": "Participatiewet art. 41 lid 4",
                "aan": "weiger@ijw.example" if i == weiger_nr else f"wc{i}@ijw.example"})
        s.commit()
        return [int(o.id or 0) for o in s.exec(select(Outbox).order_by(col(Outbox.id))).all()]


def rows(rt: Any) -> list[Outbox]:
    with session(rt.engine) as s:
        return list(s.exec(select(Outbox).order_by(col(Outbox.id))).all())


@pytest.mark.postgresql  # also on PostgreSQL (tests/conftest.py)
def test_a_batch_is_claimed_in_one_statement_marked_in_few_and_sent_over_one_connection(rt, smtp_server) -> None:  # type: ignore[no-untyped-def]
    server = smtp_server()
    queue(rt, 25)
    statements: list[str] = []
    event.listen(rt.engine, "before_cursor_execute", lambda c, cur, sql, *a: statements.append(sql))
    res = dispatch.dispatch(rt, nu=NU)
    assert res.verstuurd == 25 and server.verbindingen == 1
    assert sorted(server.ids) == sorted({m for m in server.ids}) and len(server.ids) == 25  # each once
    updates = [q for q in statements if q.lstrip().upper().startswith("UPDATE OUTBOX")]
    claims = [q for q in updates if "RETURNING" in q.upper()]
    assert len(claims) == 1  # one lease for the batch
    assert len(updates) - len(claims) == 3  # sent marks: 10 + 10 + 5, one statement each
    assert {r.status for r in rows(rt)} == {"sent"} and all(r.extern_kenmerk == f"<proef.{i}@werkpad.ijmondwerkt.nl>"
                                                            for i, r in enumerate(rows(rt)))


def test_a_connection_the_server_drops_between_messages_is_opened_again_and_nothing_goes_twice(rt, smtp_server) -> None:  # type: ignore[no-untyped-def]
    server = smtp_server(verbreek_na=4)
    queue(rt, 12)
    res = dispatch.dispatch(rt, nu=NU)
    assert (res.verstuurd, res.mislukt_tijdelijk) == (12, 0)
    assert len(server.ids) == len(set(server.ids)) == 12 and server.verbindingen == 3
    assert {r.status for r in rows(rt)} == {"sent"}


def test_a_refused_message_in_a_batch_stays_queued_and_the_others_go_once(rt, smtp_server) -> None:  # type: ignore[no-untyped-def]
    server = smtp_server(weiger="weiger@ijw.example")
    ids = queue(rt, 15, weiger_nr=6)
    res = dispatch.dispatch(rt, nu=NU)
    assert (res.verstuurd, res.mislukt_tijdelijk) == (14, 1) and "neemt de ontvanger(s) niet aan" in res.fouten[0]
    assert len(server.ids) == len(set(server.ids)) == 14 and "<proef.6@werkpad.ijmondwerkt.nl>" not in server.ids
    status = {r.id: r.status for r in rows(rt)}
    assert status.pop(ids[6]) == "pending" and set(status.values()) == {"sent"}  # the five before it marked too
    assert dispatch.dispatch(rt, nu=at("2026-11-23T09:05")).mislukt_tijdelijk == 1  # only it is tried again
    assert len(server.ids) == 14


def test_every_kind_and_template_is_mapped_to_the_module_that_registers_it() -> None:
    """The dispatcher imports a handler on the first row of its kind (SOORTEN) and a template's send-time context
    with its first mail (SJABLONEN): each map names exactly the modules that register them."""
    import tasks.handlers
    from tasks.handlers import email
    from tasks.vastleggen import laad_processen

    for m in pkgutil.iter_modules(tasks.handlers.__path__):
        if not m.name.startswith("_"):
            importlib.import_module(f"tasks.handlers.{m.name}")
    geregistreerd = {k: fn.__module__ for k, fn in dispatch.HANDLERS.items() if fn.__module__.startswith("tasks.handlers.")}
    assert geregistreerd == dispatch.SOORTEN
    laad_processen()
    sjablonen = {t: fn.__module__ for t, fn in {**email.CONTEXT, **email.AFBEELDINGEN}.items()}
    assert sjablonen == email.SJABLONEN


def test_two_mails_import_only_the_email_handler_and_their_own_context(tmp_path: Path, mailbox: Any) -> None:
    """Sending the aanmelding's two invitations loads the email handler and tasks.aanmelding's context, not
    every partner's client and every process (380 modules and ~0.4 s of CPU before)."""
    script = textwrap.dedent(f"""
        import sys
        from datetime import UTC, datetime
        from casestore import repo
        from casestore.db import make_engine, session, upgrade
        from tasks.runtime import build_runtime
        from tasks.settings import Settings

        url = "sqlite:///{tmp_path / 'werkpad.db'}"
        upgrade(make_engine(url))
        nu = datetime(2026, 11, 23, 8, tzinfo=UTC)
        with session(make_engine(url)) as s:
            for rol in ("werkcoach", "consulent"):
                repo.add_outbox(s, idem_key="uitnodiging:" + rol, soort="email", traject=None, nu=nu, payload={{
                    "template": "uitnodiging_brede_intake", "referentie": "IJW-2026-000001", "gemeente": "Velsen",
                    "moment": "2026-11-25T09:00:00", "duur": 60, "locatie": "Stadhuis", "werkcoach": "wc@ijw.example",
                    "deelnemers": ["wc@ijw.example"], "termijn_omschrijving": "Zoektermijn", "termijn_einde": "2026-12-21",
                    "termijn_grondslag": "Pw", "termijn_soort": "zoektermijn", "termijn_laatste_dag": "2026-12-20",
                    "aan": rol + "@ijw.example", "ontvanger_rol": rol}})
            s.commit()
        rt = build_runtime(Settings(data_dir="{tmp_path}", casestore={{"url": url}}, mail={{"smtp_port": {mailbox.port}}}))
        from tasks.dispatch import dispatch
        assert dispatch(rt, nu=nu).verstuurd == 2
        print(sorted(m for m in sys.modules if m.startswith(("tasks.handlers.", "tasks.maatregel", "tasks.indicatie",
                                                             "tasks.sweep", "tasks.aanmelding"))
                     or m.startswith("integrations.") and m.endswith(".client")))
    """)
    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if not k.startswith("WERKPAD_")}
    p = subprocess.run([sys.executable, "-c", script], cwd=root, env={**env, "PYTHONPATH": str(root)},
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr[-2000:]
    assert p.stdout.split("\n")[-2] == "['tasks.aanmelding', 'tasks.handlers.email']"
