"""Every command is registered, summarised truthfully, has help, and is in the README."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aiops_prep.cli import COMMANDS, app, registered

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower()))


@pytest.mark.parametrize("name", list(COMMANDS))
def test_command_is_registered_with_a_matching_summary(name: str) -> None:
    func, settings = registered(name)
    help_text = (settings.get("help") or func.__doc__ or "").lower()
    summary = COMMANDS[name][1]
    shared = words(summary) & words(help_text)
    assert len(shared) >= len(words(summary)) // 2, (summary, help_text)


@pytest.mark.parametrize("name", list(COMMANDS))
def test_command_has_help_and_is_documented(runner: CliRunner, name: str) -> None:
    result = runner.invoke(app, [name, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.stdout
    assert f"aiops-prep {name}" in README


def test_root_help_lists_every_command(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--help"])
    listed = re.findall(r"^  ([a-z][a-z-]*) ", result.stdout, re.M)
    assert listed == list(COMMANDS)
