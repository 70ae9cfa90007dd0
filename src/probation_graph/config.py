"""Settings, declared once: each is read from an environment variable ``PROBATION_GRAPH_<NAME>``."""

from __future__ import annotations

import os
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
    workers: int = Field(
        default=0,
        ge=0,
        description="Processes that read and extract documents while the store is written (0: one per core; "
        "1: all in one process). Builds of fewer than 16 changed documents, and LLM extraction, use one.",
    )
    validate_batch: int = Field(
        default=1000,
        gt=0,
        description="Most focus nodes pyshacl checks at once in `validate` and `build`: SPARQL picks the nodes "
        "that may break a shape and they are checked in batches this size, so memory does not grow with the graph.",
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
        description="Most result rows `query` prints or returns before it stops reading; also the row cap "
        "`serve` puts on every SPARQL query.",
    )
    endpoint: str | None = Field(
        default=None,
        description="Query URL of a SPARQL 1.1 endpoint to use instead of the embedded store (Oxigraph, Fuseki, "
        "Virtuoso, GraphDB, Neptune, ...); its default graph must be the union of its named graphs.",
    )
    update_endpoint: str | None = Field(
        default=None,
        description="SPARQL 1.1 Update URL of that endpoint, needed to build or ingest into it; unset means "
        "the endpoint is only read.",
    )
    endpoint_user: str | None = Field(default=None, description="User name for HTTP basic auth at the endpoint.")
    endpoint_password: str | None = Field(
        default=None, description="Password for HTTP basic auth at the endpoint (with the user name)."
    )
    endpoint_token: str | None = Field(
        default=None, description="Bearer token sent to the endpoint (instead of basic auth)."
    )
    endpoint_timeout: float = Field(
        default=60.0, gt=0, description="Seconds to wait for the endpoint to answer one request."
    )
    token: str | None = Field(
        default=None,
        description="Bearer token that `serve --updates` requires on every update; without it updates get 401.",
    )
    query_timeout: float = Field(
        default=30.0, gt=0, description="Time limit of one query through `serve`, in seconds (then HTTP 503)."
    )
    max_body_bytes: int = Field(
        default=1_000_000, gt=0, description="Largest request body `serve` accepts, in bytes (then HTTP 413)."
    )
    allow_service: bool = Field(
        default=False,
        description=(
            "Let queries use SERVICE to call other endpoints (federation), on every surface: `serve`, "
            "`probation-graph query`, `pg.query` and the app; off by default."
        ),
    )
    query_workers: int = Field(
        default=max(2, 2 * (os.cpu_count() or 1)),
        ge=1,
        description=(
            "Query processes of a read-only `serve` (each holds the store open and runs one query at a time; "
            "a query over the time limit ends only its own). Default: twice the cores, at least 2."
        ),
    )
    runaway_cooldown: float = Field(
        default=60.0,
        ge=0,
        description="Seconds for which `serve` refuses at once a query that just ran over the time limit.",
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
