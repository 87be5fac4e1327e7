"""Closed or full standard streams and outputs that cannot encode "✓": one line, no traceback."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from aiops_prep.streams import ASCII_SYMBOLS

AIOPS = f"{sys.executable} -m aiops_prep"


def shell(command: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[bytes]:
    environ = {**os.environ, "AIOPS_PREP_HOME": str(tmp_path / "home"), **env}
    return subprocess.run(
        ["sh", "-c", command], capture_output=True, env=environ, timeout=60, cwd=tmp_path
    )


@pytest.mark.parametrize(
    ("command", "code", "message"),
    [
        ("quiz -n 1 --seed 1 < out.txt > out.txt; {} reset <&-", 2, "reset needs confirmation"),
        ("hint 23 2>&-", 0, ""),
    ],
)
def test_closed_streams(tmp_path: Path, command: str, code: int, message: str) -> None:
    (tmp_path / "out.txt").write_text("drift\n")
    result = shell(f"{AIOPS} {command.format(AIOPS)}", tmp_path)
    err = result.stderr.decode()
    assert result.returncode == code, err
    assert message in err and "Traceback" not in err and err.count("\n") <= 1


def test_a_closed_stdout_never_writes_into_the_database(tmp_path: Path) -> None:
    # fd 1 closed: without care the database opened next would get descriptor 1.
    result = shell(f"echo drift | {AIOPS} quiz -n 1 >&-", tmp_path)
    assert b"Traceback" not in result.stderr
    check = shell(f"{AIOPS} doctor", tmp_path)
    assert check.returncode == 0, check.stdout


@pytest.mark.skipif(os.geteuid() != 0, reason="mknod of a device needs root")
@pytest.mark.parametrize("command", ["list"])
def test_a_full_stdout_is_one_line(tmp_path: Path, command: str) -> None:
    full = tmp_path / "full"
    os.mknod(full, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    result = shell(f"{AIOPS} {command} > {full}", tmp_path)
    assert result.returncode == 1
    assert result.stderr == b"aiops-prep: error: cannot write the output: No space left on device\n"


@pytest.mark.parametrize(
    ("encoding", "command"),
    [
        ("ascii", ""),
        ("latin-1", "stats"),
    ],
)
def test_an_output_that_cannot_encode_the_symbols(
    tmp_path: Path, encoding: str, command: str
) -> None:
    line = command.format(AIOPS) if "{}" in command else f"{AIOPS} {command}"
    result = shell(line, tmp_path, PYTHONIOENCODING=encoding, COLUMNS="100")
    assert result.returncode == 0, result.stderr.decode(encoding)
    assert b"Traceback" not in result.stderr
    output = (result.stdout + result.stderr).decode(encoding)
    unencodable = [s for s in ASCII_SYMBOLS if s not in "·" or encoding == "ascii"]
    assert not any(symbol in output for symbol in unencodable)
