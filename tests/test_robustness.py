"""Bad input of every kind: one clean line and a documented exit code, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aiops_prep.bank import Bank, Concept, Question, build_bank, load_bank, parse_yaml
from aiops_prep.errors import BankError
from aiops_prep.grading import grade

# --- properties ---------------------------------------------------------------------------

QUESTION = load_bank().get(4)
yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=30,
)
field_names = st.sampled_from(
    ["id", "section", "question", "hint", "concepts", "name", "aliases", "weight", "title", "x"]
)
bank_like = st.fixed_dictionaries(
    {
        "sections": st.lists(st.dictionaries(field_names, yaml_values, max_size=3), max_size=3),
        "questions": st.lists(st.dictionaries(field_names, yaml_values, max_size=6), max_size=4),
    }
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(max_size=400))
def test_any_text_parses_to_data_or_a_bank_error(text: str) -> None:
    try:
        data = parse_yaml(text, "fuzz.yaml")
    except BankError as exc:
        assert str(exc).startswith("fuzz.yaml")
        return
    build_bank([("fuzz.yaml", data)], "fuzz.yaml")  # problems are data, never an exception


@settings(max_examples=300, deadline=None)
@given(st.one_of(bank_like, yaml_values))
def test_any_structure_gives_a_bank_or_problems(data: object) -> None:
    bank, problems = build_bank([("fuzz.yaml", data)], "fuzz.yaml")
    assert isinstance(bank, Bank)
    assert all(str(p).startswith("fuzz.yaml") for p in problems)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=2000))
def test_grade_of_any_text_is_a_score(answer: str) -> None:
    assert 0 <= grade(QUESTION, answer).score <= 100


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=30), min_size=1, max_size=5), st.text(max_size=500))
def test_grade_with_any_aliases_is_a_score(aliases: list[str], answer: str) -> None:
    question = Question(1, "s", "q", "h", (Concept(aliases[0], tuple(aliases[1:])),))
    assert grade(question, answer).score in (0, *range(1, 101))


def test_grading_a_huge_answer_is_bounded() -> None:
    huge = ((QUESTION.model_answer or "") + " ") * 200  # about 200,000 characters
    weird = "".join(chr(c) for c in range(0x20, 0x3000)) * 40  # every script, ~490,000
    for answer in (huge[:100_000], weird[:100_000]):
        started = time.perf_counter()
        result = grade(QUESTION, answer)
        assert time.perf_counter() - started < 2.0
        assert 0 <= result.score <= 100


# --- the bad-input matrix, end to end -------------------------------------------------------

HOME_BLOCKER = "not-a-directory"


def aiops(
    args: list[str], tmp: Path, stdin: bytes = b"", home: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "AIOPS_PREP_HOME": str(home or tmp / "home")}
    return subprocess.run(
        [sys.executable, "-m", "aiops_prep", *args],
        input=stdin,
        capture_output=True,
        env=env,
        timeout=60,
    )


def bomb() -> str:
    lines, previous = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'], "a0"
    for level in range(1, 9):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*{previous}"] * 8) + "]")
        previous = f"a{level}"
    return "\n".join(lines) + f"\nquestions: [*{previous}]\n"


BANKS = {
    "empty": (b"", "expected a mapping"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "not a UTF-8 text file"),
    "python-tag": (
        b"!!python/object/apply:os.system ['touch pwned']\n",
        "could not determine a constructor",
    ),
    "deep": (b"questions: " + b"[" * 50_000 + b"]" * 50_000, "invalid YAML"),
    "alias-bomb": (bomb().encode(), "an alias bomb?"),
    "duplicate-ids": (
        b"sections: [{id: s, title: S}]\nquestions:\n"
        b"  - {id: 1, section: s, question: q, hint: h, concepts: [{name: c}]}\n"
        b"  - {id: 1, section: s, question: r, hint: h, concepts: [{name: c}]}\n",
        "duplicate id",
    ),
    "wrong-types": (b"sections: {id: s}\nquestions: 7\n", "'sections' must be a list"),
    "unknown-field": (
        b"sections: [{id: s, title: S}]\nquestions:\n"
        b"  - {id: 1, section: s, question: q, hint: h, concepts: [{name: c}], colour: red}\n",
        "unknown field 'colour'",
    ),
}


@pytest.mark.parametrize(("content", "message"), BANKS.values(), ids=list(BANKS))
def test_bad_bank_is_one_line_and_exit_1(tmp_path: Path, content: bytes, message: str) -> None:
    bank = tmp_path / "bank.yaml"
    bank.write_bytes(content)
    for args in (["list", "--bank", str(bank)], ["validate", str(bank)]):
        result = aiops(args, tmp_path)
        err = result.stderr.decode()
        report = err if args[0] == "list" else result.stdout.decode()  # validate's: stdout
        assert result.returncode == 1, err
        assert message in report and "Traceback" not in err
    assert not (tmp_path / "pwned").exists()


def test_bank_over_the_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import aiops_prep.bank as bank_module

    monkeypatch.setattr(bank_module, "MAX_BANK_BYTES", 1000)
    path = tmp_path / "big.yaml"
    path.write_text("# padding\n" * 200)
    with pytest.raises(BankError, match="over the 1000 byte limit"):
        load_bank(path)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["hint", "0"], 2, "no question with id 0"),
        (["hint", "-7"], 2, "no question with id -7"),
        (["hint", "99999999999999999999999"], 2, "no question with id"),
        (["hint", "1e3"], 2, "is not a valid int"),
        (["quiz", "--count", "-1"], 2, "is not in the range"),
        (["mock", "--minutes", "0"], 2, "--minutes must be from 1 to 240"),
        (["frobnicate"], 2, "No such command"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else None,
)
def test_bad_arguments(tmp_path: Path, args: list[str], code: int, message: str) -> None:
    result = aiops(args, tmp_path)
    err = result.stderr.decode()
    assert result.returncode == code and message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_control_characters_and_invalid_utf8_on_stdin(tmp_path: Path) -> None:
    answer = b"iso\x00lation \x1b[2J\x1b[31mforest \xff\xfe autoencoder\x07\n"
    graded = aiops(["grade", "4", "--json"], tmp_path, stdin=answer)
    assert graded.returncode == 0 and b'"score"' in graded.stdout
    quiz = aiops(["quiz", "-n", "1", "--level", "beginner", "--seed", "4"], tmp_path, stdin=answer)
    assert quiz.returncode == 0 and b"Traceback" not in quiz.stderr
    assert b"\x1b[2J" not in quiz.stdout  # the user's escape codes are not replayed


def test_closed_stdout_exits_quietly(tmp_path: Path) -> None:
    env = {**os.environ, "AIOPS_PREP_HOME": str(tmp_path / "home")}
    pipeline = f"{sys.executable} -m aiops_prep list | head -1"
    result = subprocess.run(["sh", "-c", pipeline], capture_output=True, env=env, timeout=60)
    assert result.stdout.count(b"\n") == 1
    assert result.stderr == b""


def test_unwritable_data_directory_keeps_working(tmp_path: Path) -> None:
    blocker = tmp_path / HOME_BLOCKER
    blocker.write_text("a file where the data directory should be")
    result = aiops(["quiz", "-n", "1"], tmp_path, stdin=b"drift\n", home=blocker / "home")
    assert result.returncode == 0
    assert b"progress is not being saved" in result.stderr
    stats = aiops(["stats", "--json"], tmp_path, home=blocker / "home")
    assert stats.returncode == 0 and b'"attempts": 0' in stats.stdout


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=300))
def test_validate_reports_on_any_text(tmp_path: Path, text: str) -> None:
    from aiops_prep.validate import validate

    path = tmp_path / "fuzz.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    report = validate(path)
    assert report.valid == (not report.findings)


YAML_SAMPLES = [
    "a: 1\nb: [yes, no, ~, 1.5, 0x1f, 2026-01-01, '007', .inf]\n",
    "base: &b {x: 1, y: [1, 2]}\nuse: {<<: *b, z: 3}\nsame: *b\n",
    "s: &s hello\nt: *s\nlist: &l [a, b]\nagain: [*l, *l]\n",
    "!!set {a, b}\n",
    "? [1, 2]\n: unhashable\n",
    "k: !!binary aGVsbG8=\nn: !!int '12'\nf: !!float 1\n",
    "- 1\n- - 2\n  - 3\n- {a: {b: {c: d}}}\n",
    "a: &a {x: 1}\nb: &b {x: 2, y: 2}\nc: {<<: [*a, *b], z: 3}\nd: {<<: *a, x: 9}\n",
    "o: !!omap [{a: 1}, {b: 2}]\np: !!pairs [{a: 1}, {a: 2}]\nbad: !!omap [{a: 1, b: 2}]\n",
    "=: value\nk: '='\n",
    "a: *nowhere\n",
    "a: &x 1\nb: &x 2\n",
    "--- 1\n--- 2\n",
    "a: <<\n",
    "x: !unknown [1]\n",
    "",
]


@pytest.mark.parametrize("text", YAML_SAMPLES)
def test_fast_construction_equals_safe_load(text: str) -> None:
    import yaml

    try:
        expected = yaml.safe_load(text)
    except yaml.YAMLError:
        with pytest.raises(BankError):
            parse_yaml(text, "x.yaml")
        return
    assert parse_yaml(text, "x.yaml") == expected


@settings(max_examples=200, deadline=None)
@given(yaml_values)
def test_fast_construction_round_trips_any_data(data: object) -> None:
    import yaml

    from aiops_prep.bank import _printable_data

    text = yaml.safe_dump(data)
    # Compared as YAML again, so that NaN (never equal to itself) compares too; control
    # characters are replaced by design.
    expected = _printable_data(yaml.safe_load(text))
    assert yaml.safe_dump(parse_yaml(text, "x.yaml")) == yaml.safe_dump(expected)
