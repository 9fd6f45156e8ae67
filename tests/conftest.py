"""Shared fixtures: real SMTP (aiosmtpd), real partner simulators (uvicorn on loopback),
real SQLite, and PostgreSQL when a server is reachable on 127.0.0.1:5432."""

from __future__ import annotations

import copy
import os
import shutil
import socket
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Self

import httpx
import pytest

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
# Keep tests away from a developer's ~/.prefect and from a running stack.
os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="werkpad-test-prefect-")
os.environ.pop("PREFECT_API_URL", None)
os.environ["PREFECT_LOGGING_SETTINGS_PATH"] = str(Path(__file__).resolve().parents[1] / "deployments" / "logging.yml")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ["WERKPAD_RETRY_DELAYS"] = "0,0"  # retries still happen (and are tested), without real waits
# CLI steps run their flow in the test's process (the stack's REST door is tested in tests/stack and tests/cli).
os.environ.setdefault("WERKPAD_STAPPEN_IN_PROCES", "1")
# BKWI's XSDs: the product has no default folder (ops supply it; without one the XSD check is off in
# development). The tests validate every Suwinet and IB message against the house's copy beside the repo.
SPECS_SUWINET = Path(__file__).resolve().parents[2] / "shared" / "specs" / "suwinet"
os.environ.setdefault("WERKPAD_SUWINET__SPECS_DIR", str(SPECS_SUWINET))

PG_ADMIN_URL = os.environ.get("WERKPAD_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
SECRET = "test-secret-of-at-least-32-bytes!!"  # the simulator's client werkpad-test


def make_settings(*, db_url: str, sim_url: str, data_dir: Path, smtp_port: int = 9) -> Any:
    """The one settings object as a test's werkpad sees it: its store, simulator, mail server and folder."""
    from tasks.settings import Settings

    return Settings(data_dir=data_dir, casestore={"url": db_url}, mail={"smtp_port": smtp_port},  # type: ignore[arg-type]
                    gemeente={"api_url": sim_url, "client_id": "werkpad-test", "secret": SECRET})


def settings_env(settings: Any) -> dict[str, str]:
    """Those settings as the environment of a werkpad process (as `werkpad up` passes them to its children)."""
    from werkpad.settings import werkpad_env

    return werkpad_env(settings)


@pytest.fixture(autouse=True)
def _environment_restored() -> Iterator[None]:
    """The CLI points Prefect at werkpad's server in os.environ (PREFECT_API_URL, ...); that must
    not leak from one test into the next."""
    saved = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(saved)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class AppServer:
    """An ASGI app (a partner simulator) served by uvicorn on a loopback port, in a thread."""

    def __init__(self, app: Any, port: int | None = None, **tls: Any) -> None:
        """`tls`: uvicorn's ssl_* options (ssl_certfile, ssl_keyfile, ssl_ca_certs, ssl_cert_reqs)."""
        import uvicorn

        self.port = port or free_port()
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port,
                                                    log_level="warning", lifespan="off", **tls))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> Self:
        self.thread.start()
        for _ in range(200):
            if self.server.started:
                return self
            time.sleep(0.02)  # waiting for a real server thread to bind, not for the clock
        raise RuntimeError("simulator did not start")

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(5)

    def drive(self, path: str, body: dict[str, object]) -> httpx.Response:
        return httpx.post(f"{self.url}{path}", json=body, timeout=5)


class SimServer(AppServer):
    """The gemeente simulator."""

    def __init__(self, secrets: dict[str, str], state_file: Path | None = None, port: int | None = None,
                 **kwargs: Any) -> None:
        from integrations.gemeente.simulator import SimState, create_app

        port = port or free_port()
        # With a state file, run it as the stack does: a fixed base URL that survives a restart.
        self.state = SimState(secrets=secrets, state_file=state_file,
                              base_url=f"http://127.0.0.1:{port}" if state_file else None, **kwargs)
        super().__init__(create_app(self.state), port)


@pytest.fixture(scope="session")
def simulator() -> Iterator[SimServer]:
    s = SimServer({"werkpad-test": SECRET}).start()
    _SIMULATOR[:] = [s]
    yield s
    _SIMULATOR.clear()
    s.stop()


_SIMULATOR: list[SimServer] = []  # the session's simulator, for `wachtend_traject`


@pytest.fixture()
def sim(simulator: SimServer) -> Iterator[SimServer]:
    """Each test gets an empty gemeente: every case store starts again at IJW-<jaar>-000001.
    Tests move werkpad's clock freely (a besluit dated 2027), so the gemeente's calendar does not
    refuse a date 'in the future' unless a test sets its day (/_sim/klok)."""
    st = simulator.state
    st.leeg()  # no records, the full catalogue, the applicaties it started with, no faults
    st.klok = date.max
    yield simulator
    st.reset_faults()
    st.klok = date.max


@pytest.fixture()
def mailbox(tmp_path: Path) -> Iterator[object]:
    from notifications.mailcatcher import MailCatcher

    mc = MailCatcher(tmp_path / "mail", port=free_port()).start()
    yield mc
    mc.stop()


def pg_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL.replace("postgresql://", "postgresql://", 1), connect_timeout=2):
            return True
    except Exception:
        return False


WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")  # gw0, gw1, ... under pytest-xdist


def make_pg_database(template: str | None = None) -> str:
    """A new database (named per xdist worker), empty or a copy of `template` (CREATE DATABASE ... TEMPLATE)."""
    import psycopg

    name = f"werkpad_test_{WORKER}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name


def drop_pg_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# PostgreSQL: the case-store kernel (tests/casestore) and the tests marked `@pytest.mark.postgresql`
# (one whole path per process) run on both stores; every other test runs on SQLite only. CI runs them
# all (`./run test`); `-m "not postgresql"` leaves the PostgreSQL runs out on a machine without it.
PG_EVERYWHERE = Path(__file__).parent / "casestore"


def pytest_addoption(parser: pytest.Parser) -> None:
    from tests.chaos.conftest import opties

    opties(parser)  # --chaos-aantal, --chaos-seed


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto`: a worker per core, and one more for each of the three real-stack tests (tests/chaos,
    tests/stack: `LANG`), which start first, each on a worker of its own (`LangsteEerst`), and mostly wait on
    their processes' clocks for minutes: the other workers keep the cores busy with the rest meanwhile."""
    return (os.cpu_count() or 1) + 3


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "postgresql: this test also runs on PostgreSQL (its [postgresql] run "
                                       "carries the marker; `-m 'not postgresql'` leaves those runs out)")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "db_kind" not in metafunc.fixturenames:
        return  # no store, or a module's own db_url
    if metafunc.definition.get_closest_marker("postgresql") or PG_EVERYWHERE in metafunc.definition.path.parents:
        metafunc.parametrize("db_kind", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)], indirect=True)


SLOW_FIRST = ("tests/stack/", "tests/chaos/")  # started first, so that its minutes of waiting overlap with the rest

# The longest tests, with their wall seconds beside the rest of the suite on this 2-core machine (--durations of
# the whole suite, 8 December 2026, with other work on the machine: about 1.6× CI's times), by node id prefix.
# Only where and when they start depends on it (`LangsteEerst`): a stale number costs wall time, never a test.
LANG: dict[str, float] = {
    "tests/chaos/": 420,
    "tests/flows/test_demo.py::test_the_demo_walks_every_process": 380,
    "tests/stack/test_productie.py": 340,
    "tests/stack/test_stack.py": 130,
    "tests/flows/test_fasen.py::test_every_fase_change_and_the_uitstroom_report_exactly_once_to_the_gemeente": 80,
    "tests/flows/test_fasen.py::test_nazorg_reminds_the_jobcoach_once_per_taak": 75,
    "tests/flows/test_fasen.py::test_terugmelding_gives_the_klantmanager_a_task_to_assess_ontheffing": 70,
}


def verwachte_duur(nodeid: str) -> float:
    """A test's expected wall seconds from LANG (the longest matching prefix), 0 when it is not a long one."""
    passend = [p for p in LANG if nodeid.startswith(p)]
    return LANG[max(passend, key=len)] if passend else 0.0


def verdeel_lang(collection: list[str], werkers: int) -> list[list[int]]:
    """The long tests (by index), spread over the workers longest first, each to the least loaded one."""
    last = [0.0] * werkers
    per_werker: list[list[int]] = [[] for _ in range(werkers)]
    for i in sorted((i for i, n in enumerate(collection) if verwachte_duur(n)), key=lambda i: -verwachte_duur(collection[i])):
        w = min(range(werkers), key=lambda w: last[w])
        last[w] += verwachte_duur(collection[i])
        per_werker[w].append(i)
    return per_werker


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist: unknown (and unused) under -p no:xdist
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """`--dist worksteal` (the default), but the long tests first, one per worker (`LangsteEerst`)."""
    if config.getoption("dist") != "worksteal":
        return None
    from xdist.scheduler import WorkStealingScheduling

    class LangsteEerst(WorkStealingScheduling):  # type: ignore[misc]
        """xdist's worksteal hands each worker one contiguous share of the collection, so the long tests, sorted
        to the front, all landed in the first worker's share and ran one after another (chaos, productie, stack:
        about 10 minutes of one worker, the suite's tail). Here they go out first, spread longest first over the
        workers; then the rest is shared and stolen as worksteal does."""

        def schedule(self) -> None:
            if self.collection is None and self.collection_is_completed and self._check_nodes_have_same_collection():
                collection = next(iter(self.node2collection.values()))
                nodes = self.nodes
                for node, lang in zip(nodes, verdeel_lang(collection, len(nodes)), strict=True):
                    if lang:
                        self.node2pending[node].extend(lang)
                        node.send_runtest_some(lang)
                vergeven = {i for node in nodes for i in self.node2pending[node]}
                self.collection = collection
                self.pending[:] = [i for i in range(len(collection)) if i not in vergeven]
                self.check_schedule()
                return
            super().schedule()

    return LangsteEerst(config, log)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.nodeid.startswith("tests/browser/"):
            item.add_marker(pytest.mark.browser)  # every test there drives Chromium, whoever writes it
        callspec = getattr(item, "callspec", None)
        if callspec is not None and callspec.params.get("db_kind") == "sqlite":
            # the function's `postgresql` marker means "also on PostgreSQL": its SQLite run is not a PostgreSQL test
            item.own_markers[:] = [m for m in item.own_markers if m.name != "postgresql"]
    items.sort(key=lambda i: not i.nodeid.startswith(SLOW_FIRST))  # stable: otherwise collection order


@pytest.fixture()
def db_kind(request: pytest.FixtureRequest) -> str:
    """sqlite, or postgresql for the tests parametrized over both (pytest_generate_tests)."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite case store migrated to the head once per session (per xdist worker)."""
    from casestore.db import make_engine, upgrade

    path = tmp_path_factory.mktemp("template") / "werkpad.db"
    e = make_engine(f"sqlite:///{path}")
    upgrade(e)
    e.dispose()  # the last connection checkpoints the WAL into the file: the file alone is the store
    return path


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    """A PostgreSQL database migrated to the head once per session (per xdist worker); tests get
    `CREATE DATABASE ... TEMPLATE` copies of it."""
    from casestore.db import make_engine, upgrade

    url = make_pg_database()
    e = make_engine(url)
    upgrade(e)
    e.dispose()  # a template must have no open connections while it is copied
    yield url.rsplit("/", 1)[1]
    drop_pg_database(url)


@pytest.fixture()
def db_url(request: pytest.FixtureRequest, db_kind: str, tmp_path: Path) -> Iterator[str]:
    """The test's case store: empty, or (when the test uses `engine`) already at the newest migration,
    copied from the session's migrated template instead of migrated again."""
    migrated = "engine" in request.fixturenames
    if db_kind == "sqlite":
        db = tmp_path / "werkpad.db"
        if migrated:
            shutil.copyfile(request.getfixturevalue("sqlite_template"), db)
            os.chmod(db, 0o600)
        yield f"sqlite:///{db}"
        return
    if not pg_available():
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL must be reachable in CI (.ci/run starts it)")
        pytest.skip("PostgreSQL not reachable on 127.0.0.1:5432")
    url = make_pg_database(request.getfixturevalue("pg_template") if migrated else None)
    yield url
    drop_pg_database(url)


@pytest.fixture()
def engine(db_url: str) -> Iterator[object]:
    """The test's case store, at the newest migration: `db_url` copied it from the migrated template;
    a module's own `db_url` (an empty file) is migrated here."""
    from casestore.db import current_revision, head_revision, make_engine, upgrade

    e = make_engine(db_url)
    if current_revision(e) != head_revision():
        upgrade(e)
    yield e
    e.dispose()


@pytest.fixture()
def rt(engine: object, db_url: str, sim: SimServer, mailbox: object, tmp_path: Path) -> Iterator[object]:
    """A configured runtime for tasks (case store migrated by `engine`), built as werkpad builds it:
    from one settings object, pointing at the real SMTP catcher and the real simulator."""
    from tasks import runtime

    r = runtime.build_runtime(make_settings(db_url=db_url, sim_url=sim.url, data_dir=tmp_path,
                                            smtp_port=mailbox.port))  # type: ignore[attr-defined]
    runtime.configure(r)
    yield r
    runtime.configure(None)
    r.engine.dispose()


def gezet_op(moment: datetime) -> str:
    """The day a gemeente records for a status of this moment: werkpad never sends a moment after the
    real now (Open Zaak refuses it), so a test clock ahead of today is capped at today (UTC, as sent)."""
    return min(moment.astimezone(UTC), datetime.now(UTC)).date().isoformat()


def besluit_datum(d: date) -> str:
    """The beslisdatum a gemeente records: never after the real today (Open Zaak refuses it), so a
    test clock ahead of today is capped at today (Amsterdam's calendar day)."""
    from domain.herinneringen import lokale_datum

    return min(d, lokale_datum(datetime.now(UTC))).isoformat()


def verlaging_http(rt: Any) -> None:
    """Tests of werkpad's own verlagingen contract: the gemeenten take verlagingen over `http`
    (the default is a task mail for the uitkeringsadministratie)."""
    from domain.gemeenten import VerlagingBron

    for g in rt.gemeenten.values():
        g.uitkering.verlaging = VerlagingBron.http


def sim_type(sim: Any, soort: str, omschrijving: str, zaaktype: str = "IJW-REINTEGRATIE") -> str:
    """The URL of a catalogue type at the simulator, by its omschrijving (as werkpad finds it)."""
    from integrations.gemeente.auth import make_token

    h = {"Authorization": "Bearer " + make_token("werkpad-test", SECRET)}
    params = {"zaaktypen": sim_type(sim, "zaaktypen", zaaktype, zaaktype)} if soort == "besluittypen" else \
        {"identificatie": zaaktype} if soort == "zaaktypen" else {"zaaktypeIdentificatie": zaaktype}
    items = httpx.get(f"{sim.url}/catalogi/api/v1/{soort}", params=params, headers=h, timeout=5).json()["results"]
    if soort == "zaaktypen":
        return str(items[-1]["url"])
    return str(next(i["url"] for i in items if i["omschrijving"] == omschrijving))


def at(s: str) -> datetime:
    """Local Amsterdam wall time -> aware UTC, for readable clocks in tests."""
    from domain.herinneringen import lokaal_naar_utc

    return lokaal_naar_utc(datetime.fromisoformat(s))


def utc(s: str) -> datetime:
    return datetime.fromisoformat(s).replace(tzinfo=UTC)


def prefect_sjabloon(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Prefect SQLite database at Prefect's newest migration, made once per run and shared by the xdist
    workers (their common temp folder, under a file lock): each worker's test server starts on a copy of it
    instead of migrating an empty database (about half of the server's start)."""
    import fcntl
    import sqlite3
    import subprocess
    import sys

    basis = tmp_path_factory.getbasetemp()
    gedeeld = basis.parent if WORKER != "main" else basis  # pytest-N/ holds popen-gw0/, popen-gw1/, ...
    sjabloon = gedeeld / "prefect-sjabloon.db"
    with open(gedeeld / "prefect-sjabloon.lock", "w") as slot:
        fcntl.flock(slot, fcntl.LOCK_EX)
        if not sjabloon.exists():
            werk = Path(tempfile.mkdtemp(prefix="werkpad-prefect-sjabloon-"))
            env = {**os.environ, "PREFECT_HOME": str(werk / "home"),
                   "PREFECT_SERVER_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{werk / 'prefect.db'}"}
            subprocess.run([sys.executable, "-m", "prefect", "server", "database", "upgrade", "-y"], env=env,
                           check=True, capture_output=True, timeout=300)
            with sqlite3.connect(werk / "prefect.db") as bron, sqlite3.connect(werk / "kopie.db") as doel:
                bron.backup(doel)  # WAL and all, into one file
            (werk / "kopie.db").rename(sjabloon)
    return sjabloon


@pytest.fixture(scope="session")
def prefect(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """One Prefect test server for the session (12-18 s to start; on a migrated copy, `prefect_sjabloon`),
    heartbeats off (-1 s/flow)."""
    from contextlib import ExitStack

    import prefect.testing.utilities as harnas
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    sjabloon = prefect_sjabloon(tmp_path_factory)
    mkdtemp = harnas.mkdtemp

    def map_met_sjabloon() -> str:  # the harness's folder for its database, with the copy already in it
        map_ = mkdtemp()
        shutil.copyfile(sjabloon, Path(map_) / "prefect-test.db")  # the harness's name: another is simply unused
        return map_

    with ExitStack() as stapel:
        harnas.mkdtemp = map_met_sjabloon
        try:
            stapel.enter_context(harnas.prefect_test_harness(server_startup_timeout=90))
        finally:
            harnas.mkdtemp = mkdtemp
        with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
            from deployments.serve import deployments

            for d in deployments():  # waking timers start deployments: the test server knows them all
                d.apply()
            yield


def wachtend_traject(rt: object, bsn: str, gemeente: str = "velsen", nu: str = "2026-11-23T09:00") -> str:
    """A traject through aanmelding and brede intake (plain steps, no Prefect), waiting for the
    gemeente's uitkeringsbesluit, with its zaak registered at the simulator. Walked once per session
    and copied in afterwards (`prepared`) when the runtime talks to the session's simulator."""
    sim = _SIMULATOR[0] if _SIMULATOR else None
    if sim is None or str(rt.settings.gemeente.api_url).rstrip("/") != sim.url:  # type: ignore[attr-defined]
        return _wachtend_traject(rt, bsn, gemeente, nu)
    return str(prepared(rt, sim, ("wachtend_traject", bsn, gemeente, nu), lambda: _wachtend_traject(rt, bsn, gemeente, nu)))


def _wachtend_traject(rt: object, bsn: str, gemeente: str, nu: str) -> str:
    from datetime import date, timedelta

    from domain.traject import Actie, Advies, BredeIntakeUitkomst, Eigenaar, Route
    from tasks.aanmelding import plan_intake, registreer
    from tasks.brede_intake import leg_uitkomst_vast
    from tasks.dispatch import dispatch

    t0 = at(nu)
    ref = registreer(rt, bsn=bsn, naam="Test Persoon", geboortedatum=date(1980, 1, 1), gemeente=gemeente,  # type: ignore[arg-type]
                     werkcoach=f"wc.{gemeente}@ijw.example", nu=t0, actor="test")
    plan_intake(rt, referentie=ref, nu=t0)  # type: ignore[arg-type]
    dispatch(rt, nu=t0)  # type: ignore[arg-type]
    later = t0 + timedelta(days=14)
    uitkomst = BredeIntakeUitkomst(advies=Advies.positief, route=Route.traject, plan_van_aanpak=[
        Actie(omschrijving="Trajectplan opstellen", eigenaar=Eigenaar.werkcoach, deadline=date(2027, 1, 29))])
    leg_uitkomst_vast(rt, referentie=ref, uitkomst=uitkomst, nu=later, actor="test")  # type: ignore[arg-type]
    dispatch(rt, nu=later)  # type: ignore[arg-type]
    return ref


# -- prepared cases ------------------------------------------------------------------------------
# Many tests first walk a case through the same front door ("a traject with its uitkering granted")
# and then test one step. `prepared` walks it once per session (per xdist worker) and afterwards
# copies the result in: the case store (SQLite's backup API, through the live file), the gemeente
# simulator's records and the mails the walk sent. Only from a pristine start (an empty store, an
# untouched gemeente, the same configuration): anything else walks the door again, as does PostgreSQL.
_PREPARED: dict[tuple[Any, ...], tuple[Path, dict[str, Any], Any]] = {}


def _sim_fingerprint(st: Any) -> str:
    return repr(({k: getattr(st, k) for k in st.PERSISTED}, st.verzoeken, st.requests, st.fault, st.fault_volgende,
                 st.fault_aandeel, st.klok, st.secrets, st.applicaties, st.catalogus.versies, st.catalogus.verwijderd))


def _sqlite_file(rt: Any) -> Path | None:
    url = str(rt.settings.casestore.url)
    return Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None


def _store_is_empty(rt: Any) -> bool:
    from sqlalchemy import inspect, text

    with rt.engine.connect() as c:
        tables = [t for t in inspect(c).get_table_names() if t != "alembic_version"]
        return all(c.execute(text(f'SELECT 1 FROM "{t}" LIMIT 1')).first() is None for t in tables)


def _extra_files(data_dir: Path, db: Path) -> list[Path]:
    skip = {db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")}
    return [p for p in sorted(data_dir.rglob("*")) if p.is_file() and p not in skip]


def prepared(rt: Any, sim: Any, key: tuple[Any, ...], build: Any) -> Any:
    """`build()`'s result and the state it leaves; walked once per session for this key and start."""
    import sqlite3

    db = _sqlite_file(rt)
    st = sim.state
    data_dir = Path(rt.settings.data_dir)
    if db is None or _extra_files(data_dir, db) or not _store_is_empty(rt):
        return build()
    full_key = (key, _sim_fingerprint(st), repr(rt.gemeenten), repr(rt.maatregelen), repr(rt.afspraken))
    if full_key in _PREPARED:
        snapshot, sim_state, result = _PREPARED[full_key]
        with sqlite3.connect(snapshot) as src, sqlite3.connect(db) as dst:
            src.backup(dst)
        with st.lock:
            for k, v in copy.deepcopy(sim_state).items():
                if isinstance(v, dict):
                    getattr(st, k).clear()
                    getattr(st, k).update(v)
                else:
                    setattr(st, k, v)
        for f in (snapshot.parent / "files").rglob("*"):
            if f.is_file():
                target = data_dir / f.relative_to(snapshot.parent / "files")
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(f, target)
        return copy.deepcopy(result)
    result = build()
    folder = Path(tempfile.mkdtemp(prefix="werkpad-prepared-"))
    snapshot = folder / "werkpad.db"
    with sqlite3.connect(db) as src, sqlite3.connect(snapshot) as dst:
        src.backup(dst)
    for f in _extra_files(data_dir, db):
        target = folder / "files" / f.relative_to(data_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(f, target)
    with st.lock:
        sim_state = copy.deepcopy({**{k: getattr(st, k) for k in st.PERSISTED}, "verzoeken": st.verzoeken,
                                   "requests": st.requests})
    _PREPARED[full_key] = (snapshot, sim_state, copy.deepcopy(result))
    return result


@pytest.fixture()
def deur(rt: Any, prefect: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The generated step doors (werkpad/deur.py) on the test's runtime, running the step's flow in this process
    on the session's Prefect test server."""
    import werkpad.deur as d

    monkeypatch.setattr(d, "settings", lambda: rt.settings)
    monkeypatch.setattr(d, "require_prefect", lambda s: None)
    return d


def weigert(res: Any, reden: str) -> None:
    """A step's flow refused (it ended Completed as "Geweigerd") with `reden` in its Dutch line."""
    assert res["geweigerd"] is True and reden in res["tekst"], res
