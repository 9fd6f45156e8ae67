"""A chaos driver: one process like a worker's flow-run process, running werkpad's steps in-process against
the chaos test's Prefect server and case store (settings from the environment, as `werkpad up` passes them).

It reads batches of steps from stdin (one JSON list a line) and journals every step to the file given as its
argument: {"id", "fase": "start"}, then {"id", "fase": "ok" | "geweigerd" | "fout", ...}; after a batch
{"klaar": n}. A step killed mid-way leaves only its "start": the test re-issues it, as a person re-issues a
command after an error. Run: python -m tests.chaos.driver <journal.jsonl>
"""

from __future__ import annotations

import importlib
import json
import os
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any


def _schrijf(journaal: Any, regel: dict[str, Any]) -> None:
    journaal.write(json.dumps(regel, default=str) + "\n")
    journaal.flush()
    os.fsync(journaal.fileno())


def _aanmelden(rt: Any, a: dict[str, Any], nu: datetime) -> dict[str, Any]:
    """The store-first aanmelding (tasks.aanmelding.meld_aan), then its flow (zaak, invitations). Re-issued after
    an error that came after the commit, the registration is found by BSN and its flow runs again."""
    from sqlmodel import select

    from casestore.db import session
    from casestore.models import Deelnemer, Traject
    from domain.errors import DomainError
    from flows.aanmelding import aanmelding
    from tasks.aanmelding import meld_aan

    al = False
    try:
        ref = meld_aan(rt, bsn=a["bsn"], naam=a["naam"], geboortedatum=date.fromisoformat(a["geboortedatum"]),
                       gemeente=a["gemeente"], werkcoach=a["werkcoach"], nu=nu, actor="chaos")
    except DomainError:
        with session(rt.engine) as s:
            d = s.exec(select(Deelnemer).where(Deelnemer.bsn == a["bsn"])).first()
            t = s.exec(select(Traject).where(Traject.deelnemer_id == d.id)).first() if d else None
        if t is None:
            raise
        ref, al = t.referentie, True
    res = aanmelding(referentie=ref, nu=nu)
    return {"referentie": ref, "al_geregistreerd": al, "moment": res.get("moment")}


def _stap(rt: Any, stap: dict[str, Any]) -> dict[str, Any]:
    nu = datetime.fromisoformat(stap["nu"])
    if stap["soort"] == "aanmelden":
        return _aanmelden(rt, stap["args"], nu)
    from tasks.stapsleutel import deur_sleutel

    module, _, naam = stap["flow"].partition(":")
    flow = getattr(importlib.import_module(module), naam)
    # The key the door gives a command (a person re-issuing it after an error gives the same one, or the
    # stack's door does within the minute): a step that committed before its process died runs once.
    with deur_sleutel(f"chaos:{stap['id']}"):
        res = flow(**stap.get("args", {}), nu=nu)
    return dict(res) if isinstance(res, dict) else {"res": res}


def main() -> None:
    from tasks import runtime

    rt = runtime.get()
    journaal = Path(sys.argv[1]).open("a", encoding="utf-8")  # noqa: SIM115 (for the process's lifetime)
    for n, regel in enumerate(sys.stdin, 1):
        for stap in json.loads(regel):
            _schrijf(journaal, {"id": stap["id"], "fase": "start", "pid": os.getpid()})
            if stap.get("fout"):  # this step is killed at its fault point (the test SIGKILLs our group there)
                os.environ["WERKPAD_FAULT"] = stap["fout"]
            try:
                res = _stap(rt, stap)
            except Exception as exc:  # journaled as one line: the test re-issues the step
                _schrijf(journaal, {"id": stap["id"], "fase": "fout", "fout": f"{type(exc).__name__}: {exc}"[:500]})
                continue
            finally:
                os.environ.pop("WERKPAD_FAULT", None)
            _schrijf(journaal, {"id": stap["id"], "fase": "geweigerd" if res.get("geweigerd") else "ok",
                                "res": res})
        _schrijf(journaal, {"klaar": n})


if __name__ == "__main__":
    main()
