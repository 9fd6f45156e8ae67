"""The schema check reads the store without Alembic; HEAD must follow the migration scripts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from alembic.runtime.migration import MigrationContext

from casestore.db import HEAD, check_schema, current_revision, make_engine, script_head, upgrade


def test_head_constant_is_the_newest_migration() -> None:
    assert HEAD == script_head(), "a new migration was added: set casestore.db.HEAD to its revision"


def test_current_revision_reads_what_alembic_wrote(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'w.db'}")
    try:
        assert current_revision(engine) is None  # no alembic_version table yet
        upgrade(engine)
        with engine.connect() as conn:
            assert current_revision(engine) == MigrationContext.configure(conn).get_current_revision() == HEAD
        check_schema(engine)  # passes on a store at head
    finally:
        engine.dispose()


def test_schema_check_does_not_load_alembic(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    engine = make_engine(f"sqlite:///{db}")
    upgrade(engine)
    engine.dispose()
    code = (f"import sys; from casestore.db import make_engine, check_schema; "
            f"check_schema(make_engine('sqlite:///{db}')); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert r.stdout.strip() == "[]", r.stdout
