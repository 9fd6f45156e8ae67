"""What tasks need at run time, built in one place from the one settings object.

`build_runtime(settings)` is the composition root: it is the only place that makes the
case-store engine, loads the gemeenten and the calendar, and holds the partner and mail
sections the clients are built from. It never changes the schema: a store that is behind
is refused with what to do (`werkpad db-upgrade`); `upgrade_store` migrates explicitly.

The CLI and the local stack build the runtime once from their settings and `configure` it.
A flow-run process started by a worker or `serve` imports only the flow module and what is
below it, so `get()` builds the runtime there on first use from `Settings()` (the
environment the stack or the worker passed down).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy.engine import Engine

from casestore.db import SchemaNietBijgewerkt, check_schema, head_revision, make_engine, ontbrekend_sqlite_bestand, upgrade
from casestore.settings import CasestoreSection
from domain.gemeenten import Gemeente, GemeenteConfig, UitkeringBron
from domain.kalender import Kalender
from domain.maatregel import Regeltabel
from domain.rapport import Afspraken
from integrations.gemeente.settings import GemeenteSection
from notifications.settings import MailSection
from tasks.config import load_afspraken, load_gemeenten, load_kalender, load_maatregelen
from tasks.settings import Omgeving, Settings

if TYPE_CHECKING:
    from integrations.gemeente.client import GemeenteClient


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    gemeenten: dict[Gemeente, GemeenteConfig]
    # The one calendar for terms and reminders alike (known KB decrees plus the operator's file).
    kalender: Kalender
    # The gemeenten's maatregelenverordeningen (werkpad/maatregelen.toml); checked at start.
    maatregelen: Regeltabel
    # Yearly targets of the kwartaalrapportage (werkpad/afspraken.toml).
    afspraken: Afspraken

    @property
    def mail(self) -> MailSection:
        return self.settings.mail

    @property
    def gemeente_api(self) -> GemeenteSection:
        return self.settings.gemeente

    def gemeente_client(self, user_id: str = "werkpad") -> GemeenteClient:
        # Imported here: httpx and jwt cost read-only commands (status, case show) ~0.2 s they never use.
        from integrations.gemeente.client import GemeenteClient

        return GemeenteClient(self.settings.gemeente, user_id=user_id)

    def uitkering_bron(self, gemeente: str) -> UitkeringBron:
        """Where this gemeente's uitkering decision comes from (zgw in development, handmatig elsewhere,
        unless gemeenten.toml says otherwise)."""
        return self.gemeenten[Gemeente(gemeente)].uitkering_bron(self.settings.omgeving is Omgeving.ontwikkeling)


def build_runtime(settings: Settings) -> Runtime:
    """The runtime for these settings. Raises (one Dutch sentence) on a bad configuration file or
    a case store whose schema is not this code's."""
    kalender = load_kalender(settings.feestdagen_file)  # before touching anything else: a bad file fails fast
    gemeenten = load_gemeenten(settings.gemeenten_file)
    maatregelen = load_maatregelen(settings.maatregelen_file)
    afspraken = load_afspraken(settings.afspraken_file)
    leeg = ontbrekend_sqlite_bestand(settings.casestore.url)
    if leeg is not None:  # a command that reads must not leave an empty database behind (a fresh data folder)
        productie = (settings.data_dir / "postgres").is_dir() and settings.stack.topologie != "productie"
        raise SchemaNietBijgewerkt(
            f"Er is nog geen case store ({leeg}): " + (
                "deze datamap hoort bij de productietopologie; zet WERKPAD_STACK__TOPOLOGIE=productie (zoals de stack)."
                if productie else "start de stack met ./run of werk de database bij (db-upgrade); er is niets "
                                  "aangemaakt."))
    engine = make_engine(settings.casestore.url)
    try:
        check_schema(engine)
    except Exception:
        engine.dispose()
        raise
    return Runtime(settings=settings, engine=engine, gemeenten=gemeenten, kalender=kalender, maatregelen=maatregelen,
                   afspraken=afspraken)


def upgrade_store(store: CasestoreSection) -> str:
    """Bring the case store's schema to the newest migration (idempotent); returns that revision."""
    engine = make_engine(store.url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()
    return head_revision()


_runtime: Runtime | None = None
_settings: Settings | None = None


def configure(rt: Runtime | None) -> None:
    """Use `rt` in this process (None: forget it; the next `get()` builds from the environment)."""
    global _runtime, _settings
    _runtime, _settings = rt, None


def configured() -> bool:
    return _runtime is not None


def settings() -> Settings:
    """This process's settings: the configured runtime's, else read once from the environment
    (without building the runtime: `serve` and Prefect task definitions need no case store)."""
    global _settings
    if _runtime is not None:
        return _runtime.settings
    if _settings is None:
        _settings = Settings()
    return _settings


def get() -> Runtime:
    global _runtime
    if _runtime is None:
        _runtime = build_runtime(settings())
    return _runtime
