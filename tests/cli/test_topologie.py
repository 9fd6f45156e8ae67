"""The productie topology's settings and doors, without starting it (tests/stack/test_productie.py starts it):
a locked API outside development, the case store every host finds, the CLI's own auth, the worker's refusals,
and the databases it makes on a PostgreSQL server."""

from __future__ import annotations

import base64
import os
import uuid
from pathlib import Path

import pytest

from tests.conftest import PG_ADMIN_URL, free_port, pg_available


def _settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, **env: str):  # type: ignore[no-untyped-def]
    from tasks.settings import klasse

    monkeypatch.setenv("WERKPAD_DATA_DIR", str(tmp_path))
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    return klasse()()


def werkpad(args: list[str]) -> tuple[int, str]:
    from typer.testing import CliRunner

    from werkpad.cli import app

    r = CliRunner().invoke(app, args, catch_exceptions=False, env={"COLUMNS": "300"})
    return r.exit_code, r.output


def test_outside_development_the_api_is_never_open(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from werkpad.productie import auth_fout

    monkeypatch.delenv("PREFECT_API_AUTH_STRING", raising=False)
    s = _settings(monkeypatch, tmp_path)
    assert auth_fout(s) is None  # ontwikkeling: the embedded stack may stay open on loopback
    from tasks.settings import Omgeving

    for omgeving in (Omgeving.test, Omgeving.productie):
        s = s.model_copy(update={"omgeving": omgeving})
        fout = auth_fout(s)
        assert fout is not None and "WERKPAD_STACK__API_AUTH is niet gezet" in fout and omgeving in fout
    s = _settings(monkeypatch, tmp_path, WERKPAD_STACK__API_AUTH="beheer:geheim-lang-genoeg")
    assert auth_fout(s.model_copy(update={"omgeving": Omgeving.productie})) is None
    for zwak in (":", "a:b", "zonderdubbelepunt-maar-lang", ":geheim-lang-genoeg-zonder-gebruiker"):  # the trial's
        s = _settings(monkeypatch, tmp_path, WERKPAD_STACK__API_AUTH=zwak)
        fout = auth_fout(s.model_copy(update={"omgeving": Omgeving.productie}))
        assert fout is not None and "'gebruiker:wachtwoord'" in fout and "minstens 16 tekens" in fout, zwak


def test_every_client_sends_the_auth_and_no_process_logs_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from werkpad.productie import maak_auth
    from werkpad.settings import api_auth, api_headers, prefect_env

    monkeypatch.delenv("PREFECT_API_AUTH_STRING", raising=False)
    s = _settings(monkeypatch, tmp_path)
    assert api_headers(s) == {}
    maak_auth(s)  # the local productie topology makes its own, owner-only
    bestand = tmp_path / "prefect-auth"
    assert bestand.stat().st_mode & 0o077 == 0
    auth = api_auth(s)
    assert auth is not None and auth.startswith("werkpad:") and len(auth) > 30
    assert api_headers(s) == {"Authorization": "Basic " + base64.b64encode(auth.encode()).decode()}
    assert prefect_env(s)["PREFECT_API_AUTH_STRING"] == auth  # workers and flow runs: the environment, no argv
    maak_auth(s)
    assert api_auth(s) == auth  # made once
    gezet = _settings(monkeypatch, tmp_path, WERKPAD_STACK__API_AUTH="beheer:ander")
    assert api_auth(gezet) == "beheer:ander"  # the setting wins


def test_every_host_finds_the_same_case_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    s = _settings(monkeypatch, tmp_path)
    assert s.casestore.url.startswith("sqlite:///")
    s = _settings(monkeypatch, tmp_path, WERKPAD_STACK__TOPOLOGIE="productie", WERKPAD_STACK__POSTGRES_PORT="6543")
    assert s.casestore.url == "postgresql://postgres@127.0.0.1:6543/werkpad"
    s = _settings(monkeypatch, tmp_path, WERKPAD_STACK__POSTGRES_URL="postgresql://beheer:w%40chtwoord@db:5432/postgres")
    assert s.casestore.url == "postgresql://beheer:w%40chtwoord@db:5432/werkpad"
    monkeypatch.delenv("WERKPAD_STACK__POSTGRES_URL")
    (tmp_path / "postgres-wachtwoord").write_text("w8/w&d\n")  # the own cluster's, made at initdb
    s = _settings(monkeypatch, tmp_path, WERKPAD_STACK__TOPOLOGIE="productie", WERKPAD_STACK__POSTGRES_PORT="6543")
    assert s.casestore.url == "postgresql://postgres:w8%2Fw%26d@127.0.0.1:6543/werkpad"
    s = _settings(monkeypatch, tmp_path, WERKPAD_CASESTORE__URL="postgresql://werkpad@elders/werkpad")
    assert s.casestore.url == "postgresql://werkpad@elders/werkpad"  # a configured store is kept


def test_a_worker_refuses_a_sqlite_store_and_an_unknown_topology(monkeypatch: pytest.MonkeyPatch,
                                                                  tmp_path: Path) -> None:
    monkeypatch.setenv("WERKPAD_DATA_DIR", str(tmp_path))
    code, out = werkpad(["worker", "start", "--naam", "host-a"])
    assert code == 1 and "case store in SQLite" in out and "WERKPAD_STACK__TOPOLOGIE=productie" in out
    assert "Traceback" not in out
    code, out = werkpad(["up", "--topologie", "groot"])
    assert code == 1 and out.strip() == "Fout: Onbekende topologie 'groot'; kies ingebed of productie."
    monkeypatch.setenv("WERKPAD_STACK__TOPOLOGIE", "productie")
    monkeypatch.setenv("WERKPAD_STACK__PREFECT_PORT", str(free_port()))  # nobody there
    monkeypatch.setenv("WERKPAD_STACK__POSTGRES_PORT", str(free_port()))  # nobody there either
    code, out = werkpad(["worker", "start", "--naam", "host-a", "--wacht", "0"])
    # a worker that cannot reach the case store takes no runs (the trial's worker started and would fail them)
    assert code == 1 and out.startswith("Fout: ") and "127.0.0.1" in out and "Traceback" not in out, out


@pytest.mark.postgresql
@pytest.mark.skipif(not pg_available(), reason="no PostgreSQL on 127.0.0.1:5432 (CI has one)")
def test_the_databases_are_made_once_with_pg_trgm() -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    from werkpad.postgres import databases

    prefix = f"t{uuid.uuid4().hex[:8]}_"
    urls = databases(make_url(PG_ADMIN_URL), prefix=prefix)
    try:
        assert set(urls) == {"prefect", "werkpad"}
        assert databases(make_url(PG_ADMIN_URL), prefix=prefix) == urls  # idempotent
        with psycopg.connect(urls["prefect"].render_as_string(hide_password=False)) as c:
            assert c.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'").fetchone() is not None
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as c:
            for url in urls.values():
                c.execute(f'DROP DATABASE IF EXISTS "{url.database}"')


def test_an_unreachable_server_is_one_line() -> None:
    from sqlalchemy.engine import make_url

    from werkpad.postgres import PostgresFout, databases

    with pytest.raises(PostgresFout, match=r"^PostgreSQL op postgresql://postgres@127\.0\.0\.1:\d+/postgres is niet "
                                           r"bruikbaar \(.*\); controleer WERKPAD_STACK__POSTGRES_URL\.$"):
        databases(make_url(f"postgresql://postgres@127.0.0.1:{free_port()}/postgres"))
    assert os.environ.get("PGPASSWORD") is None


def test_a_cli_beside_a_productie_stack_without_its_setting_is_told_once(monkeypatch: pytest.MonkeyPatch,
                                                                          tmp_path: Path) -> None:
    """The trial's second terminal forgot WERKPAD_STACK__TOPOLOGIE: it was told to start the stack (which ran),
    and `aanmelden` said it twice."""
    monkeypatch.setenv("WERKPAD_DATA_DIR", str(tmp_path))
    (tmp_path / "postgres").mkdir()  # the productie topology's own cluster lives here
    code, out = werkpad(["aanmelden", "--gemeente", "velsen", "--bsn", "999900006", "--geboortedatum", "1990-05-17",
                         "--naam", "Jan Jansen", "--werkcoach", "wc@ijw.example"])
    regels = out.strip().splitlines()
    assert code == 1 and len(regels) == 1, out
    assert regels[0].startswith("Fout: Er is nog geen case store") and "WERKPAD_STACK__TOPOLOGIE=productie" in regels[0]


def test_a_postgres_url_of_another_kind_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from pydantic import ValidationError

    from tasks.settings import beschrijf

    with pytest.raises(ValidationError) as exc:
        _settings(monkeypatch, tmp_path, WERKPAD_STACK__POSTGRES_URL="mysql://x")
    assert "moet een PostgreSQL-adres zijn" in beschrijf(exc.value) and "mysql" not in beschrijf(exc.value)
