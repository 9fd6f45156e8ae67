"""The production topology's PostgreSQL: a server given by URL, or else the stack's own cluster in the
data folder, made with `initdb` and run with `pg_ctl` from Debian's PostgreSQL packages.

Prefect's server and the case store each get a database of their own on it (`prefect`, `werkpad`);
Prefect's needs the `pg_trgm` extension. PostgreSQL refuses to run as root: then the cluster belongs to
the `postgres` user (the packages make it) and its commands run through `runuser`.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shlex
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL

DATABASES = ("prefect", "werkpad")
WACHTWOORD_BESTAND = "postgres-wachtwoord"  # in the data folder, owner-only: the own cluster's password


class PostgresFout(RuntimeError):
    """The topology's PostgreSQL cannot be made, started or reached: one Dutch line."""


def _binary(naam: str) -> str:
    """A PostgreSQL server binary: on PATH, else in Debian's versioned folder (the newest)."""
    if (pad := shutil.which(naam)) is not None:
        return pad
    kandidaten = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{naam}"),
                        key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0)
    if not kandidaten:
        raise PostgresFout(f"'{naam}' niet gevonden: installeer PostgreSQL (Debian: apt-get install postgresql) of "
                           "geef een server met WERKPAD_STACK__POSTGRES_URL.")
    return str(kandidaten[-1])


def _als_eigenaar(args: list[str]) -> list[str]:
    """PostgreSQL will not run as root: then as the packages' `postgres` user."""
    if os.geteuid() != 0:
        return args
    return ["runuser", "-u", "postgres", "--", *args]


@dataclass
class Cluster:
    """The stack's own cluster: `pad` (its data directory) on 127.0.0.1:`poort`."""

    pad: Path
    poort: int

    @property
    def wachtwoord_bestand(self) -> Path:
        return self.pad.parent / WACHTWOORD_BESTAND

    @property
    def url(self) -> URL:
        wachtwoord = self.wachtwoord_bestand.read_text().strip() if self.wachtwoord_bestand.is_file() else None
        return URL.create("postgresql", username="postgres", password=wachtwoord, host="127.0.0.1", port=self.poort,
                          database="postgres")

    def maak(self) -> bool:
        """initdb once (True when it was made now)."""
        if (self.pad / "PG_VERSION").exists():
            return False
        self.pad.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            eigenaar = pwd.getpwnam("postgres")
            os.chown(self.pad, eigenaar.pw_uid, eigenaar.pw_gid)
        self._bereikbaar()
        os.chmod(self.pad, 0o700)
        # Never trust: every local user could read the BSNs (the trial did, as `nobody`). A password on
        # 127.0.0.1 (kept owner-only in the data folder), peer on the cluster's own socket.
        wachtwoord = secrets.token_urlsafe(24)
        self.wachtwoord_bestand.touch(mode=0o600)
        self.wachtwoord_bestand.write_text(wachtwoord + "\n")
        pwfile = self.pad.parent / ".initdb-wachtwoord"  # the cluster owner reads it (initdb wants an empty folder)
        pwfile.write_text(wachtwoord + "\n")
        if os.geteuid() == 0:
            eigenaar = pwd.getpwnam("postgres")
            os.chown(pwfile, eigenaar.pw_uid, eigenaar.pw_gid)
        os.chmod(pwfile, 0o600)
        try:
            r = subprocess.run(_als_eigenaar([_binary("initdb"), "-D", str(self.pad), "--auth-host", "scram-sha-256",
                                              "--auth-local", "peer", "-U", "postgres", "--pwfile", str(pwfile),
                                              "-E", "UTF8", "--locale", "C.UTF-8", "--no-instructions"]),
                               capture_output=True, text=True)
        finally:
            pwfile.unlink(missing_ok=True)
        if r.returncode != 0:
            regel = (r.stderr.strip().splitlines() or ["?"])[-1]
            raise PostgresFout(f"initdb in {self.pad} mislukte: {regel}")
        return True

    def _bereikbaar(self) -> None:
        """As root the cluster belongs to `postgres`, who must reach it through the owner-only data folder:
        traverse, not list (the stack makes that folder 0700 again at every start)."""
        if os.geteuid() != 0:
            return
        for map_ in self.pad.parents:
            if map_ == Path("/") or (map_.stat().st_mode & 0o001):
                break
            os.chmod(map_, map_.stat().st_mode | 0o001)

    def start(self, log: Path) -> None:
        self._bereikbaar()
        opties = f"-p {self.poort} -k {self.pad} -c listen_addresses=127.0.0.1"
        if os.geteuid() == 0:  # the log stays in logs/, owned by the cluster's owner, who may only pass the folder
            eigenaar = pwd.getpwnam("postgres")
            log.touch(mode=0o600)
            os.chown(log, eigenaar.pw_uid, eigenaar.pw_gid)
            os.chmod(log.parent, log.parent.stat().st_mode | 0o001)
        r = subprocess.run(_als_eigenaar([_binary("pg_ctl"), "-D", str(self.pad), "-o", opties, "-l", str(log),
                                          "-w", "-t", "60", "start"]), capture_output=True, text=True)
        if r.returncode != 0:
            raise PostgresFout(f"PostgreSQL in {self.pad} start niet op poort {self.poort}; zie {log}. "
                               "Kies een andere poort met WERKPAD_STACK__POSTGRES_PORT.")

    def wachter(self, ouder: int) -> list[str]:
        """A small watcher that stops this cluster once process `ouder` is gone, also after a SIGKILL: pg_ctl
        detaches the server, so nothing else would stop it, and the next start would find the port taken. It
        signals the postmaster itself (SIGINT: a fast shutdown), as the stack's own user: no path to traverse."""
        pidfile = shlex.quote(str(self.pad / "postmaster.pid"))
        return ["sh", "-c", f"while kill -0 {ouder} 2>/dev/null; do sleep 1; done; "
                            f"pid=$(head -n1 {pidfile} 2>/dev/null) && kill -INT \"$pid\""]

    def stop(self) -> None:
        subprocess.run(_als_eigenaar([_binary("pg_ctl"), "-D", str(self.pad), "-m", "fast", "-w", "stop"]),
                       capture_output=True)


def databases(server: URL, prefix: str = "") -> dict[str, URL]:
    """Make sure the topology's databases exist on `server` (an admin URL) and return their URLs.

    `prefix` keeps tests on a shared server apart. Prefect's database gets pg_trgm."""
    import psycopg

    admin = server.set(drivername="postgresql")
    urls = {naam: admin.set(database=f"{prefix}{naam}") for naam in DATABASES}
    try:
        with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True, connect_timeout=10) as c:
            bestaand = {r[0] for r in c.execute("SELECT datname FROM pg_database")}
            for url in urls.values():
                if url.database not in bestaand:
                    c.execute(f'CREATE DATABASE "{url.database}"')
        with psycopg.connect(urls["prefect"].render_as_string(hide_password=False), autocommit=True,
                             connect_timeout=10) as c:
            c.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except psycopg.Error as exc:
        regel = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:160]
        raise PostgresFout(f"PostgreSQL op {admin.render_as_string(hide_password=True)} is niet bruikbaar "
                           f"({regel}); controleer WERKPAD_STACK__POSTGRES_URL.") from None
    return urls


def prefect_url(url: URL) -> str:
    """Prefect's server reads its database through asyncpg."""
    return url.set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)
