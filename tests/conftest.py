"""Shared fixtures: tiny hand-made corpora, stores built from them, and the seed corpus store."""

from __future__ import annotations

import gc
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from probation_graph import EmbeddedStore, Settings, build

HERE = Path(__file__).parent
TINY = HERE / "data" / "corpus"
ROOT = HERE.parent
SEED = ROOT / "data"
ANALYTICS = HERE / "data" / "analytics"
"""Invented documents with repeat inspections (Avon Hill, Tarn Vale), for questions and views across a corpus."""


def seeds_with(folder: Path, extra: Path) -> Path:
    """A data folder under ``folder``: the committed seed documents and a copy of ``extra`` (its index left out)."""
    data = folder / "data"
    shutil.copytree(SEED / "hmip-seed", data / "hmip-seed")
    shutil.copytree(extra, data / extra.name, ignore=shutil.ignore_patterns("index.json"))
    return data


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings pointing at a fresh store and a copy of the tiny corpus."""
    corpus = tmp_path / "data" / "tiny"
    shutil.copytree(TINY, corpus)
    return Settings(data=tmp_path / "data", store=tmp_path / "store", max_file_bytes=1_000_000)


@pytest.fixture
def store() -> Iterator[EmbeddedStore]:
    """An empty in-memory store."""
    opened = EmbeddedStore(None)
    yield opened
    opened.close()


@pytest.fixture
def tiny_store(settings: Settings) -> Iterator[EmbeddedStore]:
    """An on-disk store built from the tiny corpus."""
    opened = EmbeddedStore(settings.store)
    report = build(opened, settings=settings)
    assert report.ok, report.failed
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def seed_store() -> EmbeddedStore:
    """An in-memory store built once from the five documents of data/."""
    opened = EmbeddedStore(None)
    report = build(opened, SEED / "hmip-seed", settings=Settings(data=SEED))
    assert report.ok, report.failed
    return opened


@pytest.fixture
def built_env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """The tiny corpus built into an on-disk store that the CLI opens through the environment.

    The builder's handle is released first: opening a store read-only while a handle that can write it is open is
    undefined behaviour in pyoxigraph (the read-only open can meet files the writer has just deleted).
    """
    from probation_graph.config import get_settings

    built = EmbeddedStore(settings.store)
    assert build(built, settings=settings).ok
    built.close()
    del built
    gc.collect()
    monkeypatch.setenv("PROBATION_GRAPH_STORE", str(settings.store))
    monkeypatch.setenv("PROBATION_GRAPH_DATA", str(settings.data))
    get_settings.cache_clear()
    yield settings
    get_settings.cache_clear()
