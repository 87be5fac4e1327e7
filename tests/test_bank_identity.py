"""Each bank has its own progress and Anki ids: new banks, look-alikes and unnamed banks."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from aiops_prep.bank import BUNDLED_BANKS, DEFAULT_BANK, bundled_bank_path, load_bank
from aiops_prep.cli import app
from aiops_prep.export import TITLES, anki_ids
from tests.conftest import SAMPLE_BANK


def test_every_new_bank_gets_its_own_name(runner: CliRunner, tmp_path: Path) -> None:
    names = set()
    for folder in ("one", "two", "one/again"):
        assert runner.invoke(app, ["new-bank", str(tmp_path / folder)]).exit_code == 0
        bank = load_bank(tmp_path / folder)
        assert bank.name.startswith(Path(folder).name + "-")
        names.add(bank.key)
    assert len(names) == 3 and "my-interview-prep" not in names


def test_a_custom_bank_named_like_the_bundled_one_is_warned_about(
    runner: CliRunner, tmp_path: Path
) -> None:
    assert set(TITLES) == set(BUNDLED_BANKS)
    path = tmp_path / "mine.yaml"
    path.write_text(f"name: {DEFAULT_BANK}\n{SAMPLE_BANK}")
    result = runner.invoke(app, ["list", "--bank", str(path)])
    assert result.exit_code == 0
    assert "warning:" in result.stderr and "like a bundled bank" in result.stderr
    bundled = ["list", "--bank", str(bundled_bank_path())], ["list", "--bank", "aiops-2026"]
    for args in (["list"], *bundled):
        assert runner.invoke(app, args).stderr == ""


def test_unnamed_banks_with_the_same_file_name_keep_apart(
    runner: CliRunner, tmp_path: Path
) -> None:
    first, second = tmp_path / "a" / "sample.yaml", tmp_path / "b" / "sample.yaml"
    for path in (first, second):
        path.parent.mkdir()
        path.write_text(SAMPLE_BANK)
    quiz = runner.invoke(app, ["quiz", "-n", "1", "--bank", str(first)], input="iforest\n")
    assert quiz.exit_code == 0, quiz.stderr

    def history(path: Path) -> list[object]:
        result = runner.invoke(app, ["history", "--json", "--bank", str(path)])
        return list(json.loads(result.stdout))

    assert len(history(first)) == 1 and len(history(first)) == 1  # the second from the cache
    assert history(second) == []
    assert anki_ids(load_bank(first)) != anki_ids(load_bank(second))
    assert load_bank(first).name == "sample"  # still shown by its file name
