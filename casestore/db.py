"""Engine and session factory; schema changes only through Alembic migrations."""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, create_engine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
# The newest migration. Kept here so that reading the store needs no Alembic (~0.13 s of every
# command's start); tests/casestore/test_schema_head.py checks it against the migration scripts.
HEAD = "0012"


PRIVATE_DIR, PRIVATE_FILE = 0o700, 0o600


def private_dir(path: Path) -> Path:
    """Create a folder (and its missing parents) readable by its owner only.

    The data folder holds the case store (BSN, name, birth date), the gemeente-simulator's state
    and the mails: other users of the machine must not list or read it. Folders that existed
    already are left as they are (the parent of a store configured elsewhere is not ours)."""
    nieuw = [p for p in (path, *path.parents) if not p.exists()]
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    for p in nieuw:
        os.chmod(p, PRIVATE_DIR)  # mkdir's mode is reduced by the umask and not applied to parents
    return path


def _private_sqlite(db: Path) -> None:
    """The SQLite file exists, owner-only, before SQLite opens it: SQLite creates its -wal and
    -shm files with the database file's permissions. An existing file is tightened too."""
    private_dir(db.parent)
    os.close(os.open(db, os.O_CREAT | os.O_RDWR, PRIVATE_FILE))
    os.chmod(db, PRIVATE_FILE)


def ontbrekend_sqlite_bestand(url: str) -> Path | None:
    """The SQLite file of this url when it does not exist yet (None: it exists, or not SQLite)."""
    if not url.startswith("sqlite:///"):
        return None
    database = make_url(url).database
    db = Path(database) if database and database != ":memory:" else None
    return db if db is not None and not db.exists() else None


def make_engine(url: str, **kw: Any) -> Engine:
    if url.startswith("sqlite:///"):
        database = make_url(url).database
        db = Path(database) if database and database != ":memory:" else None
        if db is not None:
            _private_sqlite(db)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **kw)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()
            if db is not None:  # should SQLite ever create them wider (another umask, an old file)
                for extra in (db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
                    if extra.exists() and extra.stat().st_mode & 0o077:
                        os.chmod(extra, PRIVATE_FILE)

        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return create_engine(url, pool_pre_ping=True, **kw)


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (idempotent)."""
    from alembic import command

    with engine.begin() as conn:
        cfg = alembic_config(engine)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


class SchemaNietBijgewerkt(RuntimeError):
    """The store's schema is not the one this code was written for; nothing migrates implicitly."""


def head_revision() -> str:
    return HEAD


@functools.cache
def script_head() -> str:
    """The head as Alembic reads it from the migration scripts (for the test that guards HEAD)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The store's revision, read from Alembic's own table without loading Alembic."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    if len(rows) > 1:  # branches: never made by werkpad's linear migrations
        return ",".join(sorted(rows))
    return rows[0] if rows else None


def _known(revision: str) -> bool:
    from alembic.script import ScriptDirectory

    try:
        return ScriptDirectory(str(MIGRATIONS)).get_revision(revision) is not None
    except Exception:  # alembic raises ResolutionError (or CommandError) for a revision it has no script for
        return False


def check_schema(engine: Engine) -> None:
    """Refuse a store whose schema is behind (or ahead of) this code, with what to do about it."""
    current, head = current_revision(engine), head_revision()
    if current == head:
        return
    if current is not None and not _known(current):
        raise SchemaNietBijgewerkt(f"De case store heeft schema {current}, dat deze versie van werkpad niet kent "
                                   f"(nodig {head}); draait hier een oudere versie dan die de store bijwerkte?")
    raise SchemaNietBijgewerkt(f"De case store is niet bijgewerkt (schema {current or 'leeg'}, nodig {head}): "
                               "draai `werkpad db-upgrade`.")


def session(engine: Engine) -> Session:
    return Session(engine, expire_on_commit=False)
