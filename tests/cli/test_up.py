"""`werkpad up` refuses, in one Dutch line and before it starts or writes anything, a port that is taken."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize(("wat", "variabele"), [("mail-catcher", "WERKPAD_MAIL__SMTP_PORT"),
                                                ("gemeente-simulator", "WERKPAD_STACK__SIMULATOR_PORT"),
                                                ("ketenpartner-simulator", "WERKPAD_STACK__KETENPARTNER_PORT"),
                                                ("Prefect-server", "WERKPAD_STACK__PREFECT_PORT"),
                                                ("werkpad web", "WERKPAD_WEB__POORT")])
def test_up_refuses_a_port_in_use_with_one_line(tmp_path: Path, wat: str, variabele: str) -> None:
    bezet = socket.socket()
    bezet.bind(("127.0.0.1", 0))
    bezet.listen()
    poort = bezet.getsockname()[1]
    ports = {"WERKPAD_MAIL__SMTP_PORT": vrije_poort(), "WERKPAD_STACK__SIMULATOR_PORT": vrije_poort(),
             "WERKPAD_STACK__PREFECT_PORT": vrije_poort(), "WERKPAD_STACK__KETENPARTNER_PORT": vrije_poort(),
             "WERKPAD_WEB__POORT": vrije_poort(), variabele: poort}
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WERKPAD_", "PREFECT_"))}
    env.update({k: str(v) for k, v in ports.items()})
    env["WERKPAD_DATA_DIR"] = str(tmp_path / "data")
    try:
        begin = time.monotonic()
        p = subprocess.run([sys.executable, "-m", "werkpad.cli", "up"], cwd=ROOT, env=env, capture_output=True,
                           text=True, timeout=60)
        duur = time.monotonic() - begin
    finally:
        bezet.close()
    assert p.returncode == 1, p.stderr
    assert p.stdout == "" and p.stderr == (f"Fout: Poort {poort} ({wat}) is al in gebruik: draait de stack al? "
                                           f"Kies een andere met {variabele}.\n")
    assert not (tmp_path / "data").exists()  # nothing started, nothing written
    assert duur < 20


def test_the_same_port_twice_is_refused_too(tmp_path: Path) -> None:
    from tasks.settings import Settings
    from werkpad.stack import bezette_poort

    p = vrije_poort()
    s = Settings(data_dir=tmp_path, stack={"prefect_port": p, "simulator_port": p},  # type: ignore[arg-type]
                 mail={"smtp_port": vrije_poort()})
    assert bezette_poort(s) == (f"Poort {p} is ingesteld voor twee onderdelen (gemeente-simulator en Prefect-server); "
                                "kies een andere met WERKPAD_STACK__PREFECT_PORT.")


def test_the_demo_beside_a_running_stack_is_told_how(tmp_path: Path) -> None:
    """`./run --demo` while a stack runs: the one line says how to run the demo against that stack."""
    bezet = socket.socket()
    bezet.bind(("127.0.0.1", 0))
    bezet.listen()
    poort = bezet.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WERKPAD_", "PREFECT_"))}
    env.update({"WERKPAD_MAIL__SMTP_PORT": str(vrije_poort()), "WERKPAD_STACK__SIMULATOR_PORT": str(vrije_poort()),
                "WERKPAD_STACK__KETENPARTNER_PORT": str(vrije_poort()), "WERKPAD_STACK__PREFECT_PORT": str(poort),
                "WERKPAD_WEB__POORT": str(vrije_poort()),
                "WERKPAD_DATA_DIR": str(tmp_path / "data")})
    try:
        p = subprocess.run([sys.executable, "-m", "werkpad.cli", "up", "--demo"], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=60)
    finally:
        bezet.close()
    assert p.returncode == 1 and p.stdout == ""
    assert p.stderr == (f"Fout: Poort {poort} (Prefect-server) is al in gebruik: draait de stack al? Kies een andere met "
                        "WERKPAD_STACK__PREFECT_PORT. De demo kan ook tegen de draaiende stack: ./run demo (in een "
                        "andere terminal, dezelfde instellingen).\n")
    assert not (tmp_path / "data").exists()
