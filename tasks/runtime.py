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
from domain.kalender import Kalender, KalenderFout, kb_besluiten_uit
from integrations.gemeente.client import GemeenteClient
from integrations.gemeente.settings import GemeenteApiSettings
from notifications.settings import MailSettings

DEFAULT_GEMEENTEN_FILE = Path(__file__).resolve().parents[1] / "werkpad" / "gemeenten.toml"
DEFAULT_FEESTDAGEN_FILE = Path(__file__).resolve().parents[1] / "werkpad" / "feestdagen.toml"


def load_kalender(path: Path) -> Kalender:
    """The Atw calendar: the KB decrees known in code plus those an operator added to `path`.

    A missing or malformed file stops the process with one Dutch sentence: computing terms
    without a decree the operator meant to add would end them a werkdag early.
    """
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KalenderFout(f"Feestdagenbestand {path} bestaat niet (WERKPAD_FEESTDAGEN_FILE).") from None
    except tomllib.TOMLDecodeError as exc:
        raise KalenderFout(f"Feestdagenbestand {path} is geen geldige TOML: {exc}.") from None
    return Kalender().met(kb_besluiten_uit(raw, bron=str(path)))


def kalender_from_env() -> Kalender:
    return load_kalender(Path(os.environ.get("WERKPAD_FEESTDAGEN_FILE") or DEFAULT_FEESTDAGEN_FILE))


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
