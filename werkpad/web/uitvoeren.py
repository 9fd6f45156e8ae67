"""Where a web form's step runs: the same door as the CLI (werkpad/deur.py). On the stack the deployment's run is
started through Prefect's REST API (`start_op_stack`) and waited for; with `stappen_in_proces` (tests, the demo)
the flow is called in this process under the door's idempotency key. Either way the key comes from the task
link's nonce and the form's values: a double click or a resubmit starts one run."""

from __future__ import annotations

import hashlib
import importlib
import json
import pkgutil
from collections.abc import Mapping
from typing import Any

from domain.stap import GEWEIGERD, Invoer, Stap, Uitkomst
from werkpad.deur import NietGestart, parameters, start_op_stack


def sleutel(stap: Stap, nonce: str, params: Mapping[str, Any]) -> str:
    basis = f"{stap.flow}|{nonce}|{json.dumps(dict(params), sort_keys=True, ensure_ascii=False)}"
    return "werkpad-web:" + hashlib.sha256(basis.encode()).hexdigest()[:32]


def _flow(stap: Stap) -> Any:
    import flows

    naam = stap.flow.replace("-", "_")
    for m in pkgutil.iter_modules(flows.__path__):
        mod = importlib.import_module(f"flows.{m.name}")
        if hasattr(mod, naam):
            return getattr(mod, naam)
    raise NietGestart(f"De stap '{stap.titel}' heeft geen flow {stap.flow}.")


def start(stap: Stap, invoer: Invoer, nonce: str, *, in_proces: bool) -> Uitkomst:
    """Start the step and wait for its outcome; NietGestart: the stack could not take it (one Dutch line)."""
    params = parameters(invoer)
    key = sleutel(stap, nonce, params)
    if in_proces:
        from tasks.stapsleutel import deur_sleutel

        with deur_sleutel(key, None):
            res = _flow(stap)(**params)
        return Uitkomst.uit_dict(res)
    import typer

    try:
        run, _dubbel = start_op_stack(stap.flow, stap.naam, params, key, stap.titel)
    except typer.Exit:  # the door stopped waiting: the run goes on
        return Uitkomst(stap=stap.titel, geweigerd=False, tekst=(
            f"De stap '{stap.titel}' loopt nog; de uitkomst staat straks in de tijdlijn van het traject."))
    state = run.get("state") or {}
    bericht = str(state.get("message") or "")
    if state.get("type") == "COMPLETED":
        return Uitkomst(stap=stap.titel, geweigerd=state.get("name") == GEWEIGERD, tekst=bericht)
    raise NietGestart(f"De stap '{stap.titel}' is mislukt door een storing (run {run.get('name')}); wat al vastlag "
                      "blijft staan en opnieuw versturen verdubbelt niets. Beheer ziet de details in de Prefect UI.")
