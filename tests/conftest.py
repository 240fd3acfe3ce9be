"""Every test gets its own ZHBRIEF_HOME; the model, when installed, is reached through ARGOS_PACKAGES_DIR."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence

import pytest

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"


def _real_model_dir() -> Path | None:
    """Where the developer's or CI's installed zh->en package lives (looked up before HOME is swapped)."""
    from zhbrief.translate.package import find_zh_en
    from zhbrief.errors import ModelMissingError

    try:
        return find_zh_en().path.parent
    except ModelMissingError:
        return None


MODEL_DIR = _real_model_dir()


@pytest.fixture(autouse=True)
def zhbrief_home(tmp_path_factory, monkeypatch) -> Path:
    home = tmp_path_factory.mktemp("zhbrief_home")
    monkeypatch.setenv("ZHBRIEF_HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "xdg"))
    monkeypatch.delenv("ARGOS_PACKAGES_DIR", raising=False)
    monkeypatch.delenv("ZHBRIEF_GLOSSARY", raising=False)
    return home


@pytest.fixture
def real_model(monkeypatch):
    """Expose the installed model to the code under test; skip when none is installed."""
    if MODEL_DIR is None:
        if os.environ.get("CI"):
            pytest.fail("the translation model must be installed in CI (scripts/setup.sh fetches it)")
        pytest.skip("translation model not installed (run scripts/setup.sh)")
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(MODEL_DIR))
    return MODEL_DIR


class FakeEngine:
    """Dict-backed engine for logic tests: known sentences map to fixed English, others to a marker."""

    model_id = "fake-zh_en-0"
    signature = "fake engine"

    def __init__(self, table: dict[str, str] | None = None) -> None:
        self.table = dict(table or {})
        self.calls = 0

    def translate(self, sentences: Sequence[str]) -> list[str]:
        self.calls += len(sentences)
        return [self.table.get(s, f"EN[{s}]") for s in sentences]


@pytest.fixture
def fake_engine() -> FakeEngine:
    return FakeEngine()


@pytest.fixture(scope="module")
def module_home(tmp_path_factory):
    """A ZHBRIEF_HOME for module-scoped fixtures: the per-test one is not set yet when they run, so
    without this they would build with (and write fake translations into) the user's own cache."""
    with pytest.MonkeyPatch.context() as mp:
        home = tmp_path_factory.mktemp("module_home")
        mp.setenv("ZHBRIEF_HOME", str(home))
        mp.setenv("XDG_DATA_HOME", str(home / "xdg"))
        mp.delenv("ARGOS_PACKAGES_DIR", raising=False)
        mp.delenv("ZHBRIEF_GLOSSARY", raising=False)
        yield home
