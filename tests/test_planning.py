"""The suite's own scheduling under pytest-xdist (tests/conftest.py `LangsteEerst`): the long tests start at
once, one per worker, longest first; every test is handed out exactly once; the rest is shared as worksteal does."""

from __future__ import annotations

from typing import Any

from tests.conftest import pytest_xdist_make_scheduler, verdeel_lang

COLLECTION = (["tests/chaos/test_chaos.py::test_chaos", "tests/stack/test_productie.py::test_productie",
               "tests/stack/test_stack.py::test_schedules"]
              + [f"tests/domain/test_x.py::test_{i}" for i in range(30)])


class Config:
    def __init__(self, werkers: int, dist: str = "worksteal") -> None:
        self.werkers, self.dist = werkers, dist

    def getoption(self, naam: str) -> str:
        assert naam == "dist"
        return self.dist

    def getvalue(self, naam: str) -> list[str]:
        assert naam == "tx"
        return [f"{self.werkers}*popen"]


class Node:
    shutting_down = False

    def __init__(self, naam: str) -> None:
        self.gateway = type("Gateway", (), {"id": naam})()
        self.gekregen: list[list[int]] = []

    def send_runtest_some(self, indices: list[int]) -> None:
        self.gekregen.append(list(indices))

    def send_steal(self, indices: list[int]) -> None:
        raise AssertionError("nothing to steal at the start")

    def shutdown(self) -> None:
        raise AssertionError("no shutdown at the start")


class Log:
    def __getattr__(self, naam: str) -> Any:
        return self

    def __call__(self, *args: Any) -> None:
        pass


def planning(werkers: int) -> list[Node]:
    sched = pytest_xdist_make_scheduler(Config(werkers), Log())
    nodes = [Node(f"gw{i}") for i in range(werkers)]
    for n in nodes:
        sched.add_node(n)
    for n in nodes:
        sched.add_node_collection(n, COLLECTION)
    sched.schedule()
    return nodes


def test_drie_werkers_beginnen_elk_met_een_lange_test() -> None:
    nodes = planning(3)
    eerste = [[COLLECTION[i].split("::")[0] for i in n.gekregen[0]] for n in nodes]
    assert eerste == [["tests/chaos/test_chaos.py"], ["tests/stack/test_productie.py"], ["tests/stack/test_stack.py"]]
    alles = sorted(i for n in nodes for batch in n.gekregen for i in batch)
    assert alles == list(range(len(COLLECTION)))  # each test once
    assert all(len(n.gekregen) == 2 and len(n.gekregen[1]) == 10 for n in nodes)  # then an equal share


def test_twee_werkers_de_langste_alleen() -> None:
    nodes = planning(2)
    # chaos, and then the rest (the other worker steals from its end); productie and the stack test on the other
    assert nodes[0].gekregen == [[0], list(range(3, len(COLLECTION)))]
    assert nodes[1].gekregen == [[1, 2]]
    assert verdeel_lang(COLLECTION, 2) == [[0], [1, 2]]


def test_andere_verdeling_blijft_van_xdist() -> None:
    assert pytest_xdist_make_scheduler(Config(3, dist="load"), Log()) is None
