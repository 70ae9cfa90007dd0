"""Settings, declared once: each is read from an environment variable ``PROBATION_GRAPH_<NAME>``."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from .errors import ConfigError


class Settings(BaseSettings):
    """Every setting of probation_graph, with its help text (the README's table lists them all)."""

    model_config = SettingsConfigDict(env_prefix="PROBATION_GRAPH_", extra="ignore")

    data: Path = Field(
        default=Path("data"),
        description="Folder of source documents that `build` reads (with a sources.toml per corpus).",
    )
    store: Path = Field(
        default=Path("data/.store"),
        description="Folder of the embedded Oxigraph store; created on first build.",
    )
    max_file_bytes: int = Field(
        default=20_000_000,
        gt=0,
        description="Largest document accepted for ingestion, in bytes; larger files are refused.",
    )
    llm: str | None = Field(
        default=None,
        description="Chat model, as provider:model (e.g. openai:gpt-4o-mini, ollama:qwen2.5), used for LLM "
        "extraction and to turn questions into SPARQL; unset means offline only. Needs the [llm] extra and the "
        "provider's credentials.",
    )
    query_limit: int = Field(
        default=10_000,
        gt=0,
        description="Most result rows `query` prints or returns before it stops reading.",
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the settings read from the environment (cached); a bad value raises ConfigError."""
    try:
        return Settings()
    except ValidationError as exc:
        error = exc.errors()[0]
        name = "PROBATION_GRAPH_" + "_".join(str(part) for part in error["loc"]).upper()
        raise ConfigError(f"setting {name}: {error['msg']}") from exc
