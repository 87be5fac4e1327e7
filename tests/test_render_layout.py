"""The render package: one module per area, each saying what it prints, the only code that
imports rich, and only when a command prints with it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "aiops_prep"
AREAS = ("__init__", "questions", "practice", "banks", "progress")


def imported(path: Path) -> set[str]:
    """Top-level packages `path` imports anywhere, in functions and TYPE_CHECKING too."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def test_render_is_a_package_of_one_module_per_area() -> None:
    assert sorted(p.stem for p in (PACKAGE / "render").glob("*.py")) == sorted(AREAS)
    assert not (PACKAGE / "render.py").exists()
    assert not (PACKAGE / "render_progress.py").exists()


@pytest.mark.parametrize("area", [pytest.param(a, id=a) for a in AREAS])
def test_each_render_module_says_what_it_prints_in_its_first_line(area: str) -> None:
    tree = ast.parse((PACKAGE / "render" / f"{area}.py").read_text(encoding="utf-8"))
    docstring = ast.get_docstring(tree) or ""
    assert docstring.splitlines()[0].endswith("."), docstring


def test_only_render_modules_import_rich() -> None:
    knowing = {str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py") if "rich" in imported(p)}
    assert knowing and all(name.startswith("render/") for name in knowing), knowing
    assert "render/progress.py" not in knowing  # stats and history print without rich


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["--help"], id="help"),
        pytest.param(["hint", "23"], id="hint"),
        pytest.param(["show", "23", "--json"], id="show-json"),
        pytest.param(["list", "--json"], id="list-json"),
        pytest.param(["stats", "--json"], id="stats-json"),
    ],
)
def test_commands_that_print_without_rich_do_not_import_it(argv: list[str]) -> None:
    probe = (
        "import sys, atexit\n"
        "atexit.register(lambda: sys.stderr.write(str(sorted(m for m in sys.modules"
        " if m.split('.')[0] == 'rich'))))\n"
        f"sys.argv = ['aiops-prep', *{argv!r}]\n"
        "from aiops_prep.cli import main\nmain()\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0 and result.stderr.endswith("[]"), result.stderr
