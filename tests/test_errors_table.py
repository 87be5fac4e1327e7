"""Every row of the README's Errors table, run as a real process: the exit code it documents
and never a traceback. A row without a case here fails the test, so the table stays true."""

from __future__ import annotations

import os
import re
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pexpect
import pytest

from tests.test_robustness import bomb
from tests.test_terminal import prompt_ready, spawn

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
SECTION = README.split("\n## Errors\n", 1)[1].split("\n## ", 1)[0]
ROWS = {
    cells[0]: int(re.match(r"\d+", cells[2])[0])  # type: ignore[index]
    for line in SECTION.splitlines()
    if line.startswith("| ") and not line.startswith(("| input", "| ---"))
    for cells in [[c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]]
}
BANK = (
    "sections: [{id: s, title: S}]\nquestions:\n"
    "  - {id: 1, section: s, question: q, hint: h, concepts: [{name: c}]}\n"
)
Outcome = tuple[int, str]  # exit code, everything the process wrote


def env(tmp: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "AIOPS_PREP_HOME": str(tmp / "home"), "NO_COLOR": "1", **extra}


@pytest.fixture(scope="module")
def warm_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache holding the bundled bank, so each process need not parse its YAML again."""
    home = tmp_path_factory.mktemp("warm")
    subprocess.run(
        [sys.executable, "-m", "aiops_prep", "hint", "1"],
        env=env(home),
        capture_output=True,
        check=True,
    )
    return home / "home" / "cache"


def run(tmp: Path, *args: str, stdin: bytes = b"", **extra: str) -> Outcome:
    done = subprocess.run(
        [sys.executable, "-m", "aiops_prep", *args],
        input=stdin,
        capture_output=True,
        env=env(tmp, **extra),
        timeout=60,
        cwd=tmp,
    )
    return done.returncode, (done.stdout + done.stderr).decode("utf-8", "replace")


def sh(tmp: Path, command: str, **extra: str) -> Outcome:
    line = command.replace("AIOPS", f"{sys.executable} -m aiops_prep")
    done = subprocess.run(["sh", "-c", line], capture_output=True, env=env(tmp, **extra), cwd=tmp)
    return done.returncode, (done.stdout + done.stderr).decode("utf-8", "replace")


def write(tmp: Path, name: str, text: str | bytes) -> str:
    path = tmp / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return str(path)


def database(tmp: Path, *statements: str) -> Path:
    """A real progress database (made by aiops-prep), then the given SQL."""
    from aiops_prep.progress import open_progress

    path = tmp / "home" / "progress.db"
    with open_progress(path):
        pass
    with closing(sqlite3.connect(path)) as db:
        for statement in statements:
            db.execute(statement)
        db.commit()
    return path


def closed_early(tmp: Path) -> Outcome:
    # More lines than a pipe holds, so that a write after the reader is gone always fails:
    # the bundled bank's list can fit in the pipe and finish before `head` closes it.
    questions = "".join(
        f"  - {{id: {n}, section: s, question: Question {n} about the service?, hint: h,"
        f" concepts: [{{name: concept {n}}}]}}\n"
        for n in range(1, 3001)
    )
    bank = tmp / "long.yaml"
    bank.write_text(f"name: long\nsections: [{{id: s, title: S}}]\nquestions:\n{questions}")
    child = subprocess.Popen(
        [sys.executable, "-m", "aiops_prep", "list", "--bank", str(bank)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env(tmp),
    )
    assert child.stdout and child.stderr
    child.stdout.readline()
    child.stdout.close()  # as `| head -1` does
    err = child.stderr.read().decode()
    child.stderr.close()
    return child.wait(60), err


def signalled(tmp: Path, signum: int) -> Outcome:
    child = subprocess.Popen(
        [sys.executable, "-m", "aiops_prep", "quiz", "-n", "2"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env(tmp),
    )
    assert child.stdin and child.stdout
    child.stdin.write(b"drift\n")
    child.stdin.flush()
    seen = b""
    while b"[2/2]" not in seen:  # the first answer is graded; the second is being asked
        seen += child.stdout.read1(4096)
    child.send_signal(signum)
    out, _ = child.communicate(timeout=60)
    assert b"Quiz summary" in seen + out
    return child.returncode, (seen + out).decode()


def at_terminal(
    tmp: Path, steps: Callable[[pexpect.spawn], None], *args: str, **extra: str
) -> Outcome:  # type: ignore[type-arg]
    child = spawn(list(args), tmp / "home", NO_COLOR="1", **extra)
    steps(child)
    child.expect(pexpect.EOF)
    child.close()
    return (
        child.exitstatus if child.exitstatus is not None else 128 + child.signalstatus,
        child.before,
    )


def half_typed(child: pexpect.spawn) -> None:  # type: ignore[type-arg]
    prompt_ready(child)
    child.send("half an answer")
    child.sendintr()
    child.expect("Ctrl-C again ends")
    child.sendintr()


def wrong_rating_key(child: pexpect.spawn) -> None:  # type: ignore[type-arg]
    prompt_ready(child)
    child.send("drift\r\r")
    child.expect("Enter keeps it")
    child.send("x")
    child.expect("not a rating")
    child.send("\r")


def answer_no(child: pexpect.spawn) -> None:  # type: ignore[type-arg]
    child.expect(r"\[y/N\]: ")
    child.send("n\r")
    child.expect("Nothing changed.")


def editor_quits(child: pexpect.spawn) -> None:  # type: ignore[type-arg]
    child.expect("nothing written")


def no_editor(tmp: Path) -> Outcome:
    (tmp / "bin").mkdir()
    steps: Callable[[pexpect.spawn], None] = lambda child: None  # type: ignore[type-arg]  # noqa: E731
    return at_terminal(tmp, steps, "quiz", "--editor", VISUAL="", EDITOR="", PATH=str(tmp / "bin"))


def fifo(tmp: Path, name: str = "fifo") -> str:
    os.mkfifo(tmp / name)
    return str(tmp / name)


def sock(tmp: Path) -> str:
    import socket

    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(tmp / "sock"))  # the socket file stays after it is closed
    return str(tmp / "sock")


def device_output(tmp: Path) -> Outcome:
    if os.geteuid() != 0:
        return run(tmp, "export", "-F", "csv", "-o", "-")
    os.mknod(tmp / "null", 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    outcome = run(tmp, "export", "-F", "csv", "-o", str(tmp / "null"))
    assert stat.S_ISCHR((tmp / "null").stat().st_mode)
    return outcome


def while_saving(tmp: Path) -> Outcome:
    path = database(tmp, "PRAGMA journal_mode = WAL")
    with closing(sqlite3.connect(path, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")
        outcome = run(tmp, "stats", AIOPS_PREP_BUSY="1")
        other.execute("ROLLBACK")
    return outcome


ESCAPES = r"\e]0;x\a\e[2J"
CASES: dict[str, Callable[[Path], Outcome]] = {
    "unknown command, option or bad": lambda t: run(t, "hint", "abc"),
    "unknown question id, including 0": lambda t: run(t, "hint", "-5"),
    "unknown or ambiguous level": lambda t: run(t, "list", "--level", "b"),
    "a CSV to import with a quote": lambda t: run(
        t, "import", write(t, "sheet.csv", 'question,hint\nWhy,so\n"What,x\n'), "-o", "-"
    ),
    "bank file missing, empty, binary": lambda t: run(
        t, "list", "--bank", write(t, "b.yaml", b"\x89PNG\x00\xff")
    ),
    "a device or FIFO as the bank or the": lambda t: run(t, "import", fifo(t), "-o", "x.yaml"),
    "invalid YAML, too deeply nested": lambda t: run(
        t, "validate", write(t, "b.yaml", "!!python/object/apply:os.system ['true']\n")
    ),
    "alias-bomb YAML (nested anchors": lambda t: run(
        t, "list", "--bank", write(t, "bomb.yaml", bomb())
    ),
    "a key given twice in one mapping (a": lambda t: run(
        t, "validate", write(t, "b.yaml", BANK + "questions: []\n")
    ),
    "duplicate ids, wrong types, unknown": lambda t: run(
        t, "list", "--bank", write(t, "b.yaml", BANK.replace("id: 1", "id: 0"))
    ),
    "answers with control characters or": lambda t: run(
        t, "grade", "4", stdin=b"iso\x00lation \x1b[2J forest \xff\xfe\n"
    ),
    'escape sequences (`"\\e]0;...\\a"`, ': lambda t: run(
        t,
        "list",
        "--bank",
        write(t, "b.yaml", BANK.replace("question: q", f'question: "{ESCAPES}"')),
    ),
    "a custom bank whose `name` is": lambda t: run(
        t, "list", "--bank", write(t, "b.yaml", "name: aiops-prep\n" + BANK)
    ),
    "output closed early (`aiops-prep": closed_early,
    "standard output closed (`hint 23": lambda t: sh(t, "AIOPS hint 23 >&-"),
    "standard input closed (`quiz <&-": lambda t: sh(t, "AIOPS grade 4 <&-"),
    "an output that cannot encode `✓ ✗ ·": lambda t: run(
        t, "grade", "4", "drift", PYTHONIOENCODING="ascii"
    ),
    "`AIOPS_PREP_NOW` that is not ISO": lambda t: run(t, "stats", AIOPS_PREP_NOW="9999-12-31"),
    "`history -n 9223372036854775808`": lambda t: run(t, "history", "-n", "9223372036854775808"),
    "an output file (`export -o": lambda t: run(
        t, "export", "-F", "json", "-o", write(t, "out.json", "mine")
    ),
    "an output that is a character device or FIFO": device_output,
    "an output that is a block device": lambda t: run(t, "export", "-F", "json", "-o", sock(t)),
    "a FIFO output nobody reads, a full": lambda t: run(t, "export", "-F", "json", "-o", fifo(t)),
    "data directory missing": lambda t: run(t, "stats", AIOPS_PREP_HOME=str(t / "new" / "home")),
    "data directory not writable (or the": lambda t: run(
        t, "quiz", "-n", "1", stdin=b"drift\n", AIOPS_PREP_HOME=write(t, "file", "") + "/home"
    ),
    "damaged progress database (any": lambda t: (
        (t / "home").mkdir(exist_ok=True),
        run(
            t,
            "stats",
            AIOPS_PREP_HOME=str(Path(write(t, "home/progress.db", "x" * 5000)).parent),
        ),
    )[1],
    "progress database from a newer": lambda t: (
        database(t, "INSERT INTO _migrations VALUES ('m099_x', 'now')"),
        run(t, "stats"),
    )[1],
    "saved rows with values aiops-prep": lambda t: (
        database(t, "INSERT INTO cards VALUES ('aiops-prep', 4, '{}', 'soon', 'x')"),
        run(t, "stats"),
    )[1],
    "`stats`, `history`, `review` while": while_saving,
    "`aiops-prep doctor` finds a problem": lambda t: (
        database(t, "INSERT INTO _migrations VALUES ('m099_x', 'now')"),
        run(t, "doctor"),
    )[1],
    "`reset` without a terminal to": lambda t: (database(t), run(t, "reset"))[1],
    "Ctrl-C during a session, even just": lambda t: signalled(t, signal.SIGINT),
    "Ctrl-C with an answer half typed": lambda t: at_terminal(t, half_typed, "quiz", "-n", "2"),
    "`SIGTERM` / `SIGHUP` (terminal": lambda t: signalled(t, signal.SIGTERM),
    "`reset` answered `n`": lambda t: (database(t), at_terminal(t, answer_no, "reset"))[1],
    "`history --show 999`": lambda t: (database(t), run(t, "history", "--show", "999"))[1],
    "a key other than 1-4, r or Enter at": lambda t: at_terminal(
        t, wrong_rating_key, "quiz", "-n", "1"
    ),
    "`--editor` with no editor": no_editor,
    "the editor quit without saving": lambda t: at_terminal(
        t, editor_quits, "quiz", "-n", "1", "--editor", VISUAL="true"
    ),
}


def case(row: str) -> Callable[[Path], Outcome]:
    """The case for a row of the table: the one whose key starts the row's first cell."""
    [found] = [run for start, run in CASES.items() if row.startswith(start)]
    return found


def test_every_row_has_one_case_and_every_case_a_row() -> None:
    for row in ROWS:
        case(row)
    assert len(ROWS) == len(CASES)


@pytest.mark.parametrize("row", list(ROWS), ids=lambda row: re.sub(r"\W+", "-", row)[:40])
def test_row(tmp_path: Path, row: str, warm_cache: Path) -> None:
    shutil.copytree(warm_cache, tmp_path / "home" / "cache")
    code, output = case(row)(tmp_path)
    assert "Traceback" not in output, output
    assert code == ROWS[row], output
