"""Issue 19, rule 2: no "werkpad …" command text below the doors. A step's refusal or result names the step in
words (or carries a reference to its declaration, `domain.stap.Verwijzing`); each door renders it: the CLI its
command line, a mail the command and the form, the staff web form a link. Docstrings and comments may name
commands (they explain; nobody reads them as output)."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
ONDER_DE_DEUREN = ("domain", "tasks")


def _commandos() -> set[str]:
    """The CLI's top-level commands and groups: "werkpad volgt haar via Suwinet" is a sentence, not a command."""
    import typer.main

    from werkpad.cli import app

    groep: Any = typer.main.get_command(app)
    return set(groep.list_commands(groep.context_class(groep)))


COMMANDO = re.compile(r"\bwerkpad (?:" + "|".join(sorted(map(re.escape, _commandos()), key=len, reverse=True))
                      + r")\b")


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the string constants that are docstrings (a module's, a class's, a function's)."""
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):
                ids.add(id(body[0].value))
    return ids


def commandotekst(bron: str) -> list[tuple[int, str]]:
    """(line, text) of every string literal (also a part of an f-string) that holds "werkpad <command>"."""
    tree = ast.parse(bron)
    docs = _docstrings(tree) | {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
    gevonden = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            if COMMANDO.search(node.value):
                gevonden.append((node.lineno, node.value))
        elif isinstance(node, ast.JoinedStr):  # an f-string: its literal parts, joined ("werkpad {x}" too)
            tekst = "".join(str(v.value) if isinstance(v, ast.Constant) else "x" for v in node.values)
            if COMMANDO.search(tekst):
                gevonden.append((node.lineno, tekst))
    return gevonden


@pytest.mark.parametrize("kamer", ONDER_DE_DEUREN)
def test_geen_commandotekst_onder_de_deuren(kamer: str) -> None:
    fout = {f"{pad.relative_to(ROOT)}:{regel}": tekst
            for pad in sorted((ROOT / kamer).rglob("*.py")) if "migrations" not in pad.parts
            for regel, tekst in commandotekst(pad.read_text(encoding="utf-8"))}
    assert fout == {}, f"'werkpad …' command text below the doors (name the step, or a Verwijzing): {fout}"


def test_de_controle_ziet_commandotekst() -> None:
    """The check itself: a message, an f-string and a concatenated string are caught; docstrings, comments and
    the word werkpad in a sentence are not."""
    bron = '''
"""Module: `werkpad maatregel status` explains."""
def f(ref):
    """Run `werkpad up` first."""
    # werkpad outbox opnieuw
    a = "Leg het vast: werkpad deelnemer adres " + ref
    b = f"bekijk het concept (werkpad maatregel concept {ref})"
    c = ("rond dat eerst af (werkpad maatregel "
         "status)")
    d = "werkpad – IJmond Werkt!"
    e = "werkpad volgt haar via Suwinet"
    g = "de stap 'maatregel horen'"
    h = "`werkpad db-upgrade`"
'''
    regels = [r for r, _ in commandotekst(bron)]
    assert sorted(regels) == [6, 7, 8, 13], commandotekst(bron)


def test_every_hint_names_a_command_and_options_the_cli_has() -> None:
    """A hint ("Daarna: …", a mail's command) is rendered from the step's declaration; each command it shows
    exists and each option it names is one that command takes (`--bijlage`, `--actie`, `--doel`: declared on the
    step, not derived from the field's name)."""
    import importlib

    import typer.main

    from domain.stap import Verwijzing, commando_tekst
    from werkpad.cli import app

    modules = [f"domain.{p.stem}" for p in (ROOT / "domain").glob("*_stappen.py")] + ["domain.maatregel.stappen"]
    stappen = [s for m in modules for s in importlib.import_module(m).STAPPEN]
    groep: Any = typer.main.get_command(app)
    getoetst = 0
    for stap in stappen:
        tekst = commando_tekst(Verwijzing(stap, "IJW-2026-000001", ook=tuple(stap.invoer.model_fields)))
        woorden = tekst.split()
        if stap.in_groep:
            _, proces, naam, *rest = woorden
            sub = groep.get_command(groep.context_class(groep), proces)
            cmd = sub.get_command(sub.context_class(sub), naam) if hasattr(sub, "get_command") else None
        else:
            _, naam, *rest = woorden
            proces, cmd = "", groep.get_command(groep.context_class(groep), naam)
        assert cmd is not None, f"{tekst}: geen commando"
        posities = [p for p in cmd.params if p.param_type_name == "argument"]
        voorop = next((i for i, w in enumerate(rest) if w.startswith(("-", "["))), len(rest))
        assert sum(p.required for p in posities) <= voorop <= len(posities), f"{tekst}: argumenten kloppen niet"
        opties = {o for p in cmd.params for o in getattr(p, "opts", ())}
        for woord in rest:
            kaal = woord.strip("[")
            if kaal.startswith("--"):
                assert kaal in opties, f"{tekst}: {kaal} is geen optie van werkpad {proces} {naam}"
        getoetst += 1
    assert getoetst > 40
