"""What tasks need at run time: the case store, mail and gemeente settings, gemeente config.

The CLI builds it once from its settings and calls `configure`. A flow-run process started
by a worker or `serve` builds it once on first use from the same WERKPAD_* environment.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import Engine

from casestore.db import make_engine, upgrade
from casestore.settings import CasestoreSettings
from domain.gemeenten import Gemeente, GemeenteConfig
from domain.kalender import Kalender
from integrations.gemeente.client import GemeenteClient
from integrations.gemeente.settings import GemeenteApiSettings
from notifications.settings import MailSettings
from tasks.config import (  # noqa: F401 (re-exported: callers and tests load config through the runtime)
    DEFAULT_FEESTDAGEN_FILE,
    DEFAULT_GEMEENTEN_FILE,
    kalender_from_env,
    load_gemeenten,
    load_kalender,
)


@dataclass
class Runtime:
    engine: Engine
    mail: MailSettings
    gemeente_api: GemeenteApiSettings
    gemeenten: dict[Gemeente, GemeenteConfig]
    # The one calendar for terms and reminders alike (known KB decrees plus the operator's file).
    kalender: Kalender = field(default_factory=lambda: load_kalender(DEFAULT_FEESTDAGEN_FILE))

    def gemeente_client(self, user_id: str = "werkpad") -> GemeenteClient:
        return GemeenteClient(self.gemeente_api, user_id=user_id)


_runtime: Runtime | None = None


def configure(rt: Runtime | None) -> None:
    global _runtime
    _runtime = rt


def from_env() -> Runtime:
    cs = CasestoreSettings()
    engine = make_engine(cs.url())
    upgrade(engine)
    path = Path(os.environ.get("WERKPAD_GEMEENTEN_FILE") or DEFAULT_GEMEENTEN_FILE)
    kalender = kalender_from_env()  # before touching anything else: a bad file fails fast
    return Runtime(engine=engine, mail=MailSettings(), gemeente_api=GemeenteApiSettings(),
                   gemeenten=load_gemeenten(path), kalender=kalender)


def get() -> Runtime:
    global _runtime
    if _runtime is None:
        _runtime = from_env()
    return _runtime
