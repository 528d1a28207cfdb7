"""Shared fixtures: the seed article and its graph, built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "000_4f1d2f5fb92fcf2d.txt"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed_graph():
    """The real pipeline's graph of the seed article (bundled Italian model)."""
    import kg

    return kg.build([SEED])


@pytest.fixture(autouse=True)
def _doctest_namespace(doctest_namespace):
    import kg

    doctest_namespace["kg"] = kg
