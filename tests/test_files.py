"""Only regular files are read, reads are bounded, and writes never replace a device or FIFO.

Device files are made with mknod in tmp_path (as root), never taken from the real /dev.
"""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aiops_prep.cli import app
from aiops_prep.errors import AiopsPrepError, BankError
from aiops_prep.files import read_regular, write_output

NULL, ZERO, FULL = os.makedev(1, 3), os.makedev(1, 5), os.makedev(1, 7)
needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="mknod of a device needs root")


def device(tmp_path: Path, name: str, number: int) -> Path:
    path = tmp_path / name
    os.mknod(path, 0o666 | stat.S_IFCHR, number)
    return path


def fifo(tmp_path: Path, name: str = "fifo") -> Path:
    path = tmp_path / name
    os.mkfifo(path)
    return path


@needs_root
def test_a_device_is_not_read_as_a_bank(tmp_path: Path, runner: CliRunner) -> None:
    zero = device(tmp_path, "zero", ZERO)
    for args in (["list", "--bank", str(zero)], ["import", str(zero), "-o", "x.yaml"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 1
        assert "zero: not a regular file" in result.stderr


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    with pytest.raises(BankError, match="not a regular file"):
        read_regular(fifo(tmp_path), 100, BankError)


def test_reads_stop_at_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * 101)
    with pytest.raises(AiopsPrepError, match="over the 100 byte limit"):
        read_regular(path, 100)
    assert read_regular(path, 101) == b"x" * 101


@needs_root
@pytest.mark.parametrize("force", [True, False], ids=["force", "no-force"])
def test_export_to_a_device_writes_through_it(
    tmp_path: Path, runner: CliRunner, force: bool
) -> None:
    (tmp_path / "dev").mkdir()
    null = device(tmp_path / "dev", "null", NULL)
    args = ["export", "-F", "json", "-o", str(null)] + ["--force"] * force
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISCHR(null.stat().st_mode)  # still the device, not a regular file
    assert [p.name for p in null.parent.iterdir()] == ["null"]  # and no temporary file left


@needs_root
def test_a_full_device_is_a_clean_error_and_stays_a_device(tmp_path: Path) -> None:
    full = device(tmp_path, "full", FULL)
    with pytest.raises(AiopsPrepError, match="full: cannot write: No space left on device"):
        write_output(full, b"report", force=True)
    assert stat.S_ISCHR(full.stat().st_mode)


def test_a_fifo_with_a_reader_gets_the_data(tmp_path: Path) -> None:
    path = fifo(tmp_path)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(path.read_bytes()))
    reader.start()
    for _ in range(500):  # until the reader has opened its end
        try:
            write_output(path, b"data")
            break
        except AiopsPrepError:
            threading.Event().wait(0.01)
    reader.join(10)
    assert received == [b"data"] and stat.S_ISFIFO(path.stat().st_mode)


def test_a_fifo_without_a_reader_fails_at_once(tmp_path: Path) -> None:
    with pytest.raises(AiopsPrepError, match="cannot write"):
        write_output(fifo(tmp_path), b"data")


def test_export_dash_writes_to_stdout(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["export", "-F", "csv", "-o", "-"])
    assert result.exit_code == 0
    assert result.stdout.startswith("id,section,question,hint,concepts")
    assert "Wrote 50 questions to standard output" in result.stderr
    assert not (tmp_path / "-").exists()


def test_mock_report_refuses_an_existing_file_without_force(
    tmp_path: Path, runner: CliRunner
) -> None:
    report = tmp_path / "report.md"
    report.write_text("my notes")
    result = runner.invoke(app, ["mock", "--report", str(report)], input="")
    assert result.exit_code == 1 and "exists; use --force" in result.stderr
    assert report.read_text() == "my notes"
    forced = runner.invoke(app, ["mock", "-m", "1", "--report", str(report), "--force"], input="")
    assert forced.exit_code == 0, forced.stderr
    assert report.read_text().startswith("# Mock interview")


@needs_root
def test_a_block_device_is_never_written(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    os.mknod(disk, 0o600 | stat.S_IFBLK, os.makedev(7, 200))  # a loop device number
    with pytest.raises(AiopsPrepError, match="not a regular file, a character device or a FIFO"):
        write_output(disk, b"export", force=True)
    assert stat.S_ISBLK(disk.stat().st_mode)
