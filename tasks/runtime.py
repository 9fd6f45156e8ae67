"""What tasks need at run time: the case store, mail and gemeente settings, gemeente config.

The CLI builds it once from its settings and calls `configure`. A flow-run process started
by a worker or `serve` builds it once on first use from the same WERKPAD_* environment.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path

from sqlalchemy.engine import Engine

from casestore.db import make_engine, upgrade
from casestore.settings import CasestoreSettings
from domain.gemeenten import Gemeente, GemeenteConfig
from domain.kalender import DEFAULT_KALENDER, Kalender
from integrations.gemeente.client import GemeenteClient
from integrations.gemeente.settings import GemeenteApiSettings
from notifications.settings import MailSettings

DEFAULT_GEMEENTEN_FILE = Path(__file__).resolve().parents[1] / "werkpad" / "gemeenten.toml"


def load_gemeenten(path: Path) -> dict[Gemeente, GemeenteConfig]:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    out = {}
    for naam, cfg in raw.items():
        cfg = dict(cfg)
        cfg["intake_tijden"] = [time.fromisoformat(t) for t in cfg.get("intake_tijden", [])]
        g = GemeenteConfig(gemeente=Gemeente(naam), **cfg)
        out[g.gemeente] = g
    missing = set(Gemeente) - set(out)
    if missing:
        raise ValueError(f"Configuratie {path} mist gemeente(n): {', '.join(sorted(missing))}")
    return out


@dataclass
class Runtime:
    engine: Engine
    mail: MailSettings
    gemeente_api: GemeenteApiSettings
    gemeenten: dict[Gemeente, GemeenteConfig]
    kalender: Kalender = field(default_factory=lambda: DEFAULT_KALENDER)

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
    return Runtime(engine=engine, mail=MailSettings(), gemeente_api=GemeenteApiSettings(),
                   gemeenten=load_gemeenten(path))


def get() -> Runtime:
    global _runtime
    if _runtime is None:
        _runtime = from_env()
    return _runtime
