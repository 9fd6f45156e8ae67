"""Prefect's floor for the end-to-end benchmark: a bare flow with `taken` no-op tasks, deployed in the same work
pool and run by the same workers as werkpad's steps (benchmarks/topologie.py)."""

from __future__ import annotations

from prefect import flow, task


@task
def niets(i: int) -> int:
    return i


@flow(name="vloer", log_prints=False)
def vloer(taken: int = 3) -> int:
    return sum(niets(i) for i in range(taken))
