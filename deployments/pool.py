"""The productie topology: every werkpad deployment in the process work pool (`python -m deployments.pool`).

Run once per release (and by `werkpad up --topologie productie` at every start; it is idempotent). The workers
(`prefect worker start --pool werkpad`, one or more per host) run each flow run as a subprocess in the code
folder below: every worker host has the same release at the same path (or use a git_clone pull step).
Unlike `serve`, nothing here pauses a deployment when a worker stops: its runs go Late and run when a
worker returns.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

from deployments.serve import deployments, registreer

CODE = Path(__file__).resolve().parents[1]


async def _registreer(deps: list[Any], pool: str) -> None:
    # Applied side by side: 60 deployments one after another took most of a stack start.
    sem = asyncio.Semaphore(8)

    async def een(dep: Any) -> None:
        dep.job_variables = {**(dep.job_variables or {}), "working_dir": str(CODE)}
        async with sem:
            await dep._create(work_pool_name=pool)

    await asyncio.gather(*(een(d) for d in deps))


def main() -> None:
    from deployments.inrichting import meld_verwacht, richt_in, wacht_op_server
    from flows._common import settings  # the flow-run side's one settings object

    s = settings()
    deps = deployments()  # imported while the server starts
    meld_verwacht(deps)
    wacht_op_server()
    asyncio.run(richt_in(s, pool=True))
    asyncio.run(registreer(deps, lambda deps: _registreer(deps, s.stack.werkpool)))
    print(f"werkpad: deployments in werkpool '{s.stack.werkpool}' gezet", file=sys.stderr)


if __name__ == "__main__":
    main()
