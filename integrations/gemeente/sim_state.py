"""The gemeente simulator's state: its records (in memory and, with a state file, on disk), the
applicaties and secrets it accepts, its catalogue versions, fault injection and its calendar day."""

from __future__ import annotations

import json
import os
import random
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from integrations.gemeente.sim_autorisaties import BEHEER_CLIENT, Applicatie, beheer_applicatie, standaard_applicatie
from integrations.gemeente.sim_catalogus import Catalogus

# Faults the middleware plays (the rest, e.g. "uitkering-onbekend", are played by one endpoint).
# 500/503: answered without handling; verloren: handled (and stored), then a 503: the answer is lost;
# traag: handled, answered only after `fault_vertraging` s (the client has timed out); malformed: a
# 200 outside every contract; dubbel: handled twice, the client gets the second answer (a replaying proxy;
# played in front of everything else by simulator._Herhaal).
MIDDLEWARE_FAULTS = {"500", "503", "verloren", "traag", "malformed"}
HERHAAL_FAULT = "dubbel"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
BEHEER_SECRET = "gemeente-beheer-secret-of-at-least-32-bytes"


@dataclass
class SimState:
    secrets: dict[str, str]
    zaken: dict[str, dict[str, Any]] = field(default_factory=dict)
    statussen: dict[str, dict[str, Any]] = field(default_factory=dict)
    rollen: dict[str, dict[str, Any]] = field(default_factory=dict)
    resultaten: dict[str, dict[str, Any]] = field(default_factory=dict)
    besluiten: dict[str, dict[str, Any]] = field(default_factory=dict)  # ZGW Besluiten API, by uuid
    zaakbesluiten: dict[str, dict[str, Any]] = field(default_factory=dict)  # Zaken API's ZaakBesluit, by uuid
    # The uitkeringsadministratie's verlagingen, by uuid; each keeps its Idempotency-Key, the hash of
    # the body it was created with and a hash of the BSN (no BSN: the record is shown on /_sim).
    verlagingen: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Autorisaties per client_id; a client in `secrets` without one gets standaard_applicatie()
    # (what werkpad needs). Not persisted.
    applicaties: dict[str, Applicatie] = field(default_factory=dict)
    # The built-in client of tests that play the gemeente itself (heeftAlleAutorisaties).
    beheer_secret: str = BEHEER_SECRET
    catalogus: Catalogus = field(default_factory=Catalogus)  # versions: not persisted
    # Fault injection (a test driver: never persisted). `fault` alone plays on every call; with
    # `fault_volgende` (the next N calls) and/or `fault_aandeel` (this share, seeded) only on those.
    fault: str | None = None  # "500" | "503" | "verloren" | "traag" | "malformed" | "dubbel" | "uitkering-onbekend" | None
    fault_volgende: int | None = None
    fault_aandeel: float | None = None
    fault_vertraging: float = 0.3
    fault_na: int | None = None  # the first N calls pass before the fault plays (a check succeeds, the send fails)
    rng: random.Random = field(default_factory=lambda: random.Random(0))
    requests: int = 0
    verzoeken: dict[str, int] = field(default_factory=dict)  # POSTs per Idempotency-Key (exactly-once tests)
    # The gemeente's calendar day for "not in the future" checks of a besluit's datum; None: the real
    # day in Amsterdam. Tests and stacks with a moved clock set it (date.max: no check). A status's
    # datumStatusGezet is always checked against the real clock, as Open Zaak does.
    klok: date | None = None
    lock: threading.RLock = field(default_factory=threading.RLock)
    # Where the gemeente's records survive a restart (None: memory only, as in most tests).
    state_file: Path | None = None
    # The base of every URL we hand out. Fixed (not taken from the Host header), so a restart on
    # the same port hands out and recognises the same URLs the case store already keeps.
    base_url: str | None = None
    # -- Open Notificaties (sim_notificaties.py) --
    abonnementen: dict[str, dict[str, Any]] = field(default_factory=dict)  # by uuid, with their `auth` (writeOnly)
    # Delivery: a failed one (non-2xx, unreachable) is tried again after each of these waits (s), then given up.
    notificatie_wachttijden: tuple[float, ...] = (1.0, 3.0, 9.0, 27.0, 48.0)
    notificatie_dubbel: bool = False  # deliver every notification twice (at-least-once, played on purpose)
    afleveringen: list[dict[str, Any]] = field(default_factory=list)  # every delivery attempt (no auth), for tests
    bezorger: Any = None  # the delivery thread, started on the first notification

    PERSISTED = ("zaken", "statussen", "rollen", "resultaten", "besluiten", "zaakbesluiten", "verlagingen",
                 "abonnementen")

    def __post_init__(self) -> None:
        self._begin_secrets = dict(self.secrets)
        self._begin_applicaties = dict(self.applicaties)
        if self.state_file is not None and self.state_file.exists():
            data = json.loads(self.state_file.read_text(encoding="utf-8"))
            for name in self.PERSISTED:
                getattr(self, name).update(data.get(name, {}))
            if self.base_url and data.get("base_url") not in (None, self.base_url):
                print(f"Let op: {self.state_file} is geschreven onder {data['base_url']}, de simulator draait nu onder "
                      f"{self.base_url}; opgeslagen zaak-URL's wijzen naar het oude adres.", file=sys.stderr)

    def leeg(self) -> None:
        """An empty gemeente (tests): no records, the full catalogue in its first version, the
        applicaties and secrets it started with, no faults."""
        with self.lock:
            for name in self.PERSISTED:
                getattr(self, name).clear()
            self.verzoeken.clear()
            self.requests = 0
            self.catalogus.herstel()
            self.secrets.clear()
            self.secrets.update(self._begin_secrets)
            self.applicaties.clear()
            self.applicaties.update(self._begin_applicaties)
            self.reset_faults()
            self.afleveringen.clear()
            self.notificatie_dubbel = False

    def alle_secrets(self) -> dict[str, str]:
        return {BEHEER_CLIENT: self.beheer_secret, **self.secrets}

    def applicatie(self, client_id: str) -> Applicatie:
        if client_id in self.applicaties:
            return self.applicaties[client_id]
        if client_id == BEHEER_CLIENT:
            return beheer_applicatie()
        return standaard_applicatie()

    def vandaag(self) -> date:
        return self.klok or datetime.now(AMSTERDAM).date()

    def reset_faults(self) -> None:
        self.fault, self.fault_volgende, self.fault_aandeel, self.fault_vertraging = None, None, None, 0.3
        self.fault_na = None

    def trek_fault(self, soorten: set[str] = MIDDLEWARE_FAULTS) -> str | None:
        """The fault the middleware plays on this call, if any (call with `lock` held)."""
        if self.fault not in soorten:
            return None
        if self.fault_na:
            self.fault_na -= 1
            return None
        if self.fault_volgende is None and self.fault_aandeel is None:
            return self.fault
        if self.fault_volgende:
            self.fault_volgende -= 1
            return self.fault
        if self.fault_aandeel and self.rng.random() < self.fault_aandeel:
            return self.fault
        return None

    def save(self) -> None:
        """Write the records atomically (temp file + os.replace). Call with `lock` held, after a change."""
        if self.state_file is None:
            return
        data = {"versie": 2, "base_url": self.base_url, **{n: getattr(self, n) for n in self.PERSISTED}}
        self.state_file.parent.mkdir(parents=True, exist_ok=True)
        # The rollen hold the deelnemer's BSN (as the real gemeente does): owner-only permissions.
        fd, tmp = tempfile.mkstemp(dir=self.state_file.parent, prefix=self.state_file.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, ensure_ascii=False)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.state_file)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
