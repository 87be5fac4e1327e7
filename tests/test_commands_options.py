"""Commands and options: completion scripts, --no-color anywhere, one metavar style, and the
errors for ambiguous levels, negative ids, unclosed CSV quotes; validate's two streams."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aiops_prep.cli import COMMANDS, app
from tests.test_terminal import ESCAPES, pexpect, spawn

SCRIPT = Path(sys.executable).parent / "aiops-prep"  # the console script pip installed


def bash_completions(words: list[str], home: Path) -> list[str]:
    """What bash offers for `words` (the last one being completed), using the printed script."""
    script = subprocess.run(
        [str(SCRIPT), "completion", "bash"], capture_output=True, text=True, check=True
    ).stdout
    line = f"COMP_WORDS=({' '.join(words)}); COMP_CWORD={len(words) - 1}"
    reply = 'printf "%s\\n" "${COMPREPLY[@]}"'
    program = f"{script}\n{line}\n_aiops_prep_completion aiops-prep\n{reply}"
    environment = {
        **os.environ,
        "PATH": f"{SCRIPT.parent}{os.pathsep}{os.environ['PATH']}",
        "AIOPS_PREP_HOME": str(home),
    }
    done = subprocess.run(["bash", "-c", program], capture_output=True, text=True, env=environment)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


@pytest.mark.skipif(shutil.which("bash") is None or not SCRIPT.exists(), reason="needs bash")
def test_printed_bash_script_completes_commands_and_levels(tmp_path: Path) -> None:
    assert bash_completions(["aiops-prep", "hi"], tmp_path) == ["hint", "history"]
    assert bash_completions(["aiops-prep", "quiz", "--level", "be"], tmp_path) == [
        "beginner",
        "behavioral",
    ]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_prints_a_script_for_each_shell(runner: CliRunner, shell: str) -> None:
    result = runner.invoke(app, ["completion", shell])
    assert result.exit_code == 0
    assert "_AIOPS_PREP_COMPLETE" in result.stdout and "aiops-prep" in result.stdout


def test_completion_of_an_unknown_shell_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["completion", "tcsh"])
    assert result.exit_code == 2
    assert "'tcsh' is not one of 'bash', 'zsh', 'fish'" in result.stderr


def helps(runner: CliRunner) -> dict[str, str]:
    texts = {"aiops-prep": runner.invoke(app, ["--help"]).stdout}
    for name in COMMANDS:
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, result.output
        texts[name] = result.stdout
    return texts


METAVAR = re.compile(r"\[?[A-Z][A-Z_-]*(\.[a-z]+)?\]?(\.\.\.)?")


@pytest.mark.parametrize("columns", ["40", "60", "80"])
def test_help_has_one_argument_style_and_no_shell_guessing(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    for name, text in helps(runner).items():
        assert "--install-completion" not in text and "--show-completion" not in text, name
        assert "--no-color" in text, name
        usage = " ".join(text.split("\n\n", 1)[0].split())  # the usage may wrap
        pieces = usage.removeprefix("Usage: aiops-prep").removeprefix(f" {name}").split()
        assert all(METAVAR.fullmatch(p) for p in pieces), (name, usage)
        assert not re.search(r"<\w+|\{\w+\}", text), (name, text)
        for option in re.findall(r"^\s+(?:-\w, )?--[\w-]+ (\S+)", text, re.MULTILINE):
            assert METAVAR.fullmatch(option), (name, option)


@pytest.mark.skipif(os.name != "posix", reason="needs a POSIX pseudo-terminal")
@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["hint", "23", "--no-color"], id="hint"),
        pytest.param(["stats", "--no-color"], id="stats"),
        pytest.param(["list", "--level", "beh", "--no-color"], id="list"),
    ],
)
def test_no_color_after_the_command_turns_styles_off(tmp_path: Path, args: list[str]) -> None:
    coloured = spawn(args[:-1], tmp_path)
    coloured.expect(pexpect.EOF)
    assert ESCAPES.search(coloured.before)  # a terminal gets styles without the flag
    plain = spawn(args, tmp_path)
    plain.expect(pexpect.EOF)
    plain.close()
    assert plain.exitstatus == 0, plain.before
    assert plain.before.strip() and not ESCAPES.search(plain.before)


def test_ambiguous_level_lists_only_the_levels_it_could_mean(runner: CliRunner) -> None:
    result = runner.invoke(app, ["list", "--level", "b"])
    assert result.exit_code == 2
    assert result.stderr == (
        "aiops-prep: error: ambiguous level 'b'; choose from: beginner, behavioral\n"
    )


@pytest.mark.parametrize("command", ["hint", "show", "answer", "history"])
def test_negative_id_is_no_such_question(runner: CliRunner, command: str) -> None:
    result = runner.invoke(app, [command, "-5", "--json"])
    assert result.exit_code == 2
    assert result.stderr == "aiops-prep: error: no question with id -5 (ids in this bank: 1-50)\n"


def test_grade_with_a_negative_id_is_no_such_question(runner: CliRunner) -> None:
    result = runner.invoke(app, ["grade", "-5", "drift"])
    assert result.exit_code == 2
    assert "no question with id -5" in result.stderr


def test_unknown_options_are_still_reported_as_such(runner: CliRunner) -> None:
    result = runner.invoke(app, ["hint", "4", "--jsno"])
    assert result.exit_code == 2
    assert "No such option: --jsno" in result.stderr


def test_validate_report_on_stdout_summary_on_stderr(runner: CliRunner, tmp_path: Path) -> None:
    bank = tmp_path / "b.yaml"
    bank.write_text(
        "sections: [{id: s, title: S}]\nquestions:\n"
        "  - {id: 1, section: t, question: q, hint: h, concepts: [{name: c}]}\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["validate", str(bank)])
    assert result.exit_code == 1
    assert result.stdout == f"{bank}:3:13: question 1: unknown section 't' (known: s)\n"
    assert result.stderr == f"✗ {bank}: 1 problem\n"


def test_validate_of_a_valid_bank_prints_only_its_summary(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr.startswith("✓ ") and ": valid, 50 questions" in result.stderr


def test_import_of_an_unclosed_quote_names_its_line(runner: CliRunner, tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text('question,hint\nWhy,because\n"What is drift,it moves\nHow,so\n', "utf-8")
    result = runner.invoke(app, ["import", str(sheet), "-o", "-"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"aiops-prep: error: {sheet}: line 3: a quoted cell is never closed (a '\"' is missing)\n"
    )


def test_import_keeps_quoted_cells_over_several_lines(runner: CliRunner, tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text('question,hint\nWhat is a 5" screen,"small,\nand cheap"\n', "utf-8")
    result = runner.invoke(app, ["import", str(sheet), "-o", "-"])
    assert result.exit_code == 0, result.output
    assert "screen" in result.stdout and "small," in result.stdout
