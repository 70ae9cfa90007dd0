"""The reference backbone: probation regions, PDUs, CRCs and NPS divisions, their owners and regions.

Read from ``ontology/reference/*.csv`` (each row with the addresses of its sources). Entity
resolution starts from it (every name and alias of a unit), and it is loaded into the store as its
own named graph, each relation with its sources as provenance, so the graph knows units that no
document covers yet.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .classes import CRC, NATIONAL, NPS_DIVISION, PDU, REGION
from .errors import ConfigError
from .names import display
from .ontology import ontology_dir

FOLDER = "reference"
"""The folder of the ontology directory that holds the reference files."""

_FILES = {
    "regions.csv": (REGION, "region"),
    "pdus.csv": (PDU, "pdu"),
    "crcs.csv": (CRC, "crc"),
    "nps_divisions.csv": (NPS_DIVISION, "division"),
    "national.csv": (NATIONAL, "name"),
}


@dataclass(frozen=True)
class Unit:
    """A probation unit of the reference: its name (without unit word), kind, aliases, region and sources."""

    name: str
    kind: str
    aliases: tuple[str, ...]
    region: str | None
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Ownership:
    """Who owned a CRC, from and until when where known (YYYY-MM), and the sources saying so."""

    unit: str
    owner: str
    start: str | None
    until: str | None
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Membership:
    """An organisation that is a member of a consortium or partnership."""

    member: str
    group: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Reference:
    """Everything the reference files hold."""

    units: tuple[Unit, ...]
    ownerships: tuple[Ownership, ...]
    memberships: tuple[Membership, ...]
    digest: str


def reference_dir() -> Path:
    """The folder of the reference files."""
    return ontology_dir() / FOLDER


def _rows(path: Path, required: tuple[str, ...]) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ConfigError(f"{path}: cannot read reference data: {exc}") from exc
    for number, row in enumerate(rows, start=2):
        missing = [column for column in required if not (row.get(column) or "").strip()]
        if missing:
            raise ConfigError(f"{path}, line {number}: no {', '.join(missing)}")
    return rows


def _split(cell: str | None, separator: str = ";") -> tuple[str, ...]:
    return tuple(part.strip() for part in (cell or "").split(separator) if part.strip())


@cache
def reference() -> Reference:
    """Read the reference files once per process (a malformed file raises :class:`ConfigError`)."""
    folder = reference_dir()
    digest = hashlib.sha256()
    units: list[Unit] = []
    for file_name, (kind, column) in _FILES.items():
        path = folder / file_name
        digest.update(path.read_bytes() if path.is_file() else b"")
        for row in _rows(path, (column, "source")):
            written = row[column].strip()
            name = display(written)
            aliases = tuple(dict.fromkeys(a for a in (written, *_split(row.get("aliases"))) if a != name))
            region = display(row["region"]) if (row.get("region") or "").strip() else None
            units.append(Unit(name, kind, aliases, region, _split(row["source"])))
    ownerships = []
    path = folder / "ownership.csv"
    digest.update(path.read_bytes())
    for row in _rows(path, ("crc", "owner", "source")):
        ownerships.append(
            Ownership(
                display(row["crc"]),
                row["owner"].strip(),
                (row.get("from") or "").strip() or None,
                (row.get("until") or "").strip() or None,
                _split(row["source"]),
            )
        )
    memberships = []
    path = folder / "members.csv"
    digest.update(path.read_bytes())
    for row in _rows(path, ("member", "group", "source")):
        memberships.append(Membership(row["member"].strip(), row["group"].strip(), _split(row["source"])))
    return Reference(tuple(units), tuple(ownerships), tuple(memberships), digest.hexdigest())
