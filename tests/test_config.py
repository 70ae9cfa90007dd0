from __future__ import annotations

from pathlib import Path

import pytest

from probation_graph.config import Settings

from .conftest import ROOT


@pytest.mark.parametrize("name", list(Settings.model_fields))
def test_every_setting_has_help_and_is_in_the_readme(name: str):
    field = Settings.model_fields[name]
    assert field.description
    assert f"PROBATION_GRAPH_{name.upper()}" in (ROOT / "README.md").read_text()


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("PROBATION_GRAPH_STORE", str(tmp_path))
    monkeypatch.setenv("PROBATION_GRAPH_MAX_FILE_BYTES", "123")
    settings = Settings()
    assert settings.store == tmp_path and settings.max_file_bytes == 123


def test_bad_setting_is_refused(monkeypatch: pytest.MonkeyPatch):
    from pydantic import ValidationError

    monkeypatch.setenv("PROBATION_GRAPH_MAX_FILE_BYTES", "-1")
    with pytest.raises(ValidationError):
        Settings()


def test_bad_setting_is_one_clear_error(monkeypatch: pytest.MonkeyPatch):
    from probation_graph.config import get_settings
    from probation_graph.errors import ConfigError

    monkeypatch.setenv("PROBATION_GRAPH_MAX_FILE_BYTES", "lots")
    get_settings.cache_clear()
    with pytest.raises(ConfigError, match="PROBATION_GRAPH_MAX_FILE_BYTES"):
        get_settings()
    get_settings.cache_clear()
