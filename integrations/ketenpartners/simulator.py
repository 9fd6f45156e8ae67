"""The ketenpartners' simulators as one local app, with shared state.

    /suwinet/...             the Suwinet simulator (doelgroepregister; its /_sim under /suwinet/_sim)
    /inlichtingenbureau/...  the Inlichtingenbureau simulator (re-integratiebericht; /inlichtingenbureau/_sim)
    /uwv/...                 the UWV indicatie simulator (werkpad's own contract; /uwv/_sim)
    /_sim/health             the combined app

Shared state is what makes the praktijkroute visible end to end: a re-integratiebericht with
CdArbeidsvermogenOnderWml 1 at the IB becomes, after K lookups (or /inlichtingenbureau/_sim/verwerk),
a registration in the Suwinet simulator's doelgroepregister. One lock and one state file (0600)
for both, so a restart keeps the berichten and the registrations together.
Run: python -m integrations.ketenpartners.simulator --port 8200 [--state-file .werkpad/ketenpartners.json]
"""

from __future__ import annotations

import argparse
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from integrations.inlichtingenbureau import settings as ib_settings
from integrations.inlichtingenbureau.simulator import IBState
from integrations.inlichtingenbureau.simulator import make_app as make_ib_app
from integrations.simstate import read_json, write_private_json
from integrations.suwinet import settings as suwi_settings
from integrations.suwinet.simulator import SuwinetState
from integrations.suwinet.simulator import make_app as make_suwinet_app
from integrations.uwv import settings as uwv_settings
from integrations.uwv.simulator import TOKEN_ENV as UWV_TOKEN_ENV
from integrations.uwv.simulator import SimState as UwvState
from integrations.uwv.simulator import make_app as make_uwv_app


@dataclass
class KetenState:
    suwinet: SuwinetState
    inlichtingenbureau: IBState
    uwv: UwvState
    state_file: Path | None = None


def make_state(*, state_file: Path | None = None, specs_dir: Path | None = None, signaal_na_lookups: int = 2,
               suwinet_user: str = suwi_settings.DEV_USER, suwinet_password: str = suwi_settings.DEV_PASSWORD,
               ib_user: str = ib_settings.DEV_USER, ib_password: str = ib_settings.DEV_PASSWORD,
               uwv_token: str = uwv_settings.DEV_TOKEN, uwv_client_id: str = "werkpad") -> KetenState:
    lock = threading.RLock()  # one lock: the IB writes into the Suwinet register while holding its own
    # specs_dir None: BKWI's XSDs were not supplied; the simulators then check nothing against them.
    suwi = SuwinetState(user=suwinet_user, password=suwinet_password, specs_dir=specs_dir, lock=lock)
    ib = IBState(user=ib_user, password=ib_password, specs_dir=specs_dir, suwinet=suwi,
                 signaal_na_lookups=signaal_na_lookups, lock=lock)
    data = read_json(state_file)
    suwi.restore(data.get("suwinet", {}))
    ib.restore(data.get("inlichtingenbureau", {}))
    # UWV shares nothing with the others: its own records, in a state file of its own beside ours.
    uwv = UwvState(tokens={uwv_token: uwv_client_id},
                   state_file=state_file.with_name(state_file.stem + "-uwv.json") if state_file else None)
    state = KetenState(suwinet=suwi, inlichtingenbureau=ib, uwv=uwv, state_file=state_file)
    if state_file is not None:
        def persist() -> None:
            with lock:
                write_private_json(state_file, {"versie": 1, "suwinet": suwi.snapshot(),
                                                "inlichtingenbureau": ib.snapshot()})

        suwi.persist = ib.persist = persist
    return state


def make_app(state: KetenState | None = None) -> FastAPI:
    state = state or make_state()
    app = FastAPI(title="werkpad ketenpartner-simulatoren", docs_url=None, redoc_url=None, openapi_url=None)

    @app.get("/_sim/health")
    def health() -> dict[str, Any]:
        return {"status": "ok", "simulatoren": ["suwinet", "inlichtingenbureau", "uwv"]}

    app.mount("/suwinet", make_suwinet_app(state.suwinet))
    app.mount("/inlichtingenbureau", make_ib_app(state.inlichtingenbureau))
    app.mount("/uwv", make_uwv_app(state.uwv))
    return app


def main() -> None:
    import uvicorn

    p = argparse.ArgumentParser(description="Ketenpartner-simulatoren: Suwinet (/suwinet), Inlichtingenbureau "
                                            "(/inlichtingenbureau) en UWV (/uwv). Aanmeldgegevens in "
                                            "$SUWINET_SIMULATOR_USER/_PASSWORD, $IB_SIMULATOR_USER/_PASSWORD en "
                                            f"${UWV_TOKEN_ENV}.")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8200)
    p.add_argument("--state-file", type=Path, default=None, help="JSON-bestand (0600) dat een herstart overleeft")
    p.add_argument("--specs-dir", type=Path, default=None,
                   help="Map met de Suwinet-XSD's van BKWI; zonder: geen XSD-controle")
    p.add_argument("--signaal-na-lookups", type=int, default=2,
                   help="Na hoeveel doelgroepregister-bevragingen een praktijkroute-signaal een registratie wordt")
    a = p.parse_args()
    env = os.environ
    state = make_state(state_file=a.state_file, specs_dir=a.specs_dir, signaal_na_lookups=a.signaal_na_lookups,
                       suwinet_user=env.get("SUWINET_SIMULATOR_USER") or suwi_settings.DEV_USER,
                       suwinet_password=env.get("SUWINET_SIMULATOR_PASSWORD") or suwi_settings.DEV_PASSWORD,
                       ib_user=env.get("IB_SIMULATOR_USER") or ib_settings.DEV_USER,
                       ib_password=env.get("IB_SIMULATOR_PASSWORD") or ib_settings.DEV_PASSWORD,
                       uwv_token=env.get(UWV_TOKEN_ENV) or uwv_settings.DEV_TOKEN)
    uvicorn.run(make_app(state), host=a.host, port=a.port, log_level="warning")


if __name__ == "__main__":
    main()
