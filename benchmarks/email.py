"""Email dispatch against its floor: the outbox's rate beside one reused SMTP connection, in one run.

    .venv/bin/python -m benchmarks.email [--mails 500] [--rounds 15] [--markeer-na N]

A SQLite case store in a temp folder gets `--mails` due reminders (the deadline sweep queues them:
`herinnering` rows, whose mails look up their task and term at send time), and a mail catcher
(aiosmtpd, `notifications/mailcatcher.py`) runs in a process of its own on a loopback port, writing
every message to a folder as the local stack's does. Each round then, on the same rows:

- **floor**: the rows' messages, rendered beforehand by the email handler's own code
  (`tasks/handlers/email.py::bericht`), sent over one SMTP connection: nothing but SMTP;
- **outbox**: `tasks.dispatch.dispatch` sends the same rows from the queue: claim, render, send,
  mark sent (and everything a crash-safe outbox needs around that).

It prints both rates and their ratio (outbox / floor), checks that every message arrived once (by
Message-ID) and puts the rows back in the queue for the next round. A measurement, not a test.
"""

from __future__ import annotations

import argparse
import os
import smtplib
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from benchmarks.sweep import KALENDER, NU, fill, make_due
from casestore.db import make_engine, session, upgrade
from casestore.models import Outbox
from casestore.sweep import OUTBOX, verwerk_herinneringen

SERVER = """
import sys, time
from pathlib import Path
from notifications.mailcatcher import MailCatcher
mc = MailCatcher(Path(sys.argv[1]), port=int(sys.argv[2])).start()
print("ready", flush=True)
sys.stdin.read()  # until the benchmark closes our stdin
mc.stop()
"""


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(folder: Path, port: int) -> subprocess.Popen[str]:
    root = Path(__file__).resolve().parents[1]
    p = subprocess.Popen([sys.executable, "-c", SERVER, str(folder), str(port)], cwd=root, text=True,
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         env={**os.environ, "PYTHONPATH": str(root)})
    assert p.stdout is not None and p.stdout.readline().strip() == "ready"
    return p


def received(folder: Path) -> list[str]:
    """Message-IDs of the messages in the catcher's folder, and empty it."""
    ids = []
    for f in sorted(folder.glob("*.eml")):
        msg = message_from_bytes(f.read_bytes(), policy=policy.default)
        ids.append(str(msg["Message-ID"]))
        f.unlink()
    return ids


def queue_reminders(engine: Any, n: int) -> None:
    fill(engine, n * 2, per_traject=10)
    make_due(engine, 1, n)
    with session(engine) as s:
        res = verwerk_herinneringen(s, nu=NU, kalender=KALENDER)
        s.commit()
    assert res.herinneringen == n, res


def requeue(engine: Any) -> None:
    with engine.begin() as c:
        c.execute(update(OUTBOX).values(status="pending", geclaimd_op=None, verstuurd_op=None, extern_kenmerk=None,
                                        pogingen=0))


def floor(rt: Any, nu: Any) -> tuple[float, int]:
    """Render every queued message beforehand (untimed), then time sending them over one connection."""
    from tasks.dispatch import Context
    from tasks.handlers.email import bericht

    with session(rt.engine) as s:
        ctx = Context(rt=rt, session=s, nu=nu)
        msgs = [bericht(ctx, r) for r in s.scalars(select(Outbox).order_by(Outbox.id))]  # type: ignore[arg-type]
    m = rt.mail
    t0 = time.perf_counter()
    with smtplib.SMTP(m.smtp_host, m.smtp_port, timeout=m.smtp_timeout_seconds) as smtp:
        for msg in msgs:
            smtp.send_message(msg)
    return time.perf_counter() - t0, len(msgs)


def outbox(rt: Any, nu: Any) -> tuple[float, int]:
    from tasks.dispatch import dispatch

    t0 = time.perf_counter()
    res = dispatch(rt, nu=nu, limit=1_000_000)
    took = time.perf_counter() - t0
    assert res.mislukt_tijdelijk == res.mislukt_definitief == 0, res.fouten[:3]
    return took, res.verstuurd


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--mails", type=int, default=500)
    p.add_argument("--rounds", type=int, default=15)
    p.add_argument("--markeer-na", type=int, default=0, help="write email sent marks per N messages (default: "
                   "tasks.dispatch.MARKEER_NA); 1 is a commit per message")
    a = p.parse_args()
    import tasks.dispatch

    if a.markeer_na:
        tasks.dispatch.MARKEER_NA = a.markeer_na
    tmp = Path(tempfile.mkdtemp(prefix="werkpad-bench-email-"))
    folder, port = tmp / "mail", free_port()
    server = start_server(folder, port)
    try:
        from tasks.runtime import build_runtime
        from tasks.settings import Settings

        url = f"sqlite:///{tmp / 'werkpad.db'}"
        engine = make_engine(url)
        upgrade(engine)
        queue_reminders(engine, a.mails)
        engine.dispose()
        rt = build_runtime(Settings(data_dir=tmp, casestore={"url": url}, mail={"smtp_port": port}))  # type: ignore[arg-type]
        floors, outs = [], []
        for r in range(a.rounds):
            nu = NU + timedelta(minutes=r)
            took, n = floor(rt, nu)
            ids = received(folder)
            assert len(ids) == n == len(set(ids)) == a.mails, (len(ids), n)
            floors.append(n / took)
            took, n = outbox(rt, nu)
            ids2 = received(folder)
            assert n == a.mails and sorted(ids2) == sorted(ids), (n, len(ids2))  # each row once, same messages
            outs.append(n / took)
            requeue(engine)
            print(f"round {r + 1}: floor {floors[-1]:.0f} mails/s, outbox {outs[-1]:.0f} mails/s, "
                  f"ratio {outs[-1] / floors[-1]:.2f}")
        fm, om = statistics.median(floors), statistics.median(outs)
        ratios = sorted(o / f for o, f in zip(outs, floors, strict=True))
        print(f"{a.mails:,} herinnering mails, SQLite store, aiosmtpd on loopback (own process), {a.rounds} rounds, "
              f"sent marks per {tasks.dispatch.MARKEER_NA}, claims per {tasks.dispatch.BATCH}")
        print(f"floor (pre-rendered, one reused SMTP connection): median {fm:.0f} mails/s")
        print(f"outbox (tasks.dispatch.dispatch: claim, render, send, mark): median {om:.0f} mails/s")
        print(f"ratio outbox / floor, per round side by side: median {statistics.median(ratios):.2f} "
              f"(from {ratios[0]:.2f} to {ratios[-1]:.2f})")
        rt.engine.dispose()
    finally:
        assert server.stdin is not None
        server.stdin.close()
        server.wait(10)


if __name__ == "__main__":
    main()
