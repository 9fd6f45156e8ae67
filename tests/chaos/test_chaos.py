"""Chaos on the production shape: cases through every process while the partners misbehave, drivers are killed
and the Prefect server restarts; afterwards nothing is lost, nothing is doubled and nothing is stuck.

Parts, each a real process on free loopback ports: PostgreSQL (fresh databases on 127.0.0.1:5432 for Prefect
and the case store), the Prefect server on it with its API locked (basic auth) and werkpad's deployments, partner
limits and heartbeat automation registered as `werkpad up --topologie productie` does, the gemeente simulator, the
ketenpartner simulator (UWV over HTTP), the mail catcher. Two drivers (tests/chaos/driver.py), each like a
worker's flow-run process, run werkpad's flows in-process on a moved clock: aanmelding (store-first), brede
intake, the gemeente's uitkering decision, fase, trajectplan, indicatie at UWV, uitstroom, and deadline sweeps
(once two at the same moment) so reminders, escalations and waking timers fire.

Faults: the gemeente fails a share of calls (503), loses answers (handled, then 503), answers slowly (after the
client's timeout) and handles requests twice (a replaying proxy); UWV fails, loses answers, is slow and answers
no JSON. Each driver's whole process group is SIGKILLed once mid-step (two kills: after the step's commit, before
its sends, with its flow run RUNNING and heartbeating); the step is then re-issued, as a person re-issues a
command after an error. The Prefect server is restarted once while steps run.

Afterwards a recovery pass (faults off): re-issue what did not finish, sweep until the outbox is empty. Then it
prints a summary and asserts: every case in the state its script leads to; no lost transition (every step that
reported success is in the store); no duplicate mail (Message-ID, and the outbox key); no duplicate partner
submission (the zaak per reference at the gemeente, UWV's per-key counts); every due deadline met, reminded or
escalated; every woken timer made exactly one flow run; no flow run left RUNNING (the killed ones Crashed by the
heartbeat automation); no `database is locked` and no traceback in the parts' logs.

No sleeping for time to pass: the clock is moved. The exceptions are polls of real processes for an outcome,
all bounded; the longest is the stated real-clock wait for the heartbeat automation: a killed run is Crashed
about 90 s (three 30-s heartbeats) after its last heartbeat, so the test waits for it up to 240 s after the kill
(most of which the rest of the run already spends).

Size: `--chaos-aantal` (CI: 20), seed `--chaos-seed` (printed). By hand: pytest -m chaos --chaos-aantal 300 -n 0 -s
"""

from __future__ import annotations

import base64
import json
import os
import random
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import PG_ADMIN_URL, SECRET, free_port, pg_available

pytestmark = pytest.mark.chaos
ROOT = Path(__file__).resolve().parents[2]
AUTH = "werkpad:chaos-" + uuid.uuid4().hex
HEADERS = {"Authorization": "Basic " + base64.b64encode(AUTH.encode()).decode()}
START = date(2027, 1, 11)  # a Monday, after the real today: werkpad caps what it tells the gemeente at now
# A case's own steps (not the batch runs: sweeps and the uitkering check, which the next run takes over).
STAPPEN = ("aanmelden", "intake", "fase", "doel", "actie", "indicatie", "uitstroom")


@dataclass
class Deel:
    """A part: a process in its own process group, its output in a log file."""

    naam: str
    args: list[str]
    env: dict[str, str]
    log: Path
    proc: subprocess.Popen[bytes] | None = None
    stdin: bool = False

    def start(self) -> Deel:
        uit = self.log.open("ab")
        self.proc = subprocess.Popen(self.args, cwd=ROOT, env=self.env, stdout=uit, stderr=subprocess.STDOUT,
                                     stdin=subprocess.PIPE if self.stdin else subprocess.DEVNULL,
                                     start_new_session=True)
        uit.close()
        return self

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, sig)
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)


def wacht(wat: str, klaar: Callable[[], Any], seconden: float, interval: float = 0.3) -> Any:
    """Poll a real process for an outcome, bounded."""
    einde = time.monotonic() + seconden
    while time.monotonic() < einde:
        try:
            if uitkomst := klaar():
                return uitkomst
        except (httpx.HTTPError, OSError, ValueError):
            pass
        time.sleep(interval)
    raise AssertionError(f"na {seconden:.0f} s nog niet: {wat}")


def bsns(n: int) -> list[str]:
    from domain.bsn import validate_bsn
    from domain.errors import InvalidBSN

    uit: list[str] = []
    k = 0
    while len(uit) < n:
        kandidaat = f"9999{k:05d}"
        k += 1
        try:
            uit.append(validate_bsn(kandidaat))
        except InvalidBSN:
            continue
    return uit


@dataclass
class Stap:
    id: str
    fase: int
    geval: int | None
    soort: str  # aanmelden | flow
    nu: datetime
    flow: str = ""
    args: dict[str, Any] = field(default_factory=dict)
    fout: str | None = None  # a fault point: the driver stands still there and is SIGKILLed

    def json(self, args: dict[str, Any] | None = None) -> dict[str, Any]:
        return {"id": self.id, "soort": self.soort, "nu": self.nu.isoformat(), "flow": self.flow,
                "args": self.args if args is None else args, "fout": self.fout}


class Omgeving:
    """Every part of the production shape, started and stopped by the test."""

    def __init__(self, tmp: Path, seed: int) -> None:
        from werkpad.postgres import databases, prefect_url

        self.tmp, self.seed = tmp, seed
        self.logs = tmp / "logs"
        self.logs.mkdir()
        self.delen: list[Deel] = []
        self.prefix = f"chaos_{uuid.uuid4().hex[:8]}_"
        from sqlalchemy.engine import make_url

        self.urls = databases(make_url(PG_ADMIN_URL), prefix=self.prefix)
        self.store_url = self.urls["werkpad"].render_as_string(hide_password=False)
        self.prefect_db = prefect_url(self.urls["prefect"])
        self.poort = {n: free_port() for n in ("prefect", "gemeente", "keten")}
        self.api = f"http://127.0.0.1:{self.poort['prefect']}/api"
        self.gemeente = f"http://127.0.0.1:{self.poort['gemeente']}"
        self.keten = f"http://127.0.0.1:{self.poort['keten']}"

    # -- the parts ---------------------------------------------------------------------------
    def settings(self) -> Any:
        from integrations.uwv.settings import DEV_TOKEN
        from tasks.settings import Settings

        # Short partner timeouts: a slow answer ("traag") costs the driver little.
        return Settings(data_dir=self.tmp / "data", testklok=True, casestore={"url": self.store_url},  # type: ignore[arg-type]
                        mail={"smtp_port": self.mail.port},  # type: ignore[arg-type]
                        gemeente={"api_url": self.gemeente, "client_id": "werkpad-test", "secret": SECRET,  # type: ignore[arg-type]
                                  "timeout_seconds": 1.5},
                        uwv={"kanaal": "http", "api_url": f"{self.keten}/uwv", "timeout_seconds": 1.5,  # type: ignore[arg-type]
                             "token": DEV_TOKEN},
                        stack={"prefect_port": self.poort["prefect"], "topologie": "productie", "api_auth": AUTH})  # type: ignore[arg-type]

    def env(self) -> dict[str, str]:
        from werkpad.settings import child_env

        env = child_env(self.s)
        env.pop("PREFECT_API_URL", None)
        return {**env, "PREFECT_API_URL": self.api, "PREFECT_API_AUTH_STRING": AUTH, "WERKPAD_RETRY_DELAYS": "0,0",
                "PREFECT_HOME": str(self.tmp / "prefect-home"), "PREFECT_FLOWS_HEARTBEAT_FREQUENCY": "30"}

    def deel(self, naam: str, args: list[str], extra: dict[str, str] | None = None, stdin: bool = False) -> Deel:
        d = Deel(naam, args, {**self.basis_env, **(extra or {})}, self.logs / f"{naam}.log", stdin=stdin).start()
        self.delen.append(d)
        return d

    def start(self) -> None:
        from casestore.db import make_engine, upgrade
        from integrations.gemeente.simulator import SECRET_ENV
        from notifications.mailcatcher import MailCatcher

        self.mail = MailCatcher(self.tmp / "mail", port=free_port()).start()
        self.s = self.settings()
        self.basis_env = self.env()
        engine = make_engine(self.store_url)
        upgrade(engine)
        self.engine = engine
        self.deel("gemeente", [sys.executable, "-m", "integrations.gemeente.simulator", "--port",
                               str(self.poort["gemeente"]), "--client-id", "werkpad-test", "--klok-vrij",
                               "--state-file", str(self.tmp / "gemeente.json")], {SECRET_ENV: SECRET})
        self.deel("ketenpartners", [sys.executable, "-m", "integrations.ketenpartners.simulator", "--port",
                                    str(self.poort["keten"]), "--state-file", str(self.tmp / "keten.json")])
        self.start_prefect()
        wacht("gemeente-simulator", lambda: httpx.get(f"{self.gemeente}/_sim/health", timeout=2).status_code == 200, 60)
        wacht("ketenpartner-simulator", lambda: httpx.get(f"{self.keten}/_sim/health", timeout=2).status_code == 200,
              60)
        # Work pool, partner limits, heartbeat automation and every deployment, as `werkpad up` registers them.
        reg = self.deel("registratie", [sys.executable, "-m", "deployments.pool"])
        assert reg.proc is not None and reg.proc.wait(300) == 0, reg.log.read_text()[-3000:]

    def start_prefect(self) -> None:
        self.prefect = self.deel("prefect-server", [sys.executable, "-m", "prefect", "server", "start", "--host",
                                                    "127.0.0.1", "--port", str(self.poort["prefect"])],
                                 {"PREFECT_SERVER_DATABASE_CONNECTION_URL": self.prefect_db,
                                  "PREFECT_SERVER_API_AUTH_STRING": AUTH, "PREFECT_UI_ENABLED": "false"})
        wacht("Prefect-server", lambda: httpx.get(f"{self.api}/health", headers=HEADERS, timeout=2).status_code == 200,
              120)

    def herstart_prefect(self) -> None:
        self.prefect.stop()
        self.start_prefect()

    def stop(self) -> None:
        for d in reversed(self.delen):
            d.stop()
        if hasattr(self, "mail"):
            self.mail.stop()
        if hasattr(self, "engine"):
            self.engine.dispose()
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as c:
            for url in self.urls.values():
                c.execute(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')

    # -- the simulators' faults -------------------------------------------------------------
    def storingen(self, gemeente: dict[str, Any] | None, uwv: dict[str, Any] | None) -> None:
        g = {"mode": None} if gemeente is None else {**gemeente, "seed": self.seed}
        assert httpx.post(f"{self.gemeente}/_sim/fault", json=g, timeout=5).status_code == 200
        u = {} if uwv is None else {**uwv, "seed": self.seed}
        assert httpx.post(f"{self.keten}/uwv/_sim/storing", json=u, timeout=5).status_code == 200

    # -- Prefect ----------------------------------------------------------------------------
    def flow_runs(self, **filter_: Any) -> list[dict[str, Any]]:
        runs, offset = [], 0
        while True:
            r = httpx.post(f"{self.api}/flow_runs/filter", json={"limit": 200, "offset": offset, **filter_},
                           headers=HEADERS, timeout=30)
            r.raise_for_status()
            runs += r.json()
            if len(r.json()) < 200:
                return runs
            offset += 200


class Driver:
    """A driver process and its journal; restarted after it was killed."""

    def __init__(self, omg: Omgeving, nr: int) -> None:
        self.omg, self.nr = omg, nr
        self.journaal = omg.tmp / f"driver-{nr}.jsonl"
        self.stopbestand = omg.tmp / f"driver-{nr}.stop"
        self.batches = 0
        self.start()

    def start(self) -> None:
        self.deel = self.omg.deel(f"driver-{self.nr}", [sys.executable, "-m", "tests.chaos.driver", str(self.journaal)],
                                  {"WERKPAD_FAULT_STOP": str(self.stopbestand)}, stdin=True)
        self.batches = 0

    def stuur(self, stappen: list[dict[str, Any]]) -> None:
        assert self.deel.proc is not None and self.deel.proc.stdin is not None
        self.deel.proc.stdin.write((json.dumps(stappen) + "\n").encode())
        self.deel.proc.stdin.flush()
        self.batches += 1

    def regels(self) -> list[dict[str, Any]]:
        if not self.journaal.exists():
            return []
        return [json.loads(r) for r in self.journaal.read_text().splitlines() if r.strip()]

    def klaar(self) -> bool:
        """This process finished all it was sent (its own `klaar` lines count from 1 per process)."""
        pid = self.deel.proc.pid if self.deel.proc else None
        eigen = [r for r in self.regels() if r.get("pid") == pid or "klaar" in r]
        # the last `klaar` line of this process: after its own pid's last start
        laatste_start = max((i for i, r in enumerate(eigen) if r.get("pid") == pid), default=-1)
        return any(r.get("klaar") == self.batches for r in eigen[laatste_start + 1:]) or (
            self.batches == 0)


class Chaos:
    """The scenario: cases, phases, faults, kills, restart, recovery and the findings."""

    def __init__(self, omg: Omgeving, aantal: int, seed: int) -> None:
        from tasks import runtime

        self.omg, self.aantal, self.rng = omg, aantal, random.Random(seed)
        self.rt = runtime.build_runtime(omg.s)
        self.kal = self.rt.kalender
        self.drivers = [Driver(omg, i) for i in range(2)]
        self.stappen: dict[str, Stap] = {}
        self.uitkomst: dict[str, dict[str, Any]] = {}  # step id -> its last final journal line
        self.pogingen: Counter[str] = Counter()
        self.kills: list[dict[str, Any]] = []
        self.fouten_gezien: dict[str, dict[str, Any]] = {}
        self.refs: dict[int, str] = {}
        self.geval_bsn = bsns(aantal)
        self.routes = {i: ("alleen" if i % 6 == 5 else "oponthoud" if i % 6 == 4 else "traject") for i in range(aantal)}
        self.sweeps: list[datetime] = []

    def om(self, d: date, uur: int, minuut: int = 5) -> datetime:
        from domain.herinneringen import lokaal_naar_utc

        return lokaal_naar_utc(datetime.combine(d, datetime.min.time().replace(hour=uur, minute=minuut)))

    def dag(self, i: int) -> date:
        """Aanmeldingen spread over werkdagen (forty a day), so intake slots stay near."""
        return self.kal.werkdagen_erbij(START, i // 40)

    # -- running steps on the drivers -----------------------------------------------------------
    def voer_uit(self, stappen: list[Stap], *, herstart_na: float | None = None) -> None:
        """Run these steps on the drivers (split by case, in order per case), kill a driver at a step's fault point,
        restart the Prefect server after `herstart_na` of them; re-issue what did not finish (twice at most)."""
        for s in stappen:
            self.stappen[s.id] = s
        for ronde in range(3):
            # (a failed batch run is not re-issued: the next sweep or check takes it over)
            open_ = [s for s in stappen if s.id not in self.uitkomst or self.uitkomst[s.id]["fase"] == "fout"
                     and s.id.startswith(STAPPEN)]
            if not open_:
                return
            if ronde:  # a re-issue carries no fault point: the person simply tries again
                for s in open_:
                    s.fout = None
            self._batch(open_, herstart_na if ronde == 0 else None)

    def _batch(self, stappen: list[Stap], herstart_na: float | None) -> None:
        t0 = time.monotonic()
        try:
            self._batch_(stappen, herstart_na)
        finally:
            print(f"  {stappen[0].id.rsplit('-', 1)[0]:<22} {len(stappen):>4} stappen  {time.monotonic() - t0:6.1f} s")

    def _batch_(self, stappen: list[Stap], herstart_na: float | None) -> None:
        per: list[list[Stap]] = [[], []]
        for s in stappen:
            per[(s.geval if s.geval is not None else 0) % 2].append(s)
        for d, lijst in zip(self.drivers, per, strict=True):
            if lijst:
                for s in lijst:
                    self.pogingen[s.id] += 1
                d.stuur([s.json() for s in lijst])
        herstart = herstart_na is not None
        einde = time.monotonic() + 900
        while time.monotonic() < einde:
            self._lees()
            if herstart and sum(1 for s in stappen if s.id in self.uitkomst) >= herstart_na * len(stappen):  # type: ignore[operator]
                self.omg.herstart_prefect()  # mid-run: steps on both drivers go on meanwhile
                herstart = False
            for d in self.drivers:
                if d.stopbestand.exists():
                    self._kill(d)
            if all(d.klaar() for d in self.drivers) and not herstart:
                self._lees()
                return
            for d in self.drivers:
                if d.deel.proc is not None and d.deel.proc.poll() is not None:
                    raise AssertionError(f"driver {d.nr} stopte zelf (exit {d.deel.proc.returncode}):\n"
                                         + d.deel.log.read_text()[-3000:])
            time.sleep(0.2)  # polling the drivers' journals (real processes), bounded above
        raise AssertionError("de drivers werden niet klaar binnen 900 s")

    def _lees(self) -> None:
        for d in self.drivers:
            for r in d.regels():
                if r.get("fase") in ("ok", "geweigerd", "fout"):
                    self.uitkomst[r["id"]] = r
                if r.get("fase") == "fout" and "DispatchUitgesteld" in r["fout"] and r["id"].startswith(STAPPEN):
                    self.fouten_gezien[r["id"]] = r

    def _kill(self, d: Driver) -> None:
        """The driver stands still mid-step (committed, not yet sent): find its RUNNING flow run, wait until the
        server has a heartbeat of it, then SIGKILL the driver's whole process group and start a new driver."""
        regels = d.regels()
        stap = self.stappen[next(r["id"] for r in reversed(regels) if r.get("fase") == "start")]
        ref = self.refs[stap.geval]  # type: ignore[index]

        def lopend() -> dict[str, Any] | None:
            return next((r for r in self.omg.flow_runs(flow_runs={"state": {"type": {"any_": ["RUNNING"]}}})
                         if ref in r["name"]), None)

        run = wacht(f"de RUNNING run van {stap.id}", lopend, 60)

        def hartslag() -> bool:
            r = httpx.post(f"{self.omg.api}/events/filter", headers=HEADERS, timeout=10, json={"filter": {
                "event": {"name": ["prefect.flow-run.heartbeat"]},
                "resource": {"id": [f"prefect.flow-run.{run['id']}"]}}})
            return r.status_code == 200 and r.json()["total"] > 0

        wacht(f"een hartslag van {stap.id}", hartslag, 60)
        assert d.deel.proc is not None
        os.killpg(d.deel.proc.pid, signal.SIGKILL)
        d.deel.proc.wait(30)
        self.kills.append({"stap": stap.id, "run": run["id"], "op": time.monotonic()})
        d.stopbestand.unlink()
        d.start()  # the rest of its batch is re-issued by voer_uit

    # -- the scenario ---------------------------------------------------------------------------
    def sweep(self, nu: datetime, beide: bool = False) -> None:
        """A deadline sweep (it dispatches too) on a moved clock; `beide`: two at the same moment, one per driver."""
        self.sweeps.append(nu)
        stappen = [Stap(f"sweep-{nu:%Y%m%d%H%M}-{k}", 0, k, "flow", nu, "flows.deadline_sweep:deadline_sweep")
                    for k in range(2 if beide else 1)]
        self.voer_uit(stappen)

    def lopend(self) -> set[str]:
        """References of the trajecten that run (the gemeente's decision made)."""
        from sqlmodel import select

        from casestore.db import session
        from casestore.models import Traject

        with session(self.omg.engine) as s:
            return {t.referentie for t in s.exec(select(Traject).where(Traject.status == "traject")).all()}

    def wachtend(self) -> list[str]:
        from sqlmodel import select

        from casestore.db import session
        from casestore.models import Traject

        with session(self.omg.engine) as s:
            return [t.referentie for t in s.exec(select(Traject).where(Traject.status == "wacht_op_uitkering")).all()]

    def haal_refs(self) -> None:
        from sqlmodel import select

        from casestore.db import session
        from casestore.models import Deelnemer, Traject

        with session(self.omg.engine) as s:
            for i, bsn in enumerate(self.geval_bsn):
                d = s.exec(select(Deelnemer).where(Deelnemer.bsn == bsn)).first()
                t = s.exec(select(Traject).where(Traject.deelnemer_id == d.id)).first() if d else None
                if t is not None:
                    self.refs[i] = t.referentie

    def speel(self) -> None:
        from domain.fasen import Fase, Uitstroom
        from domain.indicatie import BijlageSoort, Soort
        from domain.traject import Advies, Route

        omg, n = self.omg, self.aantal
        gemeenten = ("velsen", "beverwijk", "heemskerk")
        # 1. Aanmeldingen while the gemeente fails a share of calls.
        omg.storingen({"mode": "503", "aandeel": 0.15}, {"soort": "503", "aandeel": 0.3})
        self.voer_uit([Stap(f"aanmelden-{i}", 1, i, "aanmelden", self.om(self.dag(i), 9, 0), args={
            "bsn": self.geval_bsn[i], "naam": f"Chaos Persoon {i}", "geboortedatum": f"{1960 + i % 40}-03-14",
            "gemeente": gemeenten[i % 3], "werkcoach": f"wc.{gemeenten[i % 3]}@ijw.example"}) for i in range(n)])
        self.haal_refs()
        self.sweep(self.om(self.kal.werkdagen_erbij(START, 1), 7))
        # 2. Brede intake while the gemeente loses answers; the Prefect server restarts halfway.
        omg.storingen({"mode": "verloren", "aandeel": 0.25}, {"soort": "verloren", "aandeel": 0.25})
        intake: list[Stap] = []
        for i, ref in sorted(self.refs.items()):
            if self.routes[i] == "alleen":
                continue  # left alone: its intake tasks remind and escalate
            dag = self.kal.werkdagen_erbij(self.dag(i), 10)
            oponthoud = self.routes[i] == "oponthoud"
            acties = [{"omschrijving": "Inschrijven als werkzoekende bij UWV", "eigenaar": "deelnemer",
                       "deadline": (dag + timedelta(days=7)).isoformat()},
                      {"omschrijving": "Trajectplan opstellen", "eigenaar": "werkcoach",
                       "deadline": (dag + timedelta(days=14)).isoformat()}]
            intake.append(Stap(f"intake-{i}", 2, i, "flow", self.om(dag, 16), "flows.brede_intake:brede_intake_uitkomst",
                               {"referentie": ref, "advies": (Advies.negatief if oponthoud else Advies.positief).value,
                                "route": (Route.tijdelijk_oponthoud if oponthoud else Route.traject).value,
                                "plan_van_aanpak": [] if oponthoud else acties, "door": f"wc.{gemeenten[i % 3]}@ijw.example"}))
        self.voer_uit(intake, herstart_na=0.4)
        besluit = self.kal.werkdagen_erbij(self.dag(n - 1), 11)
        self.sweep(self.om(self.kal.werkdagen_erbij(START, 6), 7), beide=True)  # two sweeps at the same moment
        # 3. The gemeente grants; the uitkering check, with slow answers (after the client's timeout).
        for i, ref in self.refs.items():
            if self.routes[i] == "traject":
                httpx.post(f"{omg.gemeente}/_sim/uitkeringen/{ref}", json={"status": "toegekend"}, timeout=5)
        omg.storingen({"mode": "traag", "aandeel": 0.05, "vertraging": 1.7}, {"soort": "traag", "aandeel": 0.1,
                                                                               "vertraging": 1.7})
        for uur in (9, 10, 11):  # the hourly check, as scheduled: until every granted case is decided
            self.voer_uit([Stap(f"uitkering-controle-{uur}", 3, None, "flow", self.om(besluit, uur),
                                "flows.traject:uitkering_controle")])
            if not self.wachtend():
                break
        # 4. Fase and trajectplan while the gemeente handles requests twice; both drivers are killed mid-step.
        omg.storingen({"mode": "dubbel", "aandeel": 0.3}, {"soort": "geen-json", "aandeel": 0.2})
        dag4 = self.kal.werkdagen_erbij(besluit, 2)
        trajecten = [i for i in sorted(self.refs) if self.routes[i] == "traject"]
        fasen, plan = [], []
        lopend = self.lopend()
        te_doden = {next((i for i in trajecten if i % 2 == d and self.refs[i] in lopend), None) for d in (0, 1)}
        for i in trajecten:
            fasen.append(Stap(f"fase-{i}", 4, i, "flow", self.om(dag4, 10), "flows.fasen:traject_fase",
                              {"referentie": self.refs[i], "fase": Fase.werk_vinden.value, "reden": "Klaar om te solliciteren"},
                              fout="voor-verzenden" if i in te_doden else None))  # one running traject per driver
            plan.append(Stap(f"doel-{i}", 4, i, "flow", self.om(dag4, 11), "flows.trajectplan:trajectplan_doel",
                             {"referentie": self.refs[i], "omschrijving": "Werk vinden in de logistiek"}))
        self.voer_uit(fasen)
        self.voer_uit(plan)
        actie_stappen = []
        for i in trajecten:
            doel = self.uitkomst.get(f"doel-{i}", {}).get("res", {}).get("doel_id")
            if doel is not None:
                actie_stappen.append(Stap(
                    f"actie-{i}", 4, i, "flow", self.om(dag4, 11, 30), "flows.trajectplan:trajectplan_actie",
                    {"referentie": self.refs[i], "doel_id": doel, "omschrijving": "Cv bijwerken met deelnemer",
                     "uiterlijk": (dag4 + timedelta(days=10)).isoformat()}))
        self.voer_uit(actie_stappen)
        # 5. Indicatie at UWV (half the trajecten) while UWV fails, loses answers and answers no JSON.
        omg.storingen({"mode": "503", "aandeel": 0.2}, {"soort": "verloren", "aandeel": 0.3})
        dag5 = self.kal.werkdagen_erbij(besluit, 3)
        ind = [i for i in trajecten if i % 2 == 0]
        self.voer_uit([Stap(f"indicatie-aanvragen-{i}", 5, i, "flow", self.om(dag5, 10), "flows.indicatie:indicatie_aanvragen",
                            {"referentie": self.refs[i], "soort": Soort.banenafspraak.value}) for i in ind])
        self.voer_uit([Stap(f"indicatie-indienen-{i}", 5, i, "flow", self.om(dag5, 11), "flows.indicatie:indicatie_indienen",
                            {"referentie": self.refs[i], "bijlagen": [BijlageSoort.stageverslag.value]}) for i in ind])
        for w in (5, 9, 13):
            self.sweep(self.om(self.kal.werkdagen_erbij(besluit, w), 7))
        # 6. Uitstroom of the trajecten without an indicatie running.
        omg.storingen({"mode": "verloren", "aandeel": 0.2}, {"soort": "503", "aandeel": 0.2})
        dag6 = self.kal.werkdagen_erbij(besluit, 16)
        self.voer_uit([Stap(f"uitstroom-{i}", 6, i, "flow", self.om(dag6, 10), "flows.fasen:traject_uitstroom",
                            {"referentie": self.refs[i], "uitkomst": Uitstroom.werkaanvaarding.value,
                             "reden": "Vast contract in de logistiek"}) for i in trajecten if i % 2 == 1])
        for w in (18, 24):
            self.sweep(self.om(self.kal.werkdagen_erbij(besluit, w), 7))

    def herstel(self) -> int:
        """Faults off; re-issue every step that did not finish, in order; sweep until the outbox is empty."""
        from sqlmodel import select

        from casestore.db import session
        from casestore.models import Outbox

        self.omg.storingen(None, None)
        self.heruitgegeven = []
        for keer in range(2):  # a step refused because the gemeente had not decided yet goes again after its check
            open_ = sorted((s for s in self.stappen.values() if self.uitkomst.get(s.id, {}).get("fase") != "ok"
                            and not s.id.startswith(("sweep-", "uitkering-controle"))), key=lambda s: (s.fase, s.id))
            for s in open_:
                s.fout = None
                # forget the refusal, or voer_uit would count the step as done and not issue it again (a refusal
                # rolls its transaction back: the same key runs the step anew)
                self.uitkomst.pop(s.id, None)
            self.heruitgegeven += [s.id for s in open_ if s.id not in self.heruitgegeven]
            if open_:
                self.voer_uit(open_)
            if self.wachtend():  # what the hourly schedule would do
                self.voer_uit([Stap(f"uitkering-controle-herstel-{keer}", 7, None, "flow",
                                    self.sweeps[-1] + timedelta(hours=2 + keer), "flows.traject:uitkering_controle")])
        dag = self.sweeps[-1].date()
        for ronde in range(1, 6):
            nu = self.om(self.kal.werkdagen_erbij(dag, ronde), 7)
            self.sweep(nu)
            with session(self.omg.engine) as db:
                if not db.exec(select(Outbox).where(Outbox.status != "sent")).all():
                    return ronde
        return 5


@pytest.fixture()
def omgeving(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Omgeving]:
    if not pg_available():
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL must be reachable in CI (.ci/run starts it)")
        pytest.skip("PostgreSQL not reachable on 127.0.0.1:5432")
    omg = Omgeving(tmp_path, request.config.getoption("--chaos-seed"))
    try:
        omg.start()
        yield omg
    finally:
        omg.stop()


def test_chaos(omgeving: Omgeving, request: pytest.FixtureRequest) -> None:
    t0 = time.monotonic()
    aantal, seed = request.config.getoption("--chaos-aantal"), request.config.getoption("--chaos-seed")
    print(f"\nchaos: {aantal} trajecten, seed {seed}")
    chaos = Chaos(omgeving, aantal, seed)
    chaos.speel()
    rondes = chaos.herstel()
    bevindingen = Bevindingen(chaos)
    t1 = time.monotonic()
    bevindingen.verzamel()
    print(f"  verzamelen (met de wacht op Crashed) {time.monotonic() - t1:.1f} s")
    print(bevindingen.tabel(time.monotonic() - t0, rondes))
    bevindingen.controleer()
    # Faults other issue-21 branches fix; until they are merged this part alone is an expected failure.
    bevindingen.bekende_fouten()


from tests.chaos.bevindingen import Bevindingen  # noqa: E402  (the checks, beside the scenario)
