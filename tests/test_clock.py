"""The fixed clock (AIOPS_PREP_NOW) and huge numbers: a clear error, never an overflow."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from aiops_prep.cli import app

COMMANDS = [["quiz", "-n", "1"], ["stats"], ["review"], []]


@pytest.mark.parametrize("moment", ["9999-12-31T23:00", "0001-01-01T00:00"])
@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a) or "welcome")
def test_a_time_off_the_calendar_is_refused(
    runner: CliRunner, moment: str, args: list[str]
) -> None:
    result = runner.invoke(app, args, input="drift\n", env={"AIOPS_PREP_NOW": moment})
    assert result.exit_code == 1, result.output
    assert f"AIOPS_PREP_NOW='{moment}' is out of range (years 1970 to 9000)" in result.stderr
    assert not isinstance(result.exception, OverflowError)


@pytest.mark.parametrize("moment", ["1970-01-01T00:00", "9000-12-31T23:59"])
def test_the_edges_of_the_range_work(runner: CliRunner, moment: str) -> None:
    env = {"AIOPS_PREP_NOW": moment}
    quiz = runner.invoke(app, ["quiz", "-n", "1"], input="drift\n", env=env)
    assert quiz.exit_code == 0, quiz.stderr
    for args in (["stats"], ["review", "--no-save"], []):
        assert runner.invoke(app, args, input="", env=env).exit_code == 0


def test_history_with_a_limit_beyond_sqlite_integers(runner: CliRunner) -> None:
    assert runner.invoke(app, ["quiz", "-n", "1"], input="drift\n").exit_code == 0
    result = runner.invoke(app, ["history", "-n", "9223372036854775808", "--json"])
    assert result.exit_code == 0, result.stderr
    assert '"answer": "drift"' in result.stdout
