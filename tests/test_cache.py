"""The cache of validated banks is used only while the bank's bytes are unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from aiops_prep import cache
from aiops_prep.bank import load_bank
from aiops_prep.errors import BankError


def entries() -> list[Path]:
    return sorted(cache.cache_dir().glob("bank-*.json"))


def test_first_load_fills_the_cache_and_the_second_equals_it(sample_bank_path: Path) -> None:
    first = load_bank(sample_bank_path)
    assert len(entries()) == 1
    assert load_bank(sample_bank_path) == first


def test_an_edited_bank_misses_the_cache(sample_bank_path: Path) -> None:
    load_bank(sample_bank_path)
    text = sample_bank_path.read_text(encoding="utf-8")
    sample_bank_path.write_text(text.replace("What is an isolation forest?", "Why iforest?"))
    assert load_bank(sample_bank_path).get(1).question == "Why iforest?"
    assert len(entries()) == 2


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda b: b[: len(b) // 2], id="truncated"),
        pytest.param(lambda b: b.replace(b"isolation", b"isolatiom"), id="flipped"),
        pytest.param(lambda b: b"not json at all", id="garbage"),
        pytest.param(lambda b: b"", id="empty"),
    ],
)
def test_a_damaged_entry_is_ignored_and_rewritten(sample_bank_path: Path, damage) -> None:
    expected = load_bank(sample_bank_path)
    [entry] = entries()
    entry.write_bytes(damage(entry.read_bytes()))
    assert load_bank(sample_bank_path) == expected
    assert cache.load(entry.name.removeprefix("bank-").removesuffix(".json")) is not None


def test_an_invalid_bank_is_never_cached(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("sections: []\nquestions: [{id: 1}]\n")
    with pytest.raises(BankError):
        load_bank(bad)
    assert entries() == []


def test_an_unwritable_cache_only_costs_speed(sample_bank_path: Path, monkeypatch) -> None:
    blocker = sample_bank_path.parent / "blocker"
    blocker.write_text("")
    monkeypatch.setattr(cache, "cache_dir", lambda: blocker / "cache")
    assert load_bank(sample_bank_path).get(2).section == "deep"


def forge(entry: Path, change) -> None:  # type: ignore[no-untyped-def]
    """Rewrite an entry's data and recompute its checksum, as an attacker could."""
    import json
    import zlib

    payload, _, header = entry.read_bytes().rpartition(b"\n")
    data = json.loads(payload)
    change(data)
    payload = json.dumps(data).encode()
    meta = {**json.loads(header), "crc": zlib.crc32(payload)}
    entry.write_bytes(payload + b"\n" + json.dumps(meta).encode())


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda d: d["questions"][0].update(id="1"), id="id-as-text"),
        pytest.param(lambda d: d["questions"][0].update(section="nowhere"), id="unknown-section"),
        pytest.param(lambda d: d["questions"][0].update(question="\x1b[2J"), id="escape"),
        pytest.param(lambda d: d["questions"][0]["concepts"].clear(), id="no-concepts"),
        pytest.param(lambda d: d["questions"][0].update(shell="rm -rf"), id="unknown-field"),
        pytest.param(lambda d: d["questions"][0]["concepts"][0].update(weight=1e9), id="weight"),
    ],
)
def test_a_forged_entry_of_the_wrong_shape_is_not_served(sample_bank_path: Path, change) -> None:  # type: ignore[no-untyped-def]
    expected = load_bank(sample_bank_path)
    [entry] = entries()
    forge(entry, change)
    assert load_bank(sample_bank_path) == expected


def test_the_key_is_a_hash_of_the_content() -> None:
    one = cache.key([("a.yaml", b"ab")], "a")
    assert one == cache.key([("a.yaml", b"ab")], "a")
    assert one != cache.key([("a.yaml", b"a"), ("b", b"")], "a")  # parts cannot run together
    assert len(one.split("-")[0]) == 32


def test_a_fifo_in_place_of_an_entry_is_ignored(sample_bank_path: Path) -> None:
    import os

    expected = load_bank(sample_bank_path)
    [entry] = entries()
    entry.unlink()
    os.mkfifo(entry)  # reading it would wait for a writer forever
    assert load_bank(sample_bank_path) == expected
