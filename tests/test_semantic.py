"""The optional semantic layer: windows of an answer, degrading without the extra, and (marked
`semantic`) the real model: normalised embeddings and concept vectors cached on disk.

Tests marked `semantic` are skipped when the `[semantic]` extra is not installed; with
AIOPS_PREP_REQUIRE_SEMANTIC=1 (as CI sets in its extra step) that skip is a failure instead.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from aiops_prep import semantic

HEAVY = ("torch", "sentence_transformers", "transformers", "numpy")


def _spans(answer: str) -> list[str]:
    return [answer[start:end] for start, end in semantic.windows(answer)]


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        pytest.param("", [], id="empty"),
        pytest.param("  \n ...  \n", [], id="no-words"),
        pytest.param("one idea", ["one idea"], id="one-sentence"),
        pytest.param(
            "Seasonality matters. Drift too!\n- alert fatigue",
            [
                "Seasonality matters.",
                "Seasonality matters. Drift too!",
                "Drift too!",
                "Drift too!\n- alert fatigue",
                "- alert fatigue",
            ],
            id="sentences-lines-and-pairs",
        ),
    ],
)
def test_windows_are_sentences_and_adjacent_pairs(answer: str, expected: list[str]) -> None:
    assert _spans(answer) == expected


def test_long_sentence_gets_overlapping_word_windows() -> None:
    answer = " ".join(f"w{n}" for n in range(60))
    spans = _spans(answer)
    assert answer not in spans  # a 60-word sentence is matched by its windows
    assert all(len(w.split()) == semantic.WINDOW_WORDS for w in spans)
    assert spans[0].split()[0] == "w0" and spans[-1].split()[-1] == "w59"
    starts = [int(w.split()[0][1:]) for w in spans]
    assert all(b - a <= semantic.WINDOW_STRIDE for a, b in zip(starts, starts[1:], strict=False))


def test_windows_of_a_huge_answer_are_bounded() -> None:
    answer = "This is one sentence about drift. " * 5000
    spans = semantic.windows(answer)
    assert len(spans) == semantic.MAX_WINDOWS
    assert all(answer[s:e].strip() == answer[s:e] for s, e in spans)


def _run(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **env},
    )


def test_importing_the_cli_and_semantic_module_loads_no_model_library() -> None:
    code = (
        "import sys, aiops_prep.cli, aiops_prep.semantic\n"
        f"print([m for m in {HEAVY!r} if m in sys.modules])"
    )
    done = _run(code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_missing_extra_gives_none_and_one_warning_line() -> None:
    code = (
        "from aiops_prep import semantic\n"
        "semantic.model_dir = lambda: None\n"
        "print(semantic.load(), semantic.load())\n"
    )
    done = _run(code)
    assert done.returncode == 0
    assert done.stdout == "None None\n"
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith("warning: semantic grading is off (the [semantic] extra")


def test_loading_from_two_threads_warns_once() -> None:
    code = (
        "import threading\n"
        "from aiops_prep import semantic\n"
        "semantic.model_dir = lambda: None\n"
        "threads = [threading.Thread(target=semantic.load) for _ in range(4)]\n"
        "[t.start() for t in threads]; [t.join() for t in threads]\n"
        "print(semantic.load())\n"
    )
    done = _run(code)
    assert done.stdout == "None\n" and done.stderr.count("warning:") == 1


def test_broken_model_gives_none_and_one_warning_line(tmp_path: Path) -> None:
    (tmp_path / "model.safetensors").write_bytes(b"not a model")
    (tmp_path / "modules.json").write_text("[", encoding="utf-8")
    code = (
        "from pathlib import Path\n"
        "from aiops_prep import semantic\n"
        f"semantic.model_dir = lambda: Path({str(tmp_path)!r})\n"
        "print(semantic.load())\n"
    )
    done = _run(code)
    assert done.returncode == 0
    assert done.stdout == "None\n"
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("warning: semantic grading is off (")


@pytest.fixture(scope="module")
def encoder(semantic_encoder: semantic.Encoder) -> semantic.Encoder:
    return semantic_encoder  # conftest: the model, or a skip (a failure where it is required)


@pytest.mark.semantic
def test_model_loads_from_the_packages_own_directory_offline(encoder: semantic.Encoder) -> None:
    assert encoder.path == semantic.model_dir()
    assert (encoder.path / "model.safetensors").is_file()
    assert os.environ["HF_HUB_OFFLINE"] == "1" and os.environ["TRANSFORMERS_OFFLINE"] == "1"
    assert encoder.model_id.startswith("all-MiniLM-L6-v2")


@pytest.mark.semantic
def test_encode_gives_normalised_rows(encoder: semantic.Encoder) -> None:
    import numpy as np

    vectors = encoder.encode(["seasonal patterns", "the weekly cycle of traffic", "pizza"])
    assert vectors.shape == (3, encoder.dimension) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert encoder.encode([]).shape == (0, encoder.dimension)


@pytest.mark.semantic
def test_a_paraphrase_is_closer_than_an_unrelated_sentence(encoder: semantic.Encoder) -> None:
    concept, paraphrase, unrelated = encoder.encode(
        [
            "alert fatigue from too many false positives",
            "people stop reading the pages because most of them are false alarms",
            "we bake bread every morning at seven",
        ]
    )
    assert float(concept @ paraphrase) > float(concept @ unrelated) + 0.2


@pytest.mark.semantic
def test_concept_vectors_are_cached_on_disk_beside_the_bank_cache(
    encoder: semantic.Encoder, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aiops_prep.cache import cache_dir

    texts = ["seasonal patterns", "concept drift"]
    first = encoder.concept_vectors("bank-key", texts)
    files = list(cache_dir().glob("vectors-bank-key-*.bin"))
    assert len(files) == 1
    fresh = semantic.Encoder(encoder._model, encoder.model_id, encoder.path)

    def no_encoding(texts: Any) -> Any:
        raise AssertionError("encoded again instead of reading the cache")

    monkeypatch.setattr(fresh, "encode", no_encoding)
    again = fresh.concept_vectors("bank-key", texts)
    assert again.tobytes() == first.tobytes()
    assert not again.flags.writeable


@pytest.mark.semantic
@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda b: b[:-10], id="truncated"),
        pytest.param(lambda b: b"\x00" + b[1:], id="corrupt"),
        pytest.param(lambda b: b"", id="empty"),
    ],
)
def test_a_damaged_or_stale_cache_entry_is_encoded_again(
    encoder: semantic.Encoder, damage: Any
) -> None:
    from aiops_prep.cache import cache_dir

    texts = ["isolation forest"]
    expected = encoder.encode(texts)
    semantic.Encoder(encoder._model, encoder.model_id, encoder.path).concept_vectors("k", texts)
    (path,) = cache_dir().glob("vectors-k-*.bin")
    path.write_bytes(damage(path.read_bytes()))
    fresh = semantic.Encoder(encoder._model, encoder.model_id, encoder.path)
    assert fresh.concept_vectors("k", texts).tobytes() == expected.tobytes()
    other = fresh.concept_vectors("k", ["autoencoder"])  # other texts under the same key
    assert other.tobytes() == encoder.encode(["autoencoder"]).tobytes()
